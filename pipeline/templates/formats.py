"""Cell formats of the templates: one named style each, locked unless it is an input style.

Number formats are standard codes (``#,##0``, ``#,##0.00``, ``General``): Excel shows the
viewer's own separators (``1.234,5`` on a Vietnamese Windows), DOMAIN §9.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

FONT = "Times New Roman"
INPUT_BG = "#FFFDE8"  # pale yellow: "type here"
HEADER_BG = "#DDEBF7"
NA_BG = "#F2F2F2"  # cells that do not apply
MARK_BG = "#FFC000"  # a cell marked by the pipeline (with a comment)
REQUIRED_BG = "#FCE4D6"  # conditional: a required cell still empty
ERROR_BG = "#FFC7CE"  # conditional: a broken rule (error)
ERROR_FONT = "#9C0006"
WARNING_BG = "#FFEB9C"  # conditional: a broken rule (warning)
WARNING_FONT = "#7F6000"

NUM_FORMAT = {
    "count": "#,##0",
    "ratio_part": "#,##0",
    "amount": "#,##0.00",
    "decimal": "General",
    "date": "dd/mm/yyyy",
    "text": "@",
    "choice": "@",
}

_BASE: dict[str, Any] = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
_BORDER: dict[str, Any] = {"border": 1, "border_color": "#A6A6A6"}

STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"italic": True},
    "plain": {},
    "key": {"font_size": 8, "font_color": "#808080"},
    "header": {**_BORDER, "bold": True, "bg_color": HEADER_BG, "text_wrap": True, "align": "center"},
    "text": {**_BORDER, "text_wrap": True},
    "center": {**_BORDER, "align": "center", "text_wrap": True},
    "code": {**_BORDER, "align": "center", "font_size": 10},
    "group": {**_BORDER, "bold": True, "text_wrap": True, "bg_color": "#EDEDED"},
    "subtext": {**_BORDER, "text_wrap": True, "italic": True, "indent": 1},
    "plan": {**_BORDER, "align": "center", "num_format": "General", "text_wrap": True},
    "pct": {**_BORDER, "num_format": "0.0", "bold": True, "align": "center"},
    "na": {**_BORDER, "bg_color": NA_BG},
    "previous": {**_BORDER, "bg_color": NA_BG, "italic": True, "num_format": "#,##0"},
    "previous_dec": {**_BORDER, "bg_color": NA_BG, "italic": True, "num_format": "#,##0.0#"},
    "previous_pct": {**_BORDER, "bg_color": NA_BG, "italic": True, "num_format": "0.0"},
    "previous_text": {
        **_BORDER,
        "bg_color": NA_BG,
        "italic": True,
        "font_color": "#595959",
        "text_wrap": True,
    },
    "role_ref": {**_BORDER, "text_wrap": True, "italic": True, "font_color": "#7F7F7F"},
    "guide_h": {"bold": True, "font_size": 13, "font_color": "#1F4E78"},
    "guide": {"text_wrap": True, "valign": "top"},
    "legend_input": {**_BORDER, "bg_color": INPUT_BG},
    "legend_required": {**_BORDER, "bg_color": REQUIRED_BG},
    "legend_error": {**_BORDER, "bg_color": ERROR_BG, "font_color": ERROR_FONT},
    "legend_warning": {**_BORDER, "bg_color": WARNING_BG, "font_color": WARNING_FONT},
    "legend_mark": {**_BORDER, "bg_color": MARK_BG},
    "legend_na": {**_BORDER, "bg_color": NA_BG},
}


def input_style(type_: str) -> dict[str, Any]:
    return {
        **_BORDER,
        "bg_color": INPUT_BG,
        "locked": False,
        "num_format": NUM_FORMAT.get(type_, "General"),
        "text_wrap": type_ == "text",
        "align": "left" if type_ in ("text", "choice") else "right",
    }


class Formats:
    """Cached xlsxwriter formats by (style, input type, marked)."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self._cache: dict[tuple[str, str | None, bool], Any] = {}
        self.error = wb.add_format({"bg_color": ERROR_BG, "font_color": ERROR_FONT})
        self.warning = wb.add_format({"bg_color": WARNING_BG, "font_color": WARNING_FONT})
        self.required = wb.add_format({"bg_color": REQUIRED_BG})

    def get(self, style: str, input_type: str | None = None, marked: bool = False):
        key = (style, input_type, marked)
        fmt = self._cache.get(key)
        if fmt is None:
            props = {**_BASE, **(input_style(input_type) if input_type else STYLES[style])}
            if not input_type:
                props["locked"] = True
            if marked:
                props["bg_color"] = MARK_BG
            fmt = self.wb.add_format(props)
            self._cache[key] = fmt
        return fmt

    def rule(self, severity: str):
        return self.error if severity == "error" else self.warning
