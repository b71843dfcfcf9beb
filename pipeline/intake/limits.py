"""The size limits every read is held to (zip and XML bombs, runaway sheets). Plain data with no
imports of its own: the reader pool takes it to its workers before anything heavy is loaded."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_size: int = 20 * MB
    max_zip_entries: int = 2_000
    max_entry_size: int = 100 * MB  # uncompressed, per entry
    max_total_size: int = 300 * MB  # uncompressed, whole archive
    max_ratio: float = 200.0  # uncompressed / compressed, per entry ...
    ratio_min_size: int = 1 * MB  # ... applied only once an entry has inflated past this
    max_xml_size: int = 100 * MB  # per XML part
    chunk: int = 256 * 1024  # inflate output step
    max_cells: int = 1_000_000  # per sheet, counted from A1 to the last cell holding a value
    max_total_cells: int = 3_000_000  # every sheet of the workbook together


DEFAULT_LIMITS = Limits()
