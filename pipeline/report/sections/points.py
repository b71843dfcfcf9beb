"""The units' texts said as a person would: each shared point once, with how many units made it and
two or three of them; figures summed with what they count; single points as a few examples, the full
list in Phụ lục IV."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.unit_texts import Point, group_points
from pipeline.report.writing import join, so

PHRASES = {
    "y_kien.chung": "noi_dung so_don_vi nhom vi_du",
    "y_kien.so_lieu": "noi_dung so_don_vi nhom tong don_vi_dem vi_du",
    "y_kien.so_lieu_vd": "ten so don_vi_dem",
    "y_kien.mot": "noi_dung don_vi",
    "y_kien.con_lai": "so phu_luc",
    "y_kien.con_lai_ubnd": "so",
    "y_kien.muc": "noi_dung",
}

MAX_SHARED = 6  # shared points said in the body
MAX_SINGLE = 3  # points of a single unit said in the body


def unit_entries(f: Facts, field: str) -> list[tuple[str, str]]:
    """(unit name, text) of every unit that wrote ``field``, by name."""
    by_field = f.__dict__.get("_texts_by_field")
    if by_field is None:  # the texts sorted once per report, not once per section
        by_field = f.__dict__["_texts_by_field"] = {}
        for t in sorted(f.m.texts, key=lambda t: (t.unit_name or f.name(t.unit)).casefold()):
            if t.text.strip():
                by_field.setdefault(t.field, []).append((t.unit_name or f.name(t.unit), t.text))
    return list(by_field.get(field, []))


def points(f: Facts, *fields: str) -> list[Point]:
    """The points of ``fields`` (grouped once per report: the body and Phụ lục IV ask again)."""
    cache = f.__dict__.setdefault("_points", {})
    if fields not in cache:
        cache[fields] = group_points([e for field in fields for e in unit_entries(f, field)])
    return list(cache[fields])


def _codes(f: Facts, names: list[str]) -> list[str]:
    by_name = {f.name(c): c for c in f.m.units}
    return [by_name[n] for n in names if n in by_name]


def said(f: Facts, pts: list[Point], appendix: str = "Phụ lục IV") -> list[str]:
    """Paragraphs for ``pts`` (kết quả nổi bật, khó khăn): shared points with counts and examples."""
    out = []
    shared = [p for p in pts if len(p.units) > 1]
    single = [p for p in pts if len(p.units) == 1]
    for p in shared[:MAX_SHARED]:
        codes = _codes(f, p.units)
        if p.figures:
            top = sorted(p.figures.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            out.append(
                f.say(
                    "y_kien.so_lieu",
                    noi_dung=p.text,
                    so_don_vi=len(p.units),
                    nhom=f.group(codes),
                    tong=so(p.total),
                    don_vi_dem=p.word,
                    vi_du=join(
                        [f.say("y_kien.so_lieu_vd", ten=n, so=so(x), don_vi_dem=p.word) for n, x in top]
                    ),
                )
            )
        else:
            out.append(
                f.say(
                    "y_kien.chung",
                    noi_dung=p.text,
                    so_don_vi=len(p.units),
                    nhom=f.group(codes),
                    vi_du=join(p.units[:3]),
                )
            )
    for p in single[:MAX_SINGLE]:
        out.append(f.say("y_kien.mot", noi_dung=p.text, don_vi=p.units[0]))
    rest = len(shared[MAX_SHARED:]) + len(single[MAX_SINGLE:])
    if rest:
        if f.details:
            out.append(f.say("y_kien.con_lai", so=rest, phu_luc=appendix))
        else:
            out.append(f.say("y_kien.con_lai_ubnd", so=rest))
    return out


def as_own(f: Facts, pts: list[Point], limit: int = 8) -> list[str]:
    """Points said as the issuer's own (proposals, directions): no unit names, the most shared first."""
    return [f.say("y_kien.muc", noi_dung=p.text) for p in pts[:limit]]
