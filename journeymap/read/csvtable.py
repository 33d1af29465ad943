"""Reading the CSV files councils actually keep, with every problem tied to FILE:LINE.

Spreadsheets arrive as UTF-8 with or without Excel's byte-order mark, as Windows-1252 from
"CSV (Comma delimited)", with odd header case, stray spaces, trailing empty columns and blank
rows. This module copes with all of that once, so the per-file parsers in `load.py` only see
clean rows, and it never raises: every difficulty becomes a `Problem`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from journeymap.problems import Problems
from journeymap.read.spreadsheet import unguard
from journeymap.vocab import normalise_token, suggest

__all__ = ["MAX_CELL", "Row", "Table", "decode", "read_table"]


#: A larger cell than this is junk, not a description. The csv module may read larger cells
#: (its limit is raised) so that one huge cell is reported on its own line, not as a broken file.
MAX_CELL = 131_072
csv.field_size_limit(64 * MAX_CELL)


class Row(NamedTuple):
    """One data row: its line in the file (as an editor counts) and its cells by column name.

    A named tuple rather than a dataclass: a national map has hundreds of thousands of rows,
    and a tuple is made several times faster.
    """

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """One file read as a table: its name for messages, its normalised header, its rows."""

    file: str
    header: tuple[str, ...]
    rows: list[Row]


def decode(data: bytes, file: str, problems: Problems) -> str | None:
    """Bytes to text: UTF-8 (BOM or not), else Windows-1252 with a warning, else an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(
            file, 1, "the file is saved as UTF-16 ('Unicode Text'); save it as 'CSV UTF-8'"
        )
        return None
    if b"\x00" in data:
        problems.error(file, 1, "this is not a text file (it holds binary data); save as CSV")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        problems.error(file, 1, "this is not a text file in UTF-8 or Windows-1252; save as CSV")
        return None
    problems.warn(
        file, 1, "read as Windows-1252, not UTF-8 (Excel's 'CSV UTF-8' avoids this); check accents"
    )
    return text


def _delimiter(first_line: str, file: str, problems: Problems) -> str | None:
    if "," in first_line or ("\t" not in first_line and ";" not in first_line):
        return ","
    if "\t" in first_line:
        problems.warn(file, 1, "columns are separated by tabs, not commas; read as tab-separated")
        return "\t"
    problems.error(
        file,
        1,
        "columns are separated by ';' not ','; save the sheet as 'CSV UTF-8 (Comma delimited)'",
    )
    return None


def read_table(
    data: bytes,
    file: str,
    problems: Problems,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
) -> Table | None:
    """Parse one CSV file's bytes into rows keyed by normalised header names.

    Returns None when the file cannot be read as a table at all (the reason is in `problems`).
    Rows with problems of shape are reported and left out; cell values are checked later.
    Cost: one pass over the text.
    """
    text = decode(data, file, problems)
    if text is None:
        return None
    if not text.strip():
        need = ",".join(required)
        problems.error(file, 1, f"the file is empty; it needs a header row such as {need}")
        return None
    delimiter = _delimiter(text.lstrip("\r\n").split("\n", 1)[0], file, problems)
    if delimiter is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    header: tuple[str, ...] | None = None
    width = 0
    next_line = 1
    # Only a file with a ' in it can have a cell with a formula guard to take off; and no cell
    # of a file shorter than MAX_CELL can be too long (both asked once, not on every row).
    guards, short = "'" in text, len(text) <= MAX_CELL
    try:
        for raw in reader:
            line, next_line = next_line, reader.line_num + 1
            cells = list(map(str.strip, raw))
            if guards and "'" in "".join(cells):
                # A guard may protect a leading tab or CR: cells are trimmed after it comes off.
                cells = [unguard(c).strip() if c.startswith("'") else c for c in cells]
            if not any(cells):
                continue
            if header is None:
                header = _header(cells, file, line, problems, required, optional)
                if header is None:
                    return None
                width = len(header)
                continue
            if len(cells) == width and (short or max(map(len, cells)) <= MAX_CELL):
                rows.append(Row(line, dict(zip(header, cells, strict=True))))  # the usual row
                continue
            row = _row(header, cells, file, line, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        problems.error(
            file, next_line, f"the CSV cannot be read here ({exc}); check for stray quotes"
        )
        return None
    if header is None:
        problems.error(file, 1, "the file has no header row")
        return None
    return Table(file, header, rows)


def _header(
    cells: list[str],
    file: str,
    line: int,
    problems: Problems,
    required: Iterable[str],
    optional: Iterable[str],
) -> tuple[str, ...] | None:
    names = [normalise_token(c) for c in cells]
    # Excel often leaves empty columns after the last one; name them so their cells are kept.
    names = [n or f"column_{i + 1}" for i, n in enumerate(names)]
    seen: set[str] = set()
    ok = True
    for name in names:
        if name in seen:
            problems.error(file, line, f"column '{name}' appears twice in the header")
            ok = False
        seen.add(name)
    known = [*required, *optional]
    for col in required:
        if col not in seen:
            unknown = [n for n in names if n not in known]
            hint = suggest(col, unknown) if unknown else None
            fix = f" (is '{hint}' meant to be '{col}'? rename it)" if hint else ""
            problems.error(file, line, f"required column '{col}' is missing{fix}")
            ok = False
    return tuple(names) if ok else None


def _row(
    header: tuple[str, ...], cells: list[str], file: str, line: int, problems: Problems
) -> Row | None:
    if len(cells) == len(header) and max(map(len, cells)) <= MAX_CELL:
        return Row(line, dict(zip(header, cells, strict=True)))  # the usual row, checked fast
    if len(cells) > len(header):
        extra = cells[len(header) :]
        if any(extra):
            problems.error(
                file,
                line,
                f"this row has {len(cells)} cells but the header has {len(header)}; "
                "a comma inside a cell needs the cell in double quotes",
            )
            return None
        cells = cells[: len(header)]
    elif len(cells) < len(header) and any("\n" in c for c in cells):
        problems.error(
            file,
            line,
            "a double quote opened on this line is never closed, so the rows after it run "
            'together; check for a stray "',
        )
        return None
    elif len(cells) < len(header):
        problems.warn(
            file,
            line,
            f"this row has {len(cells)} cells but the header has {len(header)}; "
            "the missing cells at the end are read as blank",
        )
        cells = cells + [""] * (len(header) - len(cells))
    for name, value in zip(header, cells, strict=True):
        if len(value) > MAX_CELL:
            problems.error(file, line, f"the '{name}' cell is too long ({len(value):,} characters)")
            return None
    return Row(line, dict(zip(header, cells, strict=True)))
