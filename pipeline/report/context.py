"""The template context of the yearly report, written from the run manifest alone.

Every part of the body is a sentence built from the manifest's figures (DOMAIN §8 outline) in
administrative Vietnamese, numbers as ``1.234.567`` / ``85,5%`` and dates per ND 30; the units'
own texts (kết quả nổi bật, khó khăn, kiến nghị, phương hướng) are gathered under their names so
the official edits instead of retyping. :data:`CONTEXT_KEYS` is the contract with the template
(``ptn report lint`` checks an edited template against it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from pipeline.catalog.model import Catalog, ReportVariant, render_text
from pipeline.catalog.query import CatalogView
from pipeline.manifest import VERDICT_LABEL, Manifest, ProvinceTarget
from pipeline.vn import ngay, ngay_thang_nam, pct_vn, so_vn

__all__ = [
    "CONTEXT_KEYS",
    "REQUIRED_KEYS",
    "build_context",
    "format_so",
    "get_variant",
    "nfc_tree",
]

#: every top-level key the context holds (a template may use any of them)
CONTEXT_KEYS: frozenset[str] = frozenset(
    {
        "nam",
        "nam_truoc",
        "co_quan_chu_quan",
        "co_quan_ban_hanh",
        "ten_co_quan_ban_hanh",
        "so",
        "ky_hieu",
        "dia_danh_ngay",
        "ngay_ban_hanh",
        "du_thao",
        "trich_yeu",
        "kinh_gui",
        "than_bai",
        "ket_thuc",
        "noi_nhan",
        "nguoi_ky_chuc_vu",
        "nguoi_ky_ho_ten",
        "kem_theo",
        "pl_muc_tieu",
        "pl_van_ban",
        "pl_chuong_trinh",
        "pl_gui_bao_cao",
        "co_phu_luc_gui_bao_cao",
        "ty_le_gui_bao_cao",
    }
)

#: keys a usable report template must use (the header, the body and the signature)
REQUIRED_KEYS: frozenset[str] = frozenset(
    {"so", "ky_hieu", "dia_danh_ngay", "trich_yeu", "than_bai", "ket_thuc", "noi_nhan", "nguoi_ky_chuc_vu"}
)

LETTERS = "abcdđeghiklmnopqrstuvxy"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
NO_DATA = "Chưa có cơ quan, đơn vị, địa phương nào báo cáo nội dung này."
CQDVDP = "cơ quan, đơn vị, địa phương"


def nfc_tree(obj: Any) -> Any:
    """NFC every string in a nested structure of dicts and lists."""
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, dict):
        return {k: nfc_tree(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [nfc_tree(v) for v in obj]
    return obj


def get_variant(catalog: Catalog, key: str) -> ReportVariant:
    for v in catalog.plan.report_variants:
        if v.key == key:
            return v
    known = ", ".join(v.key for v in catalog.plan.report_variants)
    raise KeyError(f"Không có mẫu báo cáo '{key}' trong danh mục (có: {known}).")


def format_so(so: str | int | None) -> str:
    """``5`` → ``05`` (ND 30: numbers below 10 take a leading 0); blank for a draft."""
    if so is None or str(so).strip() == "":
        return " " * 6
    s = str(so).strip()
    return f"{int(s):02d}" if s.isdigit() else s


# --------------------------------------------------------------------------- small helpers


def _so(x: float | None) -> str:
    if x is None:
        return ""
    return so_vn(x, 0) if float(x).is_integer() else so_vn(x, 2, trim=True)


def _value(x: float | None, uom: str) -> str:
    if x is None:
        return ""
    if uom.strip() == "%":
        return pct_vn(x, 1)
    return _so(x)


def _value_uom(x: float | None, uom: str) -> str:
    s = _value(x, uom)
    if not s or uom.strip() == "%" or not uom:
        return s
    return f"{s} {uom}"


def _join(names: list[str]) -> str:
    """``A, B và C``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def _sentence(text: str) -> str:
    """One line of a unit's text as a clause: collapsed whitespace, no final stop."""
    t = re.sub(r"\s+", " ", text).strip()
    return t.rstrip(" .;")


#: a point said by more units than this names the first ones and "và N cơ quan, … khác"
MAX_NAMES = 4
#: unit-initiated documents named in the body (the full list is Phụ lục II)
MAX_OWN_DOCS = 3
_NUM = re.compile(r"^\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^\d+$")


def split_points(text: str) -> list[str]:
    """A unit's text as points: split on ``;``, on ``.`` ending a sentence and on new lines/bullets."""
    out = []
    for chunk in re.split(r";|\.(?=\s|$)|\n", text):
        t = re.sub(r"\s+", " ", chunk).strip().lstrip("-+•*").strip().rstrip(" .;,:")
        if t:
            out.append(t[0].upper() + t[1:])
    return out


_PUNCT = "“”\"'‘’«»()[],:;.!?…"


def _word(w: str) -> str:
    return unicodedata.normalize("NFC", w).strip(_PUNCT).casefold()


def _names(names: list[str], limit: int = MAX_NAMES) -> str:
    """All the names when few, else ``A, B, C, D và 5 cơ quan, đơn vị, địa phương khác``."""
    if len(names) <= limit + 1:  # "và 1 … khác" would be no shorter than the name
        return _join(names)
    return ", ".join(names[:limit]) + f" và {len(names) - limit} {CQDVDP} khác"


def merge_texts(entries: list[tuple[str, str]], limit: int = MAX_NAMES) -> list[str]:
    """Units' texts as compact paragraphs ``- Tên đơn vị: điểm 1; điểm 2.``.

    Each text is split into points (:func:`split_points`); a point several units made (the same
    words, ignoring case, quotes and punctuation) becomes one paragraph naming all of them, the most
    shared first; a point differing only by its one figure is merged too, each unit's figure in
    brackets after its name (all such units are named). What a unit alone said stays on one line under its name. Units keep
    the order of ``entries``; the result is deterministic.
    """
    order: dict[str, int] = {}
    groups: dict[tuple, dict[str, Any]] = {}
    for name, text in entries:
        order.setdefault(name, len(order))
        for pt in split_points(text):
            raw = pt.split(" ")
            words = [_word(w) for w in raw]
            nums = [i for i, w in enumerate(words) if _NUM.match(w)]
            if len(nums) == 1:  # one figure: units saying the same with another figure merge
                key = ("#", *(w if i != nums[0] else "#" for i, w in enumerate(words) if w))
                idx = nums[0]
            else:
                key = ("=", *(w for w in words if w))
                idx = None
            g = groups.setdefault(key, {"first": (order[name], len(groups)), "members": {}})
            g["members"].setdefault(name, (pt, idx))
    shared = sorted(
        (g for g in groups.values() if len(g["members"]) > 1), key=lambda g: (-len(g["members"]), g["first"])
    )
    alone: dict[str, list[str]] = defaultdict(list)
    for g in sorted((g for g in groups.values() if len(g["members"]) == 1), key=lambda g: g["first"]):
        ((name, (pt, _)),) = g["members"].items()
        alone[name].append(pt)
    lines = []
    for g in shared:
        names = sorted(g["members"], key=order.__getitem__)
        members = g["members"]
        pt, idx = members[names[0]]
        figs = {members[n][0].split(" ")[idx].strip(_PUNCT) for n in names} if idx is not None else set()
        if len(figs) <= 1:
            lines.append(f"- {_names(names, limit)}: {pt}.")
            continue
        # the figure differs: the sentence without it, each unit's figure after its name
        raw = pt.split(" ")
        text = " ".join(raw[:idx] + raw[idx + 1 :])
        shown = [f"{n} ({members[n][0].split(' ')[members[n][1]].strip(_PUNCT)})" for n in names]
        label = _join(shown)  # every unit with its figure: the figures are data
        lines.append(f"- {label}: {text}.")
    for name in sorted(alone, key=order.__getitem__):
        lines.append(f"- {name}: {'; '.join(alone[name])}.")
    return lines


def _full_issuer(v: ReportVariant) -> str:
    name = v.issuer_name
    return f"{name} {v.place}" if name.endswith("tỉnh") else name


class _Body:
    """Numbered body paragraphs: ``I.`` (CAPS, bold), ``1.`` (bold), ``a)`` and paragraphs."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.n1 = 0
        self.n2 = 0
        self.n3 = 0

    def h1(self, title: str) -> None:
        self.items.append({"cap": 1, "noi_dung": f"{ROMAN[self.n1]}. {title.upper()}"})
        self.n1 += 1
        self.n2 = 0

    def h2(self, title: str) -> None:
        self.n2 += 1
        self.n3 = 0
        self.items.append({"cap": 2, "noi_dung": f"{self.n2}. {title}"})

    def h3(self, text: str) -> None:
        self.items.append({"cap": 3, "noi_dung": f"{LETTERS[self.n3]}) {text}"})
        self.n3 += 1

    def p(self, text: str) -> None:
        self.items.append({"cap": 0, "noi_dung": text})

    def texts(self, entries: list[tuple[str, str]], empty: str = NO_DATA) -> None:
        """Units' own texts under their names, compacted by :func:`merge_texts`."""
        if not entries:
            self.p(empty)
            return
        for line in merge_texts(entries):
            self.p(line)


# --------------------------------------------------------------------------- the builder


class _Ctx:
    def __init__(self, m: Manifest, catalog: Catalog, v: ReportVariant):
        self.m = m
        self.c = catalog
        self.v = v
        self.y = m.year
        self.tot = m.totals.by_field
        self.n_units = m.totals.units_by_field
        self.closing = ""

    def name(self, code: str) -> str:
        return self.m.units.get(code, code)

    def unit_texts(self, field: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for t in sorted(self.m.texts, key=lambda t: t.unit_name or self.name(t.unit)):
            if t.field == field and t.text.strip():
                out.append((t.unit_name or self.name(t.unit), t.text))
        return out

    def count_choice(self, field: str, choice: str = "Có") -> int:
        return len(
            {
                r.unit
                for r in self.m.values
                if r.field == field and r.valid and isinstance(r.value, str) and r.value.strip() == choice
            }
        )

    def total(self, field: str) -> float | None:
        return self.tot.get(field)

    def by(self, field: str) -> str:
        n = self.n_units.get(field, 0)
        return f"theo số liệu của {n} {CQDVDP}" if n else ""

    # ----------------------------------------------------------------- reporting

    def reporting(self) -> dict[str, Any]:
        comp = self.m.completeness
        n_exp, n_rec, n_on = len(comp.expected), len(comp.received), len(comp.on_time)
        late = sorted(comp.late, key=lambda lu: (-lu.days_late, self.name(lu.unit)))
        return {
            "n_exp": n_exp,
            "n_rec": n_rec,
            "n_on": n_on,
            "late": [f"{self.name(lu.unit)} ({lu.days_late} ngày)" for lu in late],
            "missing": sorted(self.name(u) for u in comp.missing),
            "not_yet": sorted(self.name(u) for u in comp.not_yet_due),
            "rate": comp.reporting_rate
            if comp.reporting_rate is not None
            else (100.0 * n_rec / n_exp if n_exp else None),
        }

    def reporting_detail_sentence(self) -> str:
        r = self.reporting()
        s = f"Có {r['n_rec']}/{r['n_exp']} {CQDVDP} gửi báo cáo, trong đó {r['n_on']} đúng hạn"
        if r["late"]:
            s += f"; gửi chậm: {_join(r['late'])}"
        if r["missing"]:
            s += f"; chưa gửi: {_join(r['missing'])}"
        if r["not_yet"]:
            s += f"; chưa đến hạn, chưa nhận được: {_join(r['not_yet'])}"
        comp = self.m.completeness
        if comp.requested:
            s += (
                f". Ngoài ra, {len(comp.requested_received)}/{len(comp.requested)} cơ quan, tổ chức "
                "được đề nghị phối hợp đã gửi báo cáo"
            )
        return s + " (chi tiết tại Phụ lục IV)."

    def reporting_short_sentence(self) -> str:
        r = self.reporting()
        rate = f" (đạt {pct_vn(r['rate'])})" if r["rate"] is not None else ""
        not_ok = r["n_exp"] - r["n_on"]
        s = f"Có {r['n_rec']}/{r['n_exp']} {CQDVDP} gửi báo cáo{rate}"
        if not_ok > 0:
            s += f"; còn {not_ok} {CQDVDP} gửi báo cáo chậm hoặc chưa gửi, ảnh hưởng đến việc tổng hợp"
        return s + "."

    # ----------------------------------------------------------------- targets

    def targets(self) -> dict[str, list[ProvinceTarget]]:
        g: dict[str, list[ProvinceTarget]] = defaultdict(list)
        for t in self.m.province:
            g[t.verdict].append(t)
        return g

    def target_phrase(self, t: ProvinceTarget) -> str:
        val = _value_uom(t.value, t.unit_of_measure)
        tgt = _value_uom(t.target, t.unit_of_measure)
        if val and tgt:
            return f"{t.name} (thực hiện {val}, chỉ tiêu {tgt})"
        if tgt:
            return f"{t.name} (chỉ tiêu {tgt}, chưa có số liệu)"
        return t.name

    # ----------------------------------------------------------------- body

    def body(self) -> list[dict[str, Any]]:
        b = _Body()
        v, y = self.v, self.y
        plan = self.c.plan
        issuer = _full_issuer(v)
        # opening
        if v.includes_reporting_details:
            b.p(
                f"Thực hiện Kế hoạch số {plan.number} {ngay_thang_nam(plan.date)} của {plan.issuer} về thực "
                f"hiện Chương trình phát triển thanh niên tỉnh Lạng Sơn giai đoạn {plan.period_start}-"
                f"{plan.period_end}; trên cơ sở báo cáo của các {CQDVDP}, {issuer} báo cáo kết quả thực "
                f"hiện năm {y} như sau:"
            )
        else:
            b.p(
                "Thực hiện Chiến lược phát triển thanh niên Việt Nam giai đoạn 2021-2030 và hướng dẫn của "
                f"Bộ Nội vụ; căn cứ Kế hoạch số {plan.number} {ngay_thang_nam(plan.date)} của {plan.issuer}, "
                f"{issuer} báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm {y} như sau:"
            )

        if v.includes_reporting_details:
            b.p(self.reporting_detail_sentence())

        # I. Đặc điểm tình hình
        b.h1("Đặc điểm tình hình")
        tong = self.total("tn_tong_so")
        if tong:
            s = f"Theo báo cáo của {self.n_units.get('tn_tong_so', 0)} địa phương, trên địa bàn có {_so(tong)} thanh niên (từ đủ 16 đến 30 tuổi)"
            parts = []
            nu = self.total("tn_nu")
            if nu is not None:
                parts.append(f"{_so(nu)} thanh niên nữ (chiếm {pct_vn(100 * nu / tong)})")
            dt_ = self.total("tn_dan_toc_thieu_so")
            if dt_ is not None:
                parts.append(
                    f"{_so(dt_)} thanh niên người dân tộc thiểu số (chiếm {pct_vn(100 * dt_ / tong)})"
                )
            if parts:
                s += ", trong đó " + "; ".join(parts)
            b.p(s + ".")
        else:
            b.p("Các địa phương chưa báo cáo số liệu về thanh niên trên địa bàn.")
        b.p(
            "Thanh niên tỉnh Lạng Sơn cơ bản có tư tưởng chính trị vững vàng, tích cực học tập, lao động, "
            "tham gia phát triển kinh tế - xã hội; tuy nhiên, tỷ lệ thanh niên người dân tộc thiểu số, thanh "
            "niên ở vùng sâu, vùng xa còn cao, điều kiện tiếp cận việc làm, học tập và dịch vụ còn hạn chế."
        )

        # II. Kết quả thực hiện
        b.h1("Kết quả thực hiện")
        self._documents(b)
        self._propaganda(b)
        b.h2("Thực hiện chính sách đối với thanh niên; kết quả nổi bật, mô hình hay")
        b.texts(self.unit_texts("kq_noi_bat"))
        self._targets_section(b)
        self._programmes(b)
        self._dialogue(b)
        self._staff(b)
        self._funding(b)
        self._inspection(b)

        # III. Đánh giá chung
        b.h1("Đánh giá chung")
        g = self.targets()
        b.h2("Ưu điểm")
        n_ok = len(g.get("vuot", [])) + len(g.get("dat", []))
        n_due = n_ok + len(g.get("chua_dat", []))
        b.p(
            f"Các {CQDVDP} đã quan tâm triển khai Chương trình phát triển thanh niên; "
            + (
                f"{n_ok}/{n_due} mục tiêu, chỉ tiêu đến hạn đánh giá đạt hoặc vượt kế hoạch."
                if n_due
                else "việc triển khai cơ bản bảo đảm theo kế hoạch."
            )
        )
        b.h2("Tồn tại, hạn chế")
        if g.get("chua_dat"):
            b.p(
                f"Còn {len(g['chua_dat'])} mục tiêu, chỉ tiêu chưa đạt kế hoạch: "
                + "; ".join(t.name for t in g["chua_dat"])
                + "."
            )
        if not v.includes_reporting_details:
            b.p(self.reporting_short_sentence())
        else:
            r = self.reporting()
            if r["n_on"] < r["n_exp"]:
                b.p(
                    f"Việc gửi báo cáo của một số {CQDVDP} chưa bảo đảm thời hạn theo Kế hoạch "
                    f"(có {r['n_exp'] - r['n_on']}/{r['n_exp']} {CQDVDP} gửi chậm hoặc chưa gửi)."
                )
        kho_khan = self.unit_texts("kho_khan")
        if kho_khan:
            b.p(f"Khó khăn, vướng mắc các {CQDVDP} nêu:")
            b.texts(kho_khan)
        b.h2("Nguyên nhân")
        b.p(
            "Nguồn lực, kinh phí dành cho công tác thanh niên còn hạn chế, chủ yếu lồng ghép; đội ngũ làm "
            "công tác thanh niên phần lớn kiêm nhiệm; công tác phối hợp, theo dõi, tổng hợp số liệu ở một số "
            "nơi chưa thường xuyên."
        )

        # IV. Phương hướng
        b.h1(f"Phương hướng, nhiệm vụ năm {y + 1}")
        b.p(
            f"Tiếp tục triển khai có hiệu quả Chương trình phát triển thanh niên tỉnh Lạng Sơn; tập trung "
            f"thực hiện các mục tiêu, chỉ tiêu chưa đạt; nâng cao chất lượng theo dõi, đánh giá và báo cáo "
            f"định kỳ. Các {CQDVDP} đề ra phương hướng cụ thể như sau:"
        )
        b.texts(self.unit_texts("phuong_huong"))

        # V. Đề xuất, kiến nghị
        b.h1("Đề xuất, kiến nghị")
        b.h2("Đối với Trung ương")
        b.texts(self.unit_texts("kn_trung_uong"), empty="Không có.")
        if v.includes_reporting_details:
            b.h2("Đối với Ủy ban nhân dân tỉnh")
            b.texts(self.unit_texts("kn_ubnd_tinh"), empty="Không có.")
            b.h2("Đối với các sở, ban, ngành")
            b.texts(self.unit_texts("kn_so_nganh"), empty="Không có.")

        # closing
        if v.includes_reporting_details:
            close = (
                f"Trên đây là báo cáo kết quả thực hiện Chương trình phát triển thanh niên tỉnh Lạng Sơn "
                f"năm {y} của {issuer}, kính trình {v.addressee[0]} xem xét, chỉ đạo./."
            )
        else:
            close = (
                f"Trên đây là báo cáo kết quả thực hiện Chương trình phát triển thanh niên tỉnh Lạng Sơn "
                f"năm {y}, {issuer} kính gửi {_join(v.addressee)} tổng hợp, theo dõi./."
            )
        self.closing = close
        return b.items

    def required_documents(self) -> list[tuple[str, str, list[str]]]:
        """Phụ lục I documents applying this year: (code, name, units to issue them).

        The units are the catalog's leads still expected to report, plus any unit that gave a
        status for the document (the manifest alone when the catalog cannot say)."""
        try:
            view = CatalogView(self.c, self.y)
            items = [(d, view.leads(d)) for d in self.c.documents if view.applies(d)]
        except Exception:  # a catalog that does not resolve: what the manifest says
            items = []
        expected = set(self.m.completeness.expected)
        reported: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for d in self.m.documents:
            names.setdefault(d.item, d.name)
            if d.status:
                reported[d.item].add(d.unit)
        known = {d.code for d, _ in items}
        out = []
        for d, leads in items:
            units = {u for u in leads if u in expected} | reported.get(d.code, set())
            if units:
                out.append((d.code, d.name, sorted(units, key=self.name)))
        catalog_codes = {d.code for d in self.c.documents}
        for code in sorted(reported):
            if code not in known and code in catalog_codes:
                out.append((code, names[code], sorted(reported[code], key=self.name)))
        return out

    def _documents(self, b: _Body) -> None:
        b.h2("Công tác lãnh đạo, chỉ đạo, ban hành văn bản")
        docs = self.m.documents
        required = self.required_documents()
        if not docs and not required:
            b.p(NO_DATA)
            return
        by_key = {(d.unit, d.item): d for d in docs}
        req_keys = {(u, code) for code, _, units in required for u in units}
        counted = [d for d in docs if d.status or (d.unit, d.item) in req_keys]
        st = Counter(d.status or "Chưa báo cáo" for d in counted)
        st["Chưa báo cáo"] += sum(1 for k in req_keys if k not in by_key)
        order = ["Đã ban hành", "Lồng ghép", "Đang xây dựng", "Chưa ban hành", "Chưa báo cáo"]
        keys = [k for k in order if st.get(k)] + sorted(k for k in st if k not in order and st[k])
        s = (
            f"Năm {self.y}, các {CQDVDP} đã ban hành {st.get('Đã ban hành', 0)} văn bản triển khai thực hiện "
            "Chương trình"
        )
        rest = [f"{st[k]} văn bản {k.lower()}" for k in keys if k != "Đã ban hành"]
        if rest:
            s += "; " + ", ".join(rest)
        b.p(s + " (chi tiết tại Phụ lục II).")
        for code, name, units in required:
            b.p(self._document_line(code, name, units, by_key))
        self._own_documents(b)

    def _document_line(self, code: str, name: str, units: list[str], by_key: dict) -> str:
        """One Phụ lục I document: how many units issued it and who has not."""
        status = {
            u: (by_key[(u, code)].status if (u, code) in by_key else None) or "Chưa báo cáo" for u in units
        }
        if len(units) == 1:
            u = units[0]
            d = by_key.get((u, code))
            st = status[u]
            if st == "Đã ban hành" and d is not None:
                num = f" số {d.number}" if d.number else ""
                day = f" {ngay_thang_nam(d.date)}" if d.date else ""
                return f"- {name}: {self.name(u)} đã ban hành{num}{day}."
            return f"- {name}: {self.name(u)} {st.lower()}."
        n = len(units)
        done = [u for u in units if status[u] == "Đã ban hành"]
        lg = [u for u in units if status[u] == "Lồng ghép"]
        s = f"- {name}: {len(done)}/{n} {CQDVDP} đã ban hành"
        if lg:
            s += f", {len(lg)} {CQDVDP} lồng ghép trong kế hoạch, văn bản khác"
        groups: dict[str, list[str]] = defaultdict(list)
        for u in units:
            if status[u] not in ("Đã ban hành", "Lồng ghép"):
                groups[status[u]].append(self.name(u))
        order = ["Chưa ban hành", "Đang xây dựng", "Chưa báo cáo"]
        for k in [k for k in order if k in groups] + sorted(k for k in groups if k not in order):
            s += f"; {k.lower()}: {_join(groups[k])}"
        return s + "."

    def _own_documents(self, b: _Body) -> None:
        """Up to :data:`MAX_OWN_DOCS` documents the units issued on their own initiative."""
        catalog_codes = {d.code for d in self.c.documents}
        own: dict[str, list] = defaultdict(list)
        for d in self.m.documents:
            if d.item not in catalog_codes and d.status == "Đã ban hành" and d.name.strip():
                own[" ".join(_word(w) for w in d.name.split())].append(d)
        if not own:
            return
        ranked = sorted(own.values(), key=lambda ds: (-len(ds), ds[0].name))
        parts = []
        for ds in ranked[:MAX_OWN_DOCS]:
            ds = sorted(ds, key=lambda d: self.name(d.unit))
            if len(ds) == 1:
                d = ds[0]
                num = f" số {d.number}" if d.number else ""
                day = f" {ngay_thang_nam(d.date)}" if d.date else ""
                parts.append(f"{d.name}{num}{day} của {self.name(d.unit)}")
            else:
                parts.append(f"{ds[0].name} ({_names([self.name(d.unit) for d in ds])})")
        n_own = sum(len(ds) for ds in own.values())
        b.p(
            f"Ngoài các văn bản theo Kế hoạch, các {CQDVDP} đã chủ động ban hành {n_own} văn bản"
            + (", tiêu biểu: " if len(own) > len(parts) else ", gồm: " if n_own > 1 else ": ")
            + "; ".join(parts)
            + "."
        )

    def _propaganda(self, b: _Body) -> None:
        b.h2("Công tác tuyên truyền, phổ biến")
        cuoc, luot, tin = (self.total(f) for f in ("tt_so_cuoc", "tt_so_luot_nguoi", "tt_so_tin_bai"))
        if cuoc is None and luot is None and tin is None:
            b.p(NO_DATA)
            return
        parts = []
        if cuoc is not None:
            parts.append(f"tổ chức {_so(cuoc)} cuộc tuyên truyền, phổ biến")
        if luot is not None:
            parts.append(f"với {_so(luot)} lượt người tham dự")
        if tin is not None:
            parts.append(f"đăng tải {_so(tin)} tin, bài")
        n = max(self.n_units.get(f, 0) for f in ("tt_so_cuoc", "tt_so_luot_nguoi", "tt_so_tin_bai"))
        b.p(
            f"Theo báo cáo của {n} {CQDVDP}, trong năm đã "
            + ", ".join(parts)
            + " về Luật Thanh niên, Chiến lược và Chương trình phát triển thanh niên."
        )

    def _targets_section(self, b: _Body) -> None:
        b.h2("Kết quả thực hiện các mục tiêu, chỉ tiêu")
        g = self.targets()
        total = len(self.m.province)
        if not total:
            b.p(NO_DATA)
            return
        vuot, dat, chua = g.get("vuot", []), g.get("dat", []), g.get("chua_dat", [])
        due = len(vuot) + len(dat) + len(chua)
        s = f"Trong tổng số {total} mục tiêu, chỉ tiêu theo dõi năm {self.y}"
        if due:
            s += f", có {due} chỉ tiêu đến hạn đánh giá: {len(vuot)} chỉ tiêu vượt, {len(dat)} chỉ tiêu đạt, {len(chua)} chỉ tiêu chưa đạt"
        rest = []
        for k in ("dung_lo_trinh", "cham_lo_trinh", "chua_den_han", "chua_co_chi_tieu", "chua_co_so_lieu"):
            if g.get(k):
                rest.append(f"{len(g[k])} chỉ tiêu {VERDICT_LABEL[k][0].lower()}{VERDICT_LABEL[k][1:]}")
        if rest:
            s += "; " + ", ".join(rest)
        b.p(s + " (chi tiết tại Phụ lục I).")
        if chua:
            b.p("Các chỉ tiêu chưa đạt: " + "; ".join(self.target_phrase(t) for t in chua) + ".")
        if g.get("cham_lo_trinh"):
            b.p(
                "Các chỉ tiêu chậm so với lộ trình: "
                + "; ".join(self.target_phrase(t) for t in g["cham_lo_trinh"])
                + "."
            )
        if g.get("chua_co_so_lieu"):
            b.p(
                "Các chỉ tiêu chưa có số liệu: "
                + "; ".join(f"{t.name} ({self.name(t.lead)} chủ trì)" for t in g["chua_co_so_lieu"])
                + "."
            )

    def _programmes(self, b: _Body) -> None:
        b.h2("Thực hiện các chương trình, đề án, dự án")
        progs = self.m.programmes
        if not progs:
            b.p(NO_DATA)
            return
        items = {p.item for p in progs}
        st = Counter(p.status or "Chưa báo cáo" for p in progs)
        s = (
            f"Các {CQDVDP} báo cáo tình hình thực hiện {len(items)} chương trình, đề án, dự án ({len(progs)} lượt báo cáo: "
            + "; ".join(f"{k.lower()} {n}" for k, n in sorted(st.items()))
            + ")"
        )
        b.p(s + " (chi tiết tại Phụ lục III).")
        planned = sum(p.planned or 0 for p in progs)
        spent = sum(p.spent or 0 for p in progs)
        if planned or spent:
            b.p(
                f"Tổng kinh phí kế hoạch {_so(planned)} triệu đồng, đã thực hiện {_so(spent)} triệu đồng"
                + (f" (đạt {pct_vn(100 * spent / planned)})" if planned else "")
                + "."
            )
        for p in progs:
            if p.result.strip():
                b.p(f"- {p.name} ({self.name(p.unit)}): {_sentence(p.result)}.")

    def _dialogue(self, b: _Body) -> None:
        b.h2("Đối thoại với thanh niên")
        n_dt = self.count_choice("dt_da_to_chuc")
        tn, kn, tl = (self.total(f) for f in ("dt_so_thanh_nien", "dt_so_kien_nghi", "dt_so_da_tra_loi"))
        if not n_dt and tn is None:
            b.p(NO_DATA)
            return
        s = f"Có {n_dt} {CQDVDP} tổ chức đối thoại với thanh niên"
        if tn is not None:
            s += f", với {_so(tn)} thanh niên tham dự"
        if kn is not None:
            s += f"; thanh niên nêu {_so(kn)} ý kiến, kiến nghị"
            if tl is not None:
                s += f", đã trả lời, giải quyết {_so(tl)} ý kiến"
                if kn:
                    s += f" (đạt {pct_vn(100 * tl / kn)})"
        b.p(s + ".")

    def _staff(self, b: _Body) -> None:
        b.h2("Tổ chức bộ máy, đội ngũ, bồi dưỡng")
        ct, kn, bd = (self.total(f) for f in ("dn_chuyen_trach", "dn_kiem_nhiem", "dn_boi_duong"))
        if ct is None and kn is None:
            b.p(NO_DATA)
            return
        s = (
            f"Toàn tỉnh có {_so((ct or 0) + (kn or 0))} công chức làm công tác thanh niên, trong đó "
            f"{_so(ct or 0)} chuyên trách, {_so(kn or 0)} kiêm nhiệm"
        )
        if bd is not None:
            s += f"; trong năm có {_so(bd)} lượt công chức được tập huấn, bồi dưỡng"
        b.p(s + ".")

    def _funding(self, b: _Body) -> None:
        b.h2("Kinh phí thực hiện")
        parts = [
            (self.total("kp_thuong_xuyen"), "ngân sách chi thường xuyên"),
            (self.total("kp_ctmtqg"), "các chương trình mục tiêu quốc gia"),
            (self.total("kp_khac"), "nguồn khác"),
        ]
        have = [(x, k) for x, k in parts if x is not None]
        n_lg = self.count_choice("kp_long_ghep")
        if not have and not n_lg:
            b.p(NO_DATA)
            return
        if have:
            tong = sum(x for x, _ in have)
            b.p(
                f"Tổng kinh phí thực hiện Chương trình năm {self.y} là {_so(tong)} triệu đồng, trong đó: "
                + "; ".join(f"{k} {_so(x)} triệu đồng" for x, k in have)
                + "."
            )
        if n_lg:
            b.p(f"Có {n_lg} {CQDVDP} thực hiện lồng ghép, không tách riêng được kinh phí.")

    def _inspection(self, b: _Body) -> None:
        b.h2("Công tác kiểm tra, thi đua, khen thưởng")
        rows: dict[str, set[str]] = defaultdict(set)
        for r in self.m.values:
            if r.section == "kiem_tra" and r.valid and r.value not in (None, ""):
                rows[r.unit].add(r.item)
        if not rows:
            b.p(NO_DATA)
            return
        total = sum(len(v) for v in rows.values())
        per = [
            f"{self.name(u)} ({len(items)} cuộc)"
            for u, items in sorted(rows.items(), key=lambda kv: self.name(kv[0]))
        ]
        b.p(f"Các {CQDVDP} đã tổ chức {total} cuộc kiểm tra việc thực hiện Chương trình: {_join(per)}.")

    # ----------------------------------------------------------------- appendices

    def pl_muc_tieu(self) -> list[dict[str, str]]:
        rows = []
        for i, t in enumerate(self.m.province, 1):
            uom = t.unit_of_measure
            change = ""
            if t.change is not None:
                sign = "+" if t.change > 0 else ""
                change = f"{sign}{_so(round(t.change, 2)) if uom.strip() != '%' else so_vn(t.change, 1, trim=True)}"
                if uom.strip() == "%":
                    change += " điểm %"
            rows.append(
                {
                    "stt": str(i),
                    "ten": t.name,
                    "dvt": uom,
                    "chi_tieu": _value(t.target, uom),
                    "nam_truoc": _value(t.previous_value, uom),
                    "nam_nay": _value(t.value, uom),
                    "so_sanh": change,
                    "danh_gia": VERDICT_LABEL.get(t.verdict, t.verdict),
                    "chu_tri": self.name(t.lead),
                }
            )
        return rows or [
            _empty_row(
                ["stt", "ten", "dvt", "chi_tieu", "nam_truoc", "nam_nay", "so_sanh", "danh_gia", "chu_tri"]
            )
        ]

    def pl_van_ban(self) -> list[dict[str, str]]:
        """Phụ lục II, grouped: a group row per Phụ lục I document (``nhom`` set, the rest empty) then
        one row per unit (``ten`` empty), and a last group of the units' own documents (``ten`` set)."""
        fields = ["stt", "don_vi", "ten", "so_ky_hieu", "ngay", "tinh_hinh", "ghi_chu"]
        order = {d.code: i for i, d in enumerate(self.c.documents)}
        catalog_names = {d.code: d.name for d in self.c.documents}
        required: dict[str, list] = defaultdict(list)
        own = []
        for d in self.m.documents:
            (required[d.item] if d.item in order else own).append(d)

        def row(i: int, d, ten: str = "") -> dict[str, str]:
            return {
                "nhom": "",
                "stt": str(i),
                "don_vi": self.name(d.unit),
                "ten": ten,
                "so_ky_hieu": d.number,
                "ngay": ngay(d.date),
                "tinh_hinh": d.status or "Chưa báo cáo",
                "ghi_chu": d.note,
            }

        rows = []
        for code in sorted(required, key=order.__getitem__):
            docs = sorted(required[code], key=lambda d: self.name(d.unit))
            name = catalog_names.get(code) or docs[0].name
            rows.append({**dict.fromkeys(fields, ""), "nhom": f"{code} – {name}"})
            rows += [row(i, d) for i, d in enumerate(docs, 1)]
        if own:
            rows.append({**dict.fromkeys(fields, ""), "nhom": "Văn bản khác do cơ quan, đơn vị ban hành"})
            docs = sorted(own, key=lambda d: (self.name(d.unit), d.name))
            rows += [row(i, d, d.name) for i, d in enumerate(docs, 1)]
        return rows or [{**_empty_row(fields), "nhom": ""}]

    def pl_chuong_trinh(self) -> list[dict[str, str]]:
        rows = []
        progs = sorted(self.m.programmes, key=lambda p: (p.item, p.role, self.name(p.unit)))
        for i, p in enumerate(progs, 1):
            rows.append(
                {
                    "stt": str(i),
                    "ten": p.name,
                    "don_vi": self.name(p.unit),
                    "vai_tro": p.role,
                    "tinh_hinh": p.status or "Chưa báo cáo",
                    "ket_qua": p.result,
                    "kp_ke_hoach": _so(p.planned),
                    "kp_da_chi": _so(p.spent),
                }
            )
        return rows or [
            _empty_row(
                ["stt", "ten", "don_vi", "vai_tro", "tinh_hinh", "ket_qua", "kp_ke_hoach", "kp_da_chi"]
            )
        ]

    def pl_gui_bao_cao(self) -> list[dict[str, str]]:
        comp = self.m.completeness
        received: dict[str, dt.datetime | None] = {}
        for e in self.m.inputs:
            if e.unit and e.status == "accepted":
                received[e.unit] = e.received_at
        late = {lu.unit: lu for lu in comp.late}
        rows = []
        for i, u in enumerate(sorted(comp.expected, key=self.name), 1):
            if u in late:
                st = f"Gửi chậm ({late[u].days_late} ngày)"
                day = ngay(late[u].received_at)
            elif u in comp.on_time:
                st, day = "Đúng hạn", ngay(received.get(u))
            elif u in comp.not_yet_due:
                st, day = "Chưa đến hạn", ""
            else:
                st, day = "Chưa gửi báo cáo", ""
            rows.append(
                {"stt": str(i), "don_vi": self.name(u), "ngay_nhan": day, "tinh_hinh": st, "ghi_chu": ""}
            )
        return rows or [_empty_row(["stt", "don_vi", "ngay_nhan", "tinh_hinh", "ghi_chu"])]


def _empty_row(keys: list[str]) -> dict[str, str]:
    row = dict.fromkeys(keys, "")
    row[keys[1]] = "Chưa có số liệu"
    return row


def build_context(
    manifest: Manifest,
    catalog: Catalog,
    variant: str = "so-noi-vu",
    so: str | int | None = None,
    ngay_bh: dt.date | None = None,
) -> dict[str, Any]:
    """The docxtpl context of the report (all strings NFC). No ``so``/``ngay_bh``: a draft."""
    v = get_variant(catalog, variant)
    b = _Ctx(manifest, catalog, v)
    du_thao = so is None or ngay_bh is None
    day = ngay_bh or manifest.as_of
    so_s = format_so(so)
    issuer_lines = [line.strip() for line in v.issuer.split("\n") if line.strip()]
    if len(v.addressee) == 1:
        kinh_gui = [f"Kính gửi: {v.addressee[0]}."]
    else:
        kinh_gui = ["Kính gửi:"] + [
            f"- {a}{'.' if i == len(v.addressee) - 1 else ';'}" for i, a in enumerate(v.addressee)
        ]
    noi_nhan = [f"- {r};" for r in v.recipients] + [f"- Lưu: VT, {v.records_code}."]
    ngay_ngan = ngay_thang_nam(day, blank_day=ngay_bh is None)
    ctx = {
        "nam": str(manifest.year),
        "nam_truoc": str(manifest.previous_year or manifest.year - 1),
        "co_quan_chu_quan": v.governing_body,
        "co_quan_ban_hanh": issuer_lines,
        "ten_co_quan_ban_hanh": _full_issuer(v),
        "so": so_s,
        "ky_hieu": v.symbol,
        "dia_danh_ngay": f"{v.place}, {ngay_ngan}",
        "ngay_ban_hanh": ngay_ngan,
        "du_thao": du_thao,
        "trich_yeu": render_text(v.subject, "subject", year=manifest.year),
        "kinh_gui": kinh_gui,
        "than_bai": b.body(),
        "ket_thuc": b.closing,
        "noi_nhan": noi_nhan,
        "nguoi_ky_chuc_vu": list(v.signer.lines),
        "nguoi_ky_ho_ten": v.signer.name or "Họ và tên người ký",
        "kem_theo": f"Báo cáo số {so_s}/{v.symbol} {ngay_ngan} của {_full_issuer(v)}",
        "pl_muc_tieu": b.pl_muc_tieu(),
        "pl_van_ban": b.pl_van_ban(),
        "pl_chuong_trinh": b.pl_chuong_trinh(),
        "pl_gui_bao_cao": b.pl_gui_bao_cao() if v.includes_reporting_details else [],
        "co_phu_luc_gui_bao_cao": v.includes_reporting_details,
        "ty_le_gui_bao_cao": b.reporting_detail_sentence()
        if v.includes_reporting_details
        else b.reporting_short_sentence(),
    }
    assert set(ctx) == CONTEXT_KEYS
    return nfc_tree(ctx)
