"""The cell area a spreadsheet parser would allocate, measured on the XML as it inflates.

python-calamine allocates every sheet densely, from A1 to the last cell holding a value: one value at
XFD1048576 is a 550 GB allocation and an abort, and an ODS row repeated a million times with a cell
repeated a hundred times is 99 million cells from a few hundred bytes. The trackers below read the
XML with expat (a real XML parser, fed chunk by chunk, so every spelling of an attribute – quotes,
spaces, case, missing references – is seen as a parser sees it) and follow positions the way the
reader does: a cell with no reference comes after the previous one, a row with no number after the
previous row, repeat attributes multiply. The guard refuses the part before any parser allocates.
DOCTYPE/ENTITY declarations are refused earlier (guards.py), so expat never expands an entity.
Parts spelled the way spreadsheet programs write them get a quicker upper bound read off the bytes
(:class:`QuickSheetBound`); any other spelling is measured by expat.
"""

from __future__ import annotations

import re
from xml.parsers import expat

_REF = re.compile(r"^\s*\$?([A-Za-z]{1,3})\$?(\d+)\s*$")
_ROWNUM = re.compile(r"^\s*(\d+)\s*$")
MAX_REPEAT = 1 << 40  # a repeat count above this is nonsense: treated as this


class GridError(Exception):
    """The part is not readable XML, or a cell reference is not one a reader can place."""


def _local(name: str) -> str:
    local = _LOCAL.get(name)
    if local is None:
        local = name.rsplit(":", 1)[-1].rsplit(" ", 1)[-1]
        if len(_LOCAL) < 4096:  # element names of a part are few; a hostile part cannot grow this
            _LOCAL[name] = local
    return local


_LOCAL: dict[str, str] = {}
_VALUE_TAGS = frozenset(("v", "is", "f"))


def _col_index(letters: str) -> int:
    n = _COLS.get(letters)
    if n is None:
        k = 0
        for ch in letters.upper():
            k = k * 26 + (ord(ch) - 64)
        n = k - 1
        if len(_COLS) < 4096:
            _COLS[letters] = n
    return n


_COLS: dict[str, int] = {}


class _Tracker:
    """Feed XML bytes; ``area`` is the largest dense box (rows × columns from A1) seen so far, ``last``
    the farthest cell (0-based row, column) of that box."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = False
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.max_row = self.max_col = -1
        self.best = 0  # the largest box of one sheet/table
        self.best_last = (0, 0)
        self.total = 0  # the sum of the boxes of all tables (ODS: one part holds every sheet)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as e:
            raise GridError(f"XML: {e}") from None

    def _box(self) -> int:
        return 0 if self.max_row < 0 or self.max_col < 0 else (self.max_row + 1) * (self.max_col + 1)

    def _close_table(self) -> None:
        box = self._box()
        self.total += box
        if box > self.best:
            self.best, self.best_last = box, (self.max_row, self.max_col)
        self.max_row = self.max_col = -1

    @property
    def area(self) -> int:
        return max(self.best, self._box())

    @property
    def dense_total(self) -> int:
        return self.total + self._box()

    @property
    def last(self) -> tuple[int, int]:
        return self.best_last if self.best >= self._box() else (self.max_row, self.max_col)

    def _start(self, name: str, attrs: dict[str, str]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _end(self, name: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class SheetGrid(_Tracker):
    """One ``xl/worksheets/*.xml`` part (SpreadsheetML)."""

    def __init__(self) -> None:
        super().__init__()
        self.row = -1
        self.col = -1
        self.cell: tuple[int, int] | None = None
        self.has_value = False
        self.depth_in_cell = 0

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self.cell is not None:  # inside a cell (the hot path: one call per value)
            if not self.has_value and _local(name) in _VALUE_TAGS:
                self.has_value = True
            return
        tag = _local(name)
        if tag == "row":
            r = attrs.get("r")
            if r is None:
                self.row += 1
            else:
                m = _ROWNUM.match(r)
                if not m:
                    raise GridError(f"số dòng không hợp lệ: {r[:40]!r}")
                self.row = int(m.group(1)) - 1
            self.col = -1
        elif tag == "c":
            ref = attrs.get("r")
            if ref is None:
                r, c = max(self.row, 0), self.col + 1
            else:
                m = _REF.match(ref)
                if not m:
                    raise GridError(f"địa chỉ ô không hợp lệ: {ref[:40]!r}")
                r, c = int(m.group(2)) - 1, _col_index(m.group(1))
            self.col = c
            self.cell = (r, c)
            self.has_value = False

    def _end(self, name: str) -> None:
        if self.cell is not None and _local(name) == "c":
            if self.has_value:
                r, c = self.cell
                if r > self.max_row:
                    self.max_row = r
                if c > self.max_col:
                    self.max_col = c
            self.cell = None


class OdsGrid(_Tracker):
    """``content.xml`` of an OpenDocument spreadsheet: every ``table:table`` is a sheet; rows and cells
    carry ``number-rows-repeated`` / ``number-columns-repeated``."""

    def __init__(self) -> None:
        super().__init__()
        self.row = 0  # index of the next row
        self.col = 0  # index of the next cell in the row
        self.row_rep = 1
        self.row_has_value = False
        self.cell: tuple[int, int] | None = None  # (first column, repeat) of the open cell
        self.cell_value = False

    @staticmethod
    def _repeat(attrs: dict[str, str], key: str) -> int:
        for k, v in attrs.items():
            if _local(k) == key:
                try:
                    n = int(v.strip())
                except ValueError:
                    raise GridError(f"số lặp không hợp lệ: {v[:40]!r}") from None
                return min(max(n, 1), MAX_REPEAT)
        return 1

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if self.cell is not None:
            self.cell_value = True  # any element inside a cell (text:p, …) is content
            return
        if tag == "table":
            self.row = 0
        elif tag == "table-row":
            self.row_rep = self._repeat(attrs, "number-rows-repeated")
            self.row_has_value = False
            self.col = 0
        elif tag in ("table-cell", "covered-table-cell"):
            rep = self._repeat(attrs, "number-columns-repeated")
            self.cell = (self.col, rep)
            self.cell_value = any(_local(k) in ("value-type", "value", "formula") for k in attrs)

    def _end(self, name: str) -> None:
        tag = _local(name)
        if tag in ("table-cell", "covered-table-cell") and self.cell is not None:
            first, rep = self.cell
            if self.cell_value:
                self.max_col = max(self.max_col, first + rep - 1)
                self.row_has_value = True
            self.col = first + rep
            self.cell = None
        elif tag == "table-row":
            if self.row_has_value:
                self.max_row = max(self.max_row, self.row + self.row_rep - 1)
            self.row += self.row_rep
        elif tag == "table":
            self._close_table()


class Inexact(Exception):
    """The quick bound (:class:`QuickSheetBound`) cannot vouch for a part: measure it with
    :class:`SheetGrid` instead."""


# the quick bound reads a part only when it is spelled the way spreadsheet programs write it
_QUICK_MAX = 8 * 1024 * 1024  # bytes of XML held to be scanned at once
# every start tag named c or row (a name is never escaped or split: "<c" then a space, "/" or ">"),
# with its reference when the tag is plain (one r, simple attributes); empty groups when it is not
_C_ANY = re.compile(
    rb'<c(?=[ \t\n\r/>])(?: r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: (?!r=)[A-Za-z]+="[^"<>&]*")*\s*/?>)?'
)
_ROW_ANY = re.compile(rb'<row(?=[ \t\n\r/>])((?: r="[0-9]{1,7}")?(?: (?!r=)[A-Za-z]+="[^"<>&]*")*\s*/?>)?')
# a comment, CDATA section, DOCTYPE, processing instruction, or a prefixed c/row element
_UNUSUAL = re.compile(rb"<(?:[!?]|[^\s/>!?]*:(?:c|row)[\s/>])")
_DECL = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


class QuickSheetBound:
    """An upper bound of what :class:`SheetGrid` would measure, found without a Python call per
    element – for parts spelled the usual way only, else :class:`Inexact` is raised (and the part is
    measured exactly, with expat).

    The part is read as bytes, not parsed. When it is UTF-8 with no comment, CDATA section,
    processing instruction, DOCTYPE or prefixed ``c``/``row`` element, a reader can see a cell start
    only where the bytes say ``<c`` followed by a space, ``/`` or ``>``: every such place is counted.
    When each of them is a plain ``<c r="A1" …>`` tag (one ``r``, simple attributes, no ``<``, ``>``
    or ``&`` in a value), the reader places each cell at that reference, so the box from A1 to the
    farthest reference contains every cell SheetGrid would count (it counts only the cells holding a
    value, at these same references). Text or attribute values that merely look like a tag can only
    make the bound larger. A part that is not well-formed is refused by the reader afterwards."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.area = 0  # unknown while reading: the bound is known at the end
        self.dense_total = 0
        self.last = (0, 0)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.size += len(chunk)
        if self.size > _QUICK_MAX:
            raise Inexact("large part")
        if chunk:
            self.chunks.append(chunk)
        if final:
            xml = self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
            self.chunks = []
            self._bound(xml)

    def _bound(self, xml: bytes) -> None:
        decl = _DECL.match(xml)
        body = xml[decl.end() :] if decl else xml
        if decl:
            enc = _ENCODING.search(decl.group(0))
            if enc and enc.group(1).strip().lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
                raise Inexact("encoding")
        elif xml[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in xml[:4]:
            raise Inexact("encoding")
        if _UNUSUAL.search(body):
            raise Inexact("unusual markup")
        refs = set(_C_ANY.findall(body))  # (column letters, row number) of every cell tag
        if (b"", b"") in refs or b"" in set(_ROW_ANY.findall(body)):
            raise Inexact("unusual cell or row")
        if not refs:
            return
        max_row = max(map(int, {r for _, r in refs})) - 1
        max_col = max(_col_index(c.decode("ascii")) for c in {c for c, _ in refs})
        self.area = self.dense_total = (max_row + 1) * (max_col + 1)
        self.last = (max_row, max_col)
