"""The Vietnamese words for the catalog's enumerations (DOMAIN §7) – one place for every writer."""

from __future__ import annotations

from pipeline.catalog.model import Obligation, UnitKind

KIND_LABEL: dict[str, str] = {
    UnitKind.department: "Sở, ban, ngành",
    UnitKind.district: "UBND huyện, thành phố",
    UnitKind.union: "Đoàn thể, tổ chức",
    UnitKind.commune: "UBND xã, phường",
}
OBLIGATION_LABEL: dict[str, str] = {Obligation.obliged: "Bắt buộc", Obligation.requested: "Đề nghị"}
ROLE_LABEL: dict[str, str] = {"lead": "Chủ trì", "co": "Phối hợp", "local": "Thực hiện tại địa phương"}
