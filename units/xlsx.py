"""The cell values of a worksheet, read straight from its XML with expat.

openpyxl's read-only reader builds an element (and, for an inline string, a rich-text object) per
cell before it hands out the value: most of the time of reading a roster. This reader gives the same
values for what roster files hold — numbers, dates (by the workbook's date styles), shared and
inline strings, booleans, errors, plain formulas (as their "=…" text) — and gives up
(`Unsupported`) on anything else (shared or array formulas, phonetic runs, a DTD, unknown cell
types), in which case the caller reads the sheet with openpyxl instead. Workbook-level data (shared
strings, styles, the sheet list) still comes from openpyxl.

Rows come out as openpyxl's `iter_rows(values_only=True, max_col=…)` gives them, except that a row
is only as long as its last cell (openpyxl pads to `max_col`): a missing row is an empty list,
cells right of `max_col` are dropped.
"""

from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN = (NS + t for t in ("row", "c", "v", "f", "is", "t", "r"))
CHUNK = 1 << 16


class Unsupported(Exception):
    """Something this reader does not read as openpyxl would: read the sheet with openpyxl."""


def _column(coordinate: str) -> int:
    letters = coordinate.rstrip("0123456789")
    return column_index_from_string(letters)


class _Cells:
    """expat callbacks collecting finished rows as (row number, values)."""

    def __init__(self, shared, date_formats, timedelta_formats, epoch, max_col):
        self.shared, self.dates, self.timedeltas, self.epoch = shared, date_formats, timedelta_formats, epoch
        self.max_col = max_col
        self.done = []  # rows finished since the last drain
        self.row_number, self.row = 0, None
        self.col = 0
        self.cell = None  # (type, style, column) of the open cell
        self.text = None  # the text being collected (a list), or None
        self.v = self.f = None
        self.inline = None  # the inline string's pieces, when inside <is>
        self.depth_in_is = 0

    def start(self, name, attrs):
        if name == CELL:
            self.open_cell(attrs)
        elif name == ROW:
            r = attrs.get("r")
            self.row_number = int(r) if r else self.row_number + 1
            self.row, self.col = [], 0
        elif self.cell is None:
            return
        elif name == VALUE:
            self.text = []
        elif name == FORMULA:
            if attrs.get("t") not in (None, "normal"):
                raise Unsupported("shared, array or data-table formula")
            self.text = []
        elif name == INLINE:
            self.inline = []
        elif self.inline is not None and name in (TEXT, RUN):
            if name == TEXT:
                self.text = []
        elif self.inline is not None:
            raise Unsupported(name)  # phonetic runs, run properties: openpyxl decides

    def open_cell(self, attrs):
        if self.row is None:
            raise Unsupported("cell outside a row")
        r = attrs.get("r")
        self.col = _column(r) if r else self.col + 1
        style = attrs.get("s")
        self.cell = (attrs.get("t", "n"), int(style) if style else 0, self.col)
        self.v = self.f = self.inline = None

    def chars(self, data):
        if self.text is not None:
            self.text.append(data)

    def end(self, name):
        if name == VALUE and self.cell is not None:
            self.v, self.text = "".join(self.text), None
        elif name == FORMULA and self.cell is not None:
            self.f, self.text = "".join(self.text), None
        elif name == TEXT and self.inline is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif name == CELL:
            self.close_cell()
        elif name == ROW:
            self.done.append((self.row_number, self.row))
            self.row = None

    def close_cell(self):
        kind, style, col = self.cell
        self.cell = None
        value = self.value(kind, style)
        if col <= self.max_col:
            self.row.extend([None] * (col - len(self.row)))
            self.row[col - 1] = value

    def value(self, kind, style):
        if self.f is not None:
            return "=" + self.f
        if kind == "inlineStr":
            return None if self.inline is None else "".join(self.inline)
        v = self.v or None
        if v is None:
            return None
        if kind == "n":
            number = _cast_number(v)
            if style in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.timedeltas)
                except (OverflowError, ValueError):
                    raise Unsupported("a date out of range") from None
            return number
        if kind == "s":
            return self.shared[int(v)]
        if kind == "b":
            return bool(int(v))
        if kind in ("str", "e"):
            return v
        if kind == "d":
            return from_ISO8601(v)
        raise Unsupported(f"cell type {kind}")


def _refuse(*args):
    raise Unsupported("DTD or entity")


def rows(ws, max_col: int):
    """The value rows of a read-only openpyxl worksheet, numbered from 1 without gaps (an empty
    list for a row the file leaves out), as openpyxl's own reader would number them."""
    book = ws.parent
    cells = _Cells(ws._shared_strings, book._date_formats, book._timedelta_formats, book.epoch, max_col)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = cells.start
    parser.EndElementHandler = cells.end
    parser.CharacterDataHandler = cells.chars
    parser.buffer_text = True
    counter = 1
    with ws._get_source() as src:
        while True:
            chunk = src.read(CHUNK)
            parser.Parse(chunk, not chunk)
            for number, values in cells.done:
                while counter < number:  # rows the file leaves out
                    counter += 1
                    yield []
                if counter <= number:
                    counter += 1
                    yield values
            cells.done.clear()
            if not chunk:
                return
