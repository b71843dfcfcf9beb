"""The Phân công sheet: who leads, co-operates on and takes over each Phụ lục item, one row per
(item, role, unit) – the items' ``lead``, ``each_unit_of_kinds``, ``co_agencies`` and ``successors``.
Laid out here and read back here (:func:`read_assignments`)."""

from __future__ import annotations

from typing import Any

from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.model import Catalog, Item, UnitKind
from pipeline.catalog.workbook.book import COL_ITEM, COL_ROLE, FIRST_ROW, ROLE_LIST, Where, XSheet
from pipeline.catalog.workbook.labels import Words
from pipeline.catalog.workbook.mapping import ITEM_TABLES
from pipeline.catalog.workbook.shapes import Column, Kind, columns_of
from pipeline.catalog.workbook.sheet_words import (
    ITEM_CODE_HEADER,
    ROLE_CO,
    ROLE_EACH,
    ROLE_HEADER,
    ROLE_LEAD,
    ROLE_TRANSFER,
    ROLES,
    SHEETS,
)

ASSIGNMENT_KEYS = [COL_ITEM, COL_ROLE, "unit", "successor", "from_date", "note"]
SPARE_ROWS = 60
_UNIT_HINT = (
    "Mã đơn vị (Chủ trì, Phối hợp, đơn vị cũ khi Chuyển giao) hoặc loại đơn vị "
    "(Chủ trì: từng đơn vị thuộc loại, ví dụ «UBND xã, phường»)."
)


def assignment_columns() -> dict[str, Column]:
    from pipeline.catalog.model import Successor

    succ = {c.key: c for c in columns_of(Successor)}
    unit = succ["unit"]
    return {
        COL_ITEM: Column((COL_ITEM,), ITEM_CODE_HEADER, Kind.text, COL_ITEM),
        COL_ROLE: Column((COL_ROLE,), ROLE_HEADER, Kind.enum, COL_ROLE, choices={r: r for r in ROLES}),
        "unit": Column(("unit",), Words(unit.header, _UNIT_HINT, 26), Kind.text, unit.owner),
        "successor": succ["successor"],
        "from_date": succ["from_date"],
        "note": succ["note"],
    }


def assignment_rows(item: Item) -> list[tuple[str, str, str | None, Any, str, tuple]]:
    """(role, unit or kind value, successor, from_date, note, path step) rows of one item."""
    rows: list[tuple[str, str, str | None, Any, str, tuple]] = []
    if item.lead is not None:
        rows.append((ROLE_LEAD, item.lead, None, None, "", ("lead",)))
    rows += [
        (ROLE_EACH, k.value, None, None, "", ("each_unit_of_kinds", j))
        for j, k in enumerate(item.each_unit_of_kinds)
    ]
    rows += [(ROLE_CO, c, None, None, "", ("co_agencies", j)) for j, c in enumerate(item.co_agencies)]
    rows += [(ROLE_TRANSFER, s.unit, s.successor, s.from_date, s.note, ("successors", j))
             for j, s in enumerate(item.successors)]  # fmt: skip
    return rows


def assignments_sheet(lay, catalog: Catalog) -> XSheet:
    from pipeline.catalog.workbook.layout import head

    cols = assignment_columns()
    s = XSheet(SHEETS["assignments"][0], "assignments")
    head(s, "assignments", ASSIGNMENT_KEYS, [cols[k].words for k in ASSIGNMENT_KEYS], lay.origins)
    lay.lists[ROLE_LIST] = list(ROLES)
    r = FIRST_ROW
    for table in ITEM_TABLES:
        for i, item in enumerate(getattr(catalog, table)):
            for role, unit, successor, from_date, note, step in assignment_rows(item):
                shown = KIND_LABEL.get(UnitKind(unit), unit) if role == ROLE_EACH else unit
                s.put(r, 1, item.code, "input", column=cols[COL_ITEM])
                s.put(r, 2, role, "input", column=cols[COL_ROLE], list_name=ROLE_LIST)
                s.put(r, 3, shown, "input", column=cols["unit"])
                values = {"successor": successor, "from_date": from_date, "note": note or None}
                for c, k in ((4, "successor"), (5, "from_date"), (6, "note")):
                    lay.input(s, r, c, cols[k], values[k])
                path = (table, i, *step)
                caption = f"{item.code} › {role}"
                if role == ROLE_TRANSFER:
                    for c, k in ((3, "unit"), (4, "successor"), (5, "from_date"), (6, "note")):
                        lay.origins.put((*path, k), Where(s.name, r, c), f"{caption} › {cols[k].header}")
                    lay.values += [((*path, "unit"), cols["unit"], unit), ((*path, "successor"), cols["unit"], successor),
                                   ((*path, "note"), cols["note"], note)]  # fmt: skip
                else:
                    lay.origins.put(path, Where(s.name, r, 3), caption)
                    if role != ROLE_EACH:
                        lay.values.append((path, cols["unit"], unit))
                r += 1
    for rr in range(r, r + SPARE_ROWS):
        s.put(rr, 1, None, "input", column=cols[COL_ITEM])
        s.put(rr, 2, None, "input", column=cols[COL_ROLE], list_name=ROLE_LIST)
        s.put(rr, 3, None, "input", column=cols["unit"])
        for c, k in ((4, "successor"), (5, "from_date"), (6, "note")):
            lay.input(s, rr, c, cols[k])
    s.input_rows = range(FIRST_ROW, r + SPARE_ROWS)
    s.widths.update({1: 10, 2: 28, 3: 26, 4: 16, 5: 13, 6: 40})
    return s


# --------------------------------------------------------------------------- reading


def read_assignments(rd, items: dict[str, list[dict]]) -> None:
    """Put the rows of the Phân công sheet into ``items`` (table → records), each at its cell."""
    cols = assignment_columns()
    by_code: dict[str, tuple[str, int]] = {}
    for table in ITEM_TABLES:
        for i, d in enumerate(items[table]):
            by_code.setdefault(str(d.get("code", "")), (table, i))
    kind_col = Column(("kind",), cols["unit"].words, Kind.enum, "Item.each_unit_of_kinds",
                      choices={k.value: KIND_LABEL[k] for k in UnitKind})  # fmt: skip
    for r, colmap, row in rd.rows("assignments", [cols[k] for k in ASSIGNMENT_KEYS]):
        sheet = rd.sheets["assignments"][0].name
        at = {k: Where(sheet, r, c) for k, (_, c) in colmap.items()}
        code, role = row.get(COL_ITEM, ""), row.get(COL_ROLE)
        what = f"{code} › {role or ''}"
        if not code:
            rd.problem("CAT-XLSX-PARENT", "dòng phân công chưa có mã mục.", at[COL_ITEM], what)
            continue
        if code not in by_code:
            rd.problem("CAT-XLSX-PARENT", f"không có văn bản, chỉ tiêu hay chương trình mã «{code}» ở các sheet Phụ lục.",
                       at[COL_ITEM], what)  # fmt: skip
            continue
        if role is None:
            rd.problem("CAT-XLSX-VALUE", "chưa chọn vai trò.", at[COL_ROLE], what)
            continue
        table, i = by_code[code]
        d = items[table][i]
        unit = row.get("unit", "")
        if role != ROLE_TRANSFER:
            for k in ("successor", "from_date", "note"):
                if row.get(k) not in (None, "", []):
                    rd.problem(
                        "CAT-XLSX-VALUE", "cột này chỉ dùng cho dòng «Chuyển giao nhiệm vụ».", at[k], what
                    )
        if role == ROLE_LEAD:
            if "lead" in d:
                rd.problem("CAT-LEAD", "mỗi mục chỉ có một đơn vị chủ trì: bỏ dòng thừa, hoặc dùng «Chủ trì: "
                           "từng đơn vị thuộc loại».", at["unit"], what)  # fmt: skip
                continue
            d["lead"] = unit
            rd.origins.put((table, i, "lead"), at["unit"], what)
        elif role == ROLE_EACH:
            has, kind = rd.decode(kind_col, unit, at["unit"], what) if unit else (False, None)
            if not unit:
                rd.problem("CAT-XLSX-VALUE", "ghi loại đơn vị (ví dụ «UBND xã, phường»).", at["unit"], what)
            if has:
                lst = d.setdefault("each_unit_of_kinds", [])
                rd.origins.put((table, i, "each_unit_of_kinds", len(lst)), at["unit"], what)
                lst.append(kind)
        elif role == ROLE_CO:
            lst = d.setdefault("co_agencies", [])
            rd.origins.put((table, i, "co_agencies", len(lst)), at["unit"], what)
            lst.append(unit)
        else:
            lst = d.setdefault("successors", [])
            j = len(lst)
            s = {k: row[k] for k in ("unit", "successor", "from_date", "note") if row.get(k) is not None}
            for k in ("unit", "successor", "from_date", "note"):
                rd.origins.put((table, i, "successors", j, k), at[k], what)
            lst.append(s)
