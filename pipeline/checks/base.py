"""What every check sees: the located cells of one submission, and one way to add a finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.catalog.model import Unit
from pipeline.catalog.query import CatalogView
from pipeline.checks.messages import finding
from pipeline.intake.locate import LocatedCell
from pipeline.intake.raw import RawWorkbook
from pipeline.manifest import Finding


@dataclass
class CheckContext:
    file: str
    view: CatalogView
    unit: Unit
    cells: list[LocatedCell]
    raw: RawWorkbook | None = None
    data: bytes | None = None  # the file's bytes (for the sheet XML of input cells)
    parts: dict[str, bytes] | None = None  # its zip entries as the guard inflated them, when kept
    format: str = ""
    loaded: Any = None  # the LoadedCatalog (the template of the unit's form is rebuilt from it)
    findings: list[Finding] = field(default_factory=list)
    empty_form: bool = False  # set by check_unfilled: "missing" checks then stay quiet
    _invalid: set[int] = field(default_factory=set)
    _package: Any = None

    def package(self):
        """The xlsx/xlsm package of :attr:`data`, opened once for every check that reads its XML
        (:class:`pipeline.intake.readers.Package`); None when it is not one, or cannot be opened."""
        if self._package is None:
            self._package = False
            if self.data is not None and self.data.startswith(b"PK") and self.format in ("xlsx", "xlsm", ""):
                import zipfile

                from pipeline.intake.readers import Package

                try:
                    self._package = Package(self.data, self.parts)
                except (zipfile.BadZipFile, KeyError, ValueError, OSError):
                    pass
        return self._package or None

    def add(
        self, code: str, at: LocatedCell | None = None, /, *, invalid: list[LocatedCell] = (), **fmt: Any
    ) -> Finding:
        """Add the finding ``code`` located at ``at``; error findings make ``at`` (and ``invalid``) invalid."""
        loc: dict[str, Any] = {"file": self.file}
        if at is not None:
            loc.update(sheet=at.row.sheet, cell=at.row.cell, item=at.row.item, field=at.row.field)
            fmt.setdefault("label", at.spec.label)
            if at.row.raw:
                loc["value"] = at.row.raw
        loc.update(fmt)
        f = finding(code, **loc)
        self.findings.append(f)
        if f.severity == "error":
            for lc in [at, *invalid]:
                if lc is not None:
                    lc.row.valid = False
        return f

    def numbers(self) -> list[LocatedCell]:
        return [lc for lc in self.cells if isinstance(lc.row.value, float)]
