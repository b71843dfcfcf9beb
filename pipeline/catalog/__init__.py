"""The plan catalog: models, loading, checks and the queries every later stage uses."""

from pipeline.catalog.load import LoadedCatalog, load_catalog
from pipeline.catalog.query import Assignment, CatalogView, Role

__all__ = ["Assignment", "CatalogView", "LoadedCatalog", "Role", "load_catalog"]
