"""What the sample years' generator (``scripts/make_sample_inputs.py``) draws everything with: a fixed
seed, random generators named by what they draw, people's names, texts picked from a pool, report
numbers distinct within a year, and the input cells of a unit's form."""

from __future__ import annotations

import random

from pipeline.templates.build import plan_sheets

SEED = 253

HO = ["Nguyễn", "Hoàng", "Lương", "Nông", "Vi", "Lý", "Hà", "Triệu", "Lăng", "Đinh", "Phùng", "Chu", "Hứa"]
DEM = ["Văn", "Thị", "Thanh", "Minh", "Đức", "Thu", "Hồng", "Quang", "Ngọc"]
TEN = [
    "Hùng",
    "Lan",
    "Tuấn",
    "Hương",
    "Thắng",
    "Mai",
    "Dũng",
    "Hạnh",
    "Cường",
    "Thủy",
    "Long",
    "Phương",
    "Sơn",
]


def rng(*parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in (SEED, *parts)))


def person(r: random.Random) -> str:
    return f"{r.choice(HO)} {r.choice(DEM)} {r.choice(TEN)}"


def pick(r: random.Random, pool: list[str], k: int, **fmt: object) -> str:
    chosen = [s for s in r.sample(pool, k) if s]
    return "; ".join(s.format(**fmt) for s in chosen) + ("." if chosen else "")


def input_keys(loaded, year: int, code: str) -> set[tuple[str, str]]:
    _ctx, sheets = plan_sheets(loaded, year, code)
    return {k for m in sheets for k, rc in m.index.items() if rc in m.cells and not m.cells[rc].locked}


class Numbers:
    """Deterministic report numbers: distinct within a year."""

    def __init__(self, year: int):
        self.used: set[str] = set()
        self.r = rng("numbers", year)

    def take(self, symbol: str, lo: int = 120, hi: int = 480) -> str:
        while True:
            s = f"{self.r.randint(lo, hi)}/{symbol}"
            if s not in self.used:
                self.used.add(s)
                return s
