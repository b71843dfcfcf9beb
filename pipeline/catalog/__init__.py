"""The plan catalog: models, loading, checks and the queries every later stage uses.

The names below are loaded on first use (the command line starts without pydantic)."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Assignment", "CatalogView", "LoadedCatalog", "Role", "load_catalog"]

if TYPE_CHECKING:
    from pipeline.catalog.load import LoadedCatalog, load_catalog
    from pipeline.catalog.query import Assignment, CatalogView, Role


def __getattr__(name: str):
    if name in ("LoadedCatalog", "load_catalog"):
        from pipeline.catalog import load

        return getattr(load, name)
    if name in ("Assignment", "CatalogView", "Role"):
        from pipeline.catalog import query

        return getattr(query, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
