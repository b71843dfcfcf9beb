"""Filling generated forms the way people do (tests, the sample year, the benchmark)."""

from pipeline.forms.filler import ConversionError, FillError, fill_workbook, form_cells, resave, wrap_eml

__all__ = ["ConversionError", "FillError", "fill_workbook", "form_cells", "resave", "wrap_eml"]
