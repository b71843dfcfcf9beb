"""The plan catalog as an Excel workbook the Sở edits (``ptn plan export`` / ``ptn plan import``).

The YAML in ``plans/`` stays the catalog; the workbook is an editing copy, read back through the
catalog's schema and checks (docs/CATALOG.md, «Sửa danh mục bằng bảng tính»).
"""
