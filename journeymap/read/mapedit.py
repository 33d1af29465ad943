"""A map's services and links as editable tables of text, checked by the loader's own rules.

The Edit map page shows services.csv and links.csv as tables of cells, exactly as a person
would type them (extra columns included), and every change is checked by turning the tables
back into the CSV bytes she would have written by hand and reading them with `parse_map`:
the same rules, the same words, nothing written twice. Each problem is then tied back to the
row it came from, so the page can show it beside that row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from journeymap.models import ServiceMap
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.columns import plain_columns
from journeymap.read.csvtable import read_table
from journeymap.read.load import LINK_COLUMNS, SERVICE_COLUMNS, parse_map
from journeymap.read.spreadsheet import table_csv
from journeymap.runtime.gcpause import without_gc

__all__ = [
    "EDITABLE",
    "Checked",
    "Sheet",
    "check_files",
    "checked_map",
    "edited_files",
    "read_sheet",
    "sheet_bytes",
]

#: The files the page edits, and the contract's columns of each (required, optional).
EDITABLE: dict[str, tuple[list[str], list[str]]] = {
    "services.csv": SERVICE_COLUMNS,
    "links.csv": LINK_COLUMNS,
}


@dataclass(frozen=True)
class Sheet:
    """One file as a table of text: its columns (the contract's, then any extra ones, in the
    order the file had them) and its rows, each a cell per column."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def with_rows(self, rows: Sequence[Sequence[object]]) -> Sheet:
        """The same columns with these rows; a missing or None cell is blank, cells trimmed."""
        width = len(self.columns)
        out = []
        for row in rows:
            cells = ["" if c is None else str(c).strip() for c in list(row)[:width]]
            out.append(tuple(cells + [""] * (width - len(cells))))
        return Sheet(self.columns, tuple(out))

    def kept_rows(self) -> tuple[tuple[str, ...], ...]:
        """The rows with anything in them (an empty row added and left blank is not data)."""
        return tuple(r for r in self.rows if any(r))


@without_gc
def read_sheet(data: bytes | None, name: str) -> Sheet:
    """`name` (services.csv or links.csv) as a `Sheet`; an absent or unreadable file is empty.

    Headers are read as the loader reads them (case and spaces aside); every contract column
    is present, so a new row can fill any of them. Cost: linear in the file (with the
    collector paused: a national map's 180,000 rows are tuples, and in the app, with it on,
    every few thousand of them it walked the cached maps: 0.75 s where paused it is 0.2 s).
    """
    required, optional = EDITABLE[name]
    contract = [*required, *optional]
    if data is None:
        return Sheet(tuple(contract), ())
    plain = plain_columns(data, name, required=required, optional=optional)
    if plain is not None:  # the very rows read_table gives, split at C speed (a national map)
        columns = (*contract, *(c for c in plain.header if c and c not in contract))
        return Sheet(columns, tuple(zip(*map(plain.column, columns), strict=True)))
    table = read_table(data, name, Problems(), required=required, optional=optional)
    if table is None:
        return Sheet(tuple(contract), ())
    extra = [c for c in table.header if c and c not in contract]
    columns = (*contract, *extra)
    rows = tuple(tuple(r.cells.get(c, "") for c in columns) for r in table.rows)
    return Sheet(columns, rows)


def sheet_bytes(sheet: Sheet) -> bytes:
    """The CSV file of the sheet: its columns, then each row with something in it.

    Optional contract columns that are blank in every row are left out, as she would leave
    them out by hand; extra columns are always kept.
    """
    required, optional = EDITABLE["services.csv" if "type" in sheet.columns else "links.csv"]
    rows = sheet.kept_rows()
    keep = [
        i
        for i, c in enumerate(sheet.columns)
        if c in required or c not in optional or any(r[i] for r in rows)
    ]
    return table_csv([sheet.columns[i] for i in keep], ([r[i] for i in keep] for r in rows))


def edited_files(
    base: Mapping[str, bytes], sheets: Mapping[str, Sheet], original: Mapping[str, Sheet]
) -> dict[str, bytes]:
    """The map's files with the edited sheets written out; a sheet left as it was keeps its
    file's bytes exactly (so saving one new link never rewrites services.csv)."""
    files = dict(base)
    for name, sheet in sheets.items():
        if sheet != original[name] and (
            sheet.kept_rows() != original[name].kept_rows()
            or sheet.columns != original[name].columns
        ):
            files[name] = sheet_bytes(sheet)
    return files


@dataclass(frozen=True)
class Checked:
    """What the loader says about the edited files: the map (None while an error stands), every
    problem, and for each edited sheet the problems of each row (by its index in `kept_rows`)."""

    smap: ServiceMap | None
    problems: tuple[Problem, ...]
    by_row: Mapping[str, Mapping[int, tuple[Problem, ...]]]
    #: Set by callers that cache results by the files' digest; "" when not known.
    digest: str = ""

    @property
    def ok(self) -> bool:
        return self.smap is not None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.warning)

    def elsewhere(self) -> tuple[Problem, ...]:
        """Problems tied to no row of an edited sheet (another file, a header)."""
        placed = {id(p) for rows in self.by_row.values() for ps in rows.values() for p in ps}
        return tuple(p for p in self.problems if id(p) not in placed)


def row_lines(data: bytes, name: str) -> dict[int, int]:
    """Line in the file → index of the row, as the loader counts lines."""
    plain = plain_columns(data, name, required=())
    if plain is not None:
        return dict(zip(plain.lines, range(len(plain)), strict=True))
    table = read_table(data, name, Problems(), required=())
    return {} if table is None else {r.line: i for i, r in enumerate(table.rows)}


def check_files(files: Mapping[str, bytes], folder: str = "") -> Checked:
    """Read the files exactly as loading the map would, and tie each problem to its row.

    Cost: one `parse_map` (linear in the map), and one more read of each edited sheet that
    any problem is on.
    """
    try:
        smap = parse_map(files, folder)
    except MapError as exc:
        return _tied(files, folder, None, exc.problems)
    return checked_map(files, folder, smap)


def checked_map(files: Mapping[str, bytes], folder: str, smap: ServiceMap) -> Checked:
    """What `check_files(files, folder)` returns, for the map already read from those very
    files (the Edit page opened on the loaded map: no second `parse_map`)."""
    return _tied(files, folder, smap, _warnings(smap))


def _tied(
    files: Mapping[str, bytes], folder: str, smap: ServiceMap | None, problems: Sequence[Problem]
) -> Checked:
    """The result with each problem tied to its row of an edited sheet."""
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    by_row: dict[str, dict[int, tuple[Problem, ...]]] = {}
    for name in EDITABLE:
        if name not in files:
            continue
        mine = [p for p in problems if p.file == prefix + name]
        lines = row_lines(files[name], name) if mine else {}
        rows: dict[int, list[Problem]] = {}
        for p in mine:
            if p.line in lines:
                rows.setdefault(lines[p.line], []).append(p)
        by_row[name] = {i: tuple(ps) for i, ps in rows.items()}
    return Checked(smap, tuple(problems), by_row)


def _warnings(smap: ServiceMap) -> list[Problem]:
    """The map's warnings back as problems (the map keeps them as `FILE:LINE: warning: …`)."""
    out = []
    for text in smap.warnings:
        place, _, message = text.partition(": warning: ")
        file, _, line = place.rpartition(":")
        out.append(Problem(file, int(line) if line.isdigit() else 1, message, warning=True))
    return out
