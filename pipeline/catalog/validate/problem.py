"""What a catalog check yields (:class:`CatalogProblem`), the check's type, and the walk over a
catalog's items and their years that several checks share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.catalog.model import Catalog, Item, Target


@dataclass(frozen=True)
class CatalogProblem:
    code: str
    severity: str  # "error" | "warning"
    item: str  # the item, unit, section or rule code concerned
    field: str
    message: str

    def line(self, file: str) -> str:
        label = "Lỗi" if self.severity == "error" else "Cảnh báo"
        return f"{label} [{self.code}] {file}: {self.item} › {self.field}: {self.message}"


Check = Callable[[Catalog], Iterator[CatalogProblem]]


def all_items(c: Catalog) -> list[Item]:
    return [*c.documents, *c.targets, *c.programmes]


def item_years(c: Catalog, item: Item) -> list[int]:
    years = item.years or list(c.plan.years)
    return [y for y in years if c.plan.period_start <= y <= c.plan.period_end]


def is_target(item: Item) -> bool:
    return isinstance(item, Target)
