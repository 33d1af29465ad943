"""A table held column by column, and a plainly written CSV file read straight into one.

`csvtable.read_table` reads any file a council keeps, one `csv` row at a time, which on a
national map (180,000 rows) is most of the load. Most files are plainly written: UTF-8 (with
or without Excel's byte-order mark), commas, no double quotes, no lone CR, a header on line 1
that `csvtable` accepts, the same number of cells on every line and no cell near `MAX_CELL`.
For such a file, row i is physical line i + 2 and a row is its line split at the commas, so
`plain_columns` splits the whole text with str methods (C speed, no import: pandas takes half a
second to import and pyarrow.csv 0.15 s, more than the split itself) and gives the very rows
`read_table` would: a row that needs a cell trimmed or a formula guard taken off, or is blank,
is put right or dropped exactly as `read_table` does. Any other file gives None, and the
caller reads it with `read_table`, which says what is wrong.

A `Columns` is also made from any `Table` (`columns_of`: a workbook's sheet, a file that is not
plain), so services and links are checked the same way whatever they came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

from journeymap.problems import Problems
from journeymap.read.cells import SPACES
from journeymap.read.csvtable import MAX_CELL, Row, Table, _header
from journeymap.read.spreadsheet import unguard

__all__ = ["Columns", "columns_of", "plain_columns"]

#: The spaces `str.strip` takes off a cell, but the newline that ends a line; ASCII first.
_SPACES = tuple(SPACES.replace("\n", ""))
_ASCII_SPACES = tuple(c for c in _SPACES if c.isascii())


@dataclass(frozen=True)
class Columns:
    """One file's rows held column by column: `cells[name][i]` is row i's cell of `name`,
    on line `lines[i]`. The same rows, lines and cells as the file's `Table`."""

    file: str
    header: tuple[str, ...]
    lines: Sequence[int]
    cells: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> list[str]:
        """The cells of column `name` (not to be changed); blanks when the file has no such
        column."""
        found = self.cells.get(name)
        return found if found is not None else [""] * len(self.lines)

    def row(self, i: int) -> Row:
        """Row i as `read_table` gives it (its line, and its cells by column name)."""
        return Row(self.lines[i], {name: self.cells[name][i] for name in self.header})

    def table(self) -> Table:
        """The rows as a `Table`, for the row-by-row reader. Cost: a dict per row."""
        return Table(self.file, self.header, [self.row(i) for i in range(len(self.lines))])


def columns_of(table: Table) -> Columns:
    """The rows of `table` held column by column. Cost: one pass over the cells."""
    lines = [row.line for row in table.rows]
    cells = {name: [row.cells[name] for row in table.rows] for name in table.header}
    return Columns(table.file, table.header, lines, cells)


def plain_columns(
    data: bytes, file: str, *, required: Iterable[str], optional: Iterable[str] = ()
) -> Columns | None:
    """The rows of a plainly written CSV file (see the module), column by column, exactly as
    `read_table` reads them; None when the file is not plainly written (then `read_table`
    must read it, and tell its problems). Records no problem. Cost: a few passes of str
    methods over the text; a Python step only for rows to trim or blank."""
    text = _plain_text(data)
    if text is None:
        return None
    head, _, body = text.partition("\n")
    header = _plain_header(head, file, required, optional)
    if header is None:
        return None
    width = len(header)
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline that ends the last row
    commas = list(map(str.count, lines, repeat(",")))
    # An empty line, or one of commas only, is a blank row: read_table leaves it out.
    empty = lines.count("") if width > 1 else 0
    blank = empty + lines.count("," * (width - 1))
    if commas.count(width - 1) != len(lines) - empty or (
        len(text) > MAX_CELL and max(map(len, lines)) > MAX_CELL
    ):
        return None  # a row of the wrong width, or a cell that may be too long: read_table
    if blank or _untidy(body):
        return _tidied(file, header, lines)
    rows = len(lines)
    del lines, commas  # their memory is reused for the cells (fewer pages to fault in)
    cells = body.replace("\n", ",").split(",")
    if len(cells) != width * rows:  # (the newline ending the file gave one more)
        cells.pop()
    return Columns(
        file,
        header,
        range(2, rows + 2),
        {name: cells[j::width] for j, name in enumerate(header)},
    )


def _plain_text(data: bytes) -> str | None:
    """The text of a file that decodes as UTF-8 and holds no NUL, no double quote and no CR
    but in CRLF (made LF: the same rows); else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data or b'"' in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    return text if text.strip() else None


def _plain_header(
    head: str, file: str, required: Iterable[str], optional: Iterable[str]
) -> tuple[str, ...] | None:
    """The header of line 1 as `read_table` names it, or None when line 1 is blank, is not
    separated by commas, or has a problem (`read_table` then reads the file and tells it)."""
    cells = [unguard(c).strip() for c in map(str.strip, head.split(","))]
    if "," not in head or not any(cells):
        return None
    return _header(cells, file, 1, Problems(), required, optional)


def _untidy(body: str) -> bool:
    """True when some cell of `body` may need trimming or a formula guard taken off: a space
    of any kind beside a comma or a line's end, or a `'` starting a cell. Cost: a few fast
    substring searches (the characters absent from the text are ruled out first)."""
    if body.startswith(("'", *_SPACES)) or body.endswith(_SPACES) or ",'" in body:
        return True
    if "\n'" in body:
        return True
    for space in _ASCII_SPACES if body.isascii() else _SPACES:
        if space in body and any(
            pair in body for pair in (space + ",", "," + space, space + "\n", "\n" + space)
        ):
            return True
    return False


def _tidied(file: str, header: tuple[str, ...], lines: list[str]) -> Columns | None:
    """The rows of `lines` as `read_table` makes them: each cell trimmed, a formula guard
    taken off (then trimmed again), blank rows left out. Cost: a Python step per row."""
    numbers: list[int] = []
    rows: list[list[str]] = []
    for number, line in enumerate(lines, start=2):
        cells = list(map(str.strip, line.split(",")))
        if "'" in line:
            cells = [unguard(c).strip() if c.startswith("'") else c for c in cells]
        if any(cells):
            numbers.append(number)
            rows.append(cells)
    columns = list(map(list, zip(*rows, strict=True))) if rows else [[] for _ in header]
    return Columns(file, header, numbers, dict(zip(header, columns, strict=True)))
