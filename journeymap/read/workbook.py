"""An Excel workbook (`.xlsx`) as another source of the map's tables, read safely.

Commissioners keep their service maps in Excel. A workbook with a sheet per table, named like
the files (`Services`, `links`, `Journeys `: case and spacing aside), or a book named like one
file (`services.xlsx`), gives the same tables a folder of CSV files would; each sheet becomes a
`Sheet` of (row number, cell texts), and `sheet_table` turns it into the very `Table` that
`csvtable.read_table` makes of a CSV file, so every rule and message of the data contract holds,
and only the place changes: `BOOK.xlsx[services]:ROW`.

Cells are read as the text she sees in Excel: a whole number typed as a number is `3`, not
`3.0`; a number formatted with two decimals is `0.10`; a date is written in the format of its
cell (Excel's default short date as a UK date, `01/03/2024`). A formula is read by the value
Excel saved with the book, with a warning (journeymap never recalculates).

A workbook is a zip of XML files, from people journeymap cannot vouch for, so it is opened
like an uploaded zip (`zips`): members counted before anything is read, sizes counted while
unpacking, and a book that links to other files, holds too many members, unpacks too large or
has too many rows is refused with one sentence. The reader is openpyxl in read-only mode (it
streams rows, never builds the whole book in memory, and reads each cell's number format,
which the text she sees needs); defusedxml guards its XML parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

from journeymap.problems import Problems
from journeymap.read.csvtable import MAX_CELL, Row, Table, _header
from journeymap.read.excel_text import cell_text
from journeymap.resources import ALL_MAP_FILES

if TYPE_CHECKING:
    import zipfile

__all__ = [
    "BOOK_SUFFIXES",
    "MAX_BOOK_BYTES",
    "MAX_BOOK_MEMBERS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Sheet",
    "cell_text",
    "is_book",
    "read_book",
    "sheet_table",
    "workbook_tables",
]

#: The file endings read as a workbook.
BOOK_SUFFIXES = (".xlsx", ".xlsm")
#: An xlsx holds a few dozen members (sheets, styles, relations); thousands is a crafted file.
MAX_BOOK_MEMBERS = 2_000
#: Unpacked size of the whole book. A national map of 45,000 services is about 40 MB as xlsx XML.
MAX_BOOK_BYTES = 256 * 1024 * 1024
#: Rows of one sheet: Excel's own limit is 1,048,576.
MAX_ROWS = 1_048_576
#: Columns read of one sheet: a map table has about fifteen, and a few extra of her own.
MAX_COLUMNS = 200
#: Cells of one sheet, empty ones openpyxl makes within a row included: a national map's
#: links are about 300,000 rows of 6 to 10.
MAX_CELLS = 40_000_000
#: What each map file's sheet is called once case, spacing and `.csv` are put aside.
TABLE_OF_SHEET = {name.removesuffix(".csv"): name for name in ALL_MAP_FILES}

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Sheet:
    """One sheet read as text: its label for messages (`BOOK.xlsx[services]`) and its
    non-blank rows as (row number as Excel shows it, the cells' texts)."""

    file: str
    rows: list[tuple[int, list[str]]]


def is_book(name: str) -> bool:
    """Whether a file of this name is read as a workbook."""
    return name.lower().endswith(BOOK_SUFFIXES)


def _sheet_key(title: str) -> str:
    """'Services ', 'LINKS', 'services.csv', 'Journey s' → 'services', 'links', …"""
    key = "".join(title.casefold().split()).replace("_", "")
    return key.removesuffix(".csv")


def workbook_tables(
    files: Mapping[str, bytes], folder: str, problems: Problems
) -> dict[str, Sheet | None]:
    """The map tables that the workbooks among `files` hold, by map file name.

    A book named like a map file (`services.xlsx`) gives that table (its sheet of that name,
    else its first sheet); any other book gives each sheet named like a map file. A table
    given twice (a CSV and a sheet, or two sheets) is an error. A required table no book or
    CSV gives is recorded as None, its error already told. Cost: linear in the books' size.
    """
    books = [name for name in files if is_book(name)]
    tables: dict[str, Sheet | None] = {}
    if not books:
        return tables
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    refused = False
    for name in sorted(books):
        label = prefix + name
        stem = _sheet_key(name.rsplit(".", 1)[0])
        if stem not in TABLE_OF_SHEET and "services.csv" in files:
            problems.warn(
                label, 1, "this workbook is not read: the folder's map is its services.csv"
            )
            continue
        sheets = read_book(files[name], label, problems)
        if sheets is None:
            refused = True  # told once, for the book: no table of it is missing as well
            continue
        if stem in TABLE_OF_SHEET:
            chosen = [s for s in sheets if _sheet_key(s[0]) == stem] or sheets[:1]
            found = [(TABLE_OF_SHEET[stem], chosen[0][1])] if chosen else []
        else:
            found = []
            for title, sheet in sheets:
                key = _sheet_key(title)
                if key in TABLE_OF_SHEET:
                    found.append((TABLE_OF_SHEET[key], sheet))
                else:
                    problems.warn(
                        sheet.file,
                        1,
                        f"sheet '{title}' is not read: a map's sheets are named "
                        + ", ".join(TABLE_OF_SHEET),
                    )
        for table, sheet in found:
            earlier = tables.get(table)
            if table in files or earlier is not None:
                where = earlier.file if earlier is not None else prefix + table
                problems.error(
                    sheet.file, 1, f"{table} is given twice (also as {where}); keep one of them"
                )
            else:
                tables[table] = sheet
    for required in ALL_MAP_FILES[:2]:
        if required not in tables and required not in files and refused:
            tables[required] = None
        elif required not in tables and required not in files:
            stem = required.removesuffix(".csv")
            names = ", ".join(prefix + b for b in sorted(books))
            problems.error(
                names,
                1,
                f"no sheet is named '{stem}'; a map workbook needs sheets named services and "
                "links (or services.csv and links.csv beside it)",
            )
            tables[required] = None
    return tables


def read_book(data: bytes, label: str, problems: Problems) -> list[tuple[str, Sheet]] | None:
    """Every sheet of the book as (its title, the `Sheet`), or None when the book is refused
    (the reason recorded against `label`). Cost: unpacks the book twice when it holds
    formulas (once for the saved values, once to know which cells are formulas)."""
    xml = _safe_members(data, label, problems)
    if xml is None:
        return None
    try:
        import openpyxl
    except ImportError:  # a declared dependency, so only a broken install lands here
        problems.error(label, 1, "reading .xlsx needs the openpyxl package: pip install openpyxl")
        return None
    has_formulas = any(_FORMULA.search(content) for content in xml.values())
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
        formulas = (
            openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=False)
            if has_formulas
            else None
        )
    except Exception as exc:  # openpyxl raises many kinds on a damaged book; none may escape
        problems.error(label, 1, f"cannot be read as a workbook ({type(exc).__name__}); {_SAVE}")
        return None
    sheets: list[tuple[str, Sheet]] = []
    try:
        for ws in book.worksheets:
            file = f"{label}[{ws.title}]"
            source = formulas[ws.title] if formulas is not None else None
            rows = _sheet_rows(ws, source, file, problems)
            if rows is None:
                return None
            sheets.append((ws.title, Sheet(file, rows)))
    except Exception as exc:
        problems.error(label, 1, f"cannot be read as a workbook ({type(exc).__name__}); {_SAVE}")
        return None
    finally:
        book.close()
        if formulas is not None:
            formulas.close()
    if not sheets:
        problems.error(label, 1, "the workbook has no sheets")
        return None
    return sheets


_SAVE = "open it in Excel and save it again as 'Excel Workbook (.xlsx)'"


def _safe_members(data: bytes, label: str, problems: Problems) -> dict[str, bytes] | None:
    """The book's members unpacked within the limits, or None (the reason recorded)."""
    # Imported here: a map of CSV files never pays for the zip modules.
    from journeymap.read.zips import (
        NotAZip,
        TooBig,
        TooManyMembers,
        ZipRefused,
        open_zip,
        read_members,
    )

    if data.startswith(_OLE_MAGIC):
        problems.error(
            label,
            1,
            "this is an old .xls workbook or a password-protected one; save it as "
            "'Excel Workbook (.xlsx)' without a password",
        )
        return None
    try:
        archive = open_zip(data, max_members=MAX_BOOK_MEMBERS)
    except NotAZip:
        problems.error(label, 1, f"this is not an .xlsx workbook, or it is damaged; {_SAVE}")
        return None
    except TooManyMembers as exc:
        problems.error(label, 1, f"the workbook is refused: {exc} (a crafted file)")
        return None
    with archive:
        names = [i.filename for i in archive.infolist()]
        if any(n.lower().startswith("xl/externallinks/") for n in names):
            problems.error(
                label,
                1,
                "the workbook links to other workbooks (external links), which journeymap does "
                "not follow; in Excel use Data > Edit Links > Break Link, then save a copy",
            )
            return None
        wanted: Iterable[zipfile.ZipInfo] = [i for i in archive.infolist() if not i.is_dir()]
        try:
            return {
                i.filename: c for i, c in read_members(archive, wanted, max_total=MAX_BOOK_BYTES)
            }
        except TooBig:
            problems.error(
                label,
                1,
                f"the workbook unpacks to more than {MAX_BOOK_BYTES // (1024 * 1024)} MB; "
                "refused (a crafted file, or save the map as CSV files)",
            )
        except ZipRefused as exc:
            problems.error(label, 1, f"the workbook is refused: {exc}")
    return None


def _sheet_rows(
    ws: Any, formulas: Any, file: str, problems: Problems
) -> list[tuple[int, list[str]]] | None:
    """The sheet's non-blank rows as text; a formula cell is read by its saved value, with a
    warning; None when the sheet has more rows or cells than a map can (a crafted file).

    The sizes a sheet claims for itself are dropped first (`reset_dimensions`), so each row
    is only as wide as its own cells and a gap of empty rows costs next to nothing; the cells
    openpyxl makes are counted, so a row stretched to the last column cannot get far."""
    ws.reset_dimensions()
    if formulas is not None:
        formulas.reset_dimensions()
    rows: list[tuple[int, list[str]]] = []
    source = formulas.iter_rows() if formulas is not None else None
    wide = False
    cells_seen = 0
    for number, whole in enumerate(ws.iter_rows(), start=1):
        raw = next(source, ()) if source is not None else ()
        cells_seen += len(whole)
        if number > MAX_ROWS or cells_seen > MAX_CELLS:
            what = f"{MAX_ROWS:,} rows" if number > MAX_ROWS else f"{MAX_CELLS:,} cells"
            problems.error(file, number, f"the sheet has more than {what}; refused")
            return None
        if not whole:
            continue
        cells = whole[:MAX_COLUMNS]
        texts = [cell_text(c.value, getattr(c, "number_format", None)) for c in cells]
        for i, c in enumerate(raw[:MAX_COLUMNS]):
            if getattr(c, "data_type", "") == "f":
                _formula_warning(
                    file, number, c.value, texts[i] if i < len(texts) else "", problems
                )
        for i, c in enumerate(cells):
            if getattr(c, "data_type", "") == "e":
                problems.warn(
                    file, number, f"cell {i + 1} shows an Excel error ({c.value}); it is read as is"
                )
        if len(whole) > MAX_COLUMNS and any(c.value is not None for c in whole[MAX_COLUMNS:]):
            wide = True
        while texts and not texts[-1]:
            texts.pop()
        if any(texts):
            rows.append((number, texts))
    if wide:
        problems.warn(file, 1, f"only the first {MAX_COLUMNS} columns are read")
    return rows


def _formula_warning(file: str, row: int, formula: object, value: str, problems: Problems) -> None:
    if value:
        problems.warn(
            file,
            row,
            f"a cell holds the formula {formula}; its saved value '{value}' is read "
            "(journeymap does not recalculate)",
        )
    else:
        problems.warn(
            file,
            row,
            f"a cell holds the formula {formula} with no saved value, so it is read as blank; "
            "open the book in Excel and save it to keep the value",
        )


def sheet_table(
    sheet: Sheet | None,
    problems: Problems,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
) -> Table | None:
    """The sheet as the `Table` a CSV file of it would give: the first non-blank row is the
    header, checked as `csvtable` checks one, and each row after it is checked for shape the
    same way. None when the sheet has no usable header (the reason in `problems`)."""
    if sheet is None:
        return None
    required, optional = list(required), list(optional)
    if not sheet.rows:
        need = ",".join(required)
        problems.error(sheet.file, 1, f"the sheet is empty; it needs a header row such as {need}")
        return None
    first, cells = sheet.rows[0]
    header = _header(cells, sheet.file, first, problems, required, optional)
    if header is None:
        return None
    rows = []
    width = len(header)
    for number, texts in sheet.rows[1:]:
        if len(texts) > width:
            problems.error(
                sheet.file,
                number,
                f"this row has a value in column {len(texts)}, which has no header; "
                "give the column a name in the first row, or clear the cell",
            )
            continue
        by_name = dict(zip(header, texts + [""] * (width - len(texts)), strict=True))
        long = [name for name, value in by_name.items() if len(value) > MAX_CELL]
        if long:
            problems.error(
                sheet.file,
                number,
                f"the '{long[0]}' cell is too long ({len(by_name[long[0]]):,} characters)",
            )
            continue
        rows.append(Row(number, by_name))
    return Table(sheet.file, header, rows)
