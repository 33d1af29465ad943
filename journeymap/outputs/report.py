"""Findings → the gap report CSV of DESIGN §5, safe to open in a spreadsheet.

The same bytes serve the CLI and the app's download button, so the two can never differ.
Where the map folder has an actions.csv, an `action` column closes each row: the actions
about that finding (their id and status), and a warning where an action is marked done but
the map still shows the gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import getitem, itemgetter, or_
from typing import cast

from journeymap.models import REPORT_COLUMNS, Action, Finding
from journeymap.read.spreadsheet import FORMULA_STARTS, neutralise
from journeymap.runtime.gcpause import without_gc

__all__ = ["ACTION_COLUMN", "REPORT_COLUMNS", "action_cell", "report_csv"]

ACTION_COLUMN = "action"
#: Said of a done action whose gap the map still shows.
STILL_THERE = "done, but the map still shows this gap"


def action_cell(f: Finding, actions: Sequence[Action]) -> str:
    """The `action` cell of finding `f`: '3 (in progress); 7 (done, but the map still shows
    this gap)', or '' when no action is about it. A finding that is listed is still there,
    so any done action about it is flagged. Cost: O(actions)."""
    mine = [a for a in actions if a.answers(f)]
    return "; ".join(f"{a.id} ({STILL_THERE if a.status == 'done' else a.status})" for a in mine)


@without_gc
def report_csv(findings: Iterable[Finding], actions: Sequence[Action] | None = None) -> bytes:
    """The gap report: DESIGN §5 columns, rows by severity (high first), `affects`, area,
    category, subject; then `action` when `actions` is given (the map has an actions.csv).

    The bytes of `spreadsheet.csv_bytes` (every cell neutralised, quoted as the csv module
    quotes), written a column at a time: a national map's 10,000 findings hold 8 MB of text,
    which the csv module copies a character at a time (0.1 s), where the few cells that need
    a guard or quotes are found here by C string searches. tests/test_report_bytes.py
    compares the two on many random findings.
    """
    ordered = sorted(findings, key=Finding.sort_key)
    header: tuple[str, ...] = REPORT_COLUMNS
    # A finding's fields are its __dict__ (pydantic): one look-up per finding, not per cell.
    rows = map(itemgetter(*REPORT_COLUMNS), map(vars, ordered))
    columns = [list(c) for c in zip(*rows, strict=True)]
    if not ordered:
        columns = [[] for _ in REPORT_COLUMNS]
    if actions is not None:
        header = (*REPORT_COLUMNS, ACTION_COLUMN)
        columns.append([action_cell(f, actions) for f in ordered])
    cells = [_cells([h, *values]) for h, values in zip(header, columns, strict=True)]
    return ("\r\n".join(map(",".join, zip(*cells, strict=True))) + "\r\n").encode("utf-8-sig")


#: A cell starting with one of these goes through `neutralise` (a guard may be added); any
#: other cell is written as it is.
_GUARDED = (*FORMULA_STARTS, "'")
#: A cell holding one of these is quoted, as the csv module quotes (QUOTE_MINIMAL, `\r\n`).
_QUOTED = (",", '"', "\r", "\n")
_FIRST = slice(0, 1)


def _cells(values: list[object]) -> list[str]:
    """One column's cells (header first) as `csv_bytes` writes them: neutralised, then quoted
    where needed. Cost: a few C passes over the column. The whole column is searched first, so
    that what no cell holds is not looked for cell by cell; Python work only for the cells
    that change."""
    if set(map(type, values)) <= {str}:
        cells = cast(list[str], values)
    else:
        cells = [v if type(v) is str else "" if v is None else str(v) for v in values]
    firsts = "".join(map(getitem, cells, repeat(_FIRST)))  # each cell's first character
    if any(c in firsts for c in _GUARDED):
        for i in compress(range(len(cells)), map(str.startswith, cells, repeat(_GUARDED))):
            cells[i] = neutralise(cells[i])
    text = "".join(cells)
    marks = [c for c in _QUOTED if c in text]
    if not marks:
        return cells
    quote = map(str.__contains__, cells, repeat(marks[0]))
    for mark in marks[1:]:
        quote = map(or_, quote, map(str.__contains__, cells, repeat(mark)))
    flags = list(quote)
    quoted = map('"{}"'.format, map(str.replace, compress(cells, flags), repeat('"'), repeat('""')))
    for i, cell in zip(compress(range(len(cells)), flags), quoted, strict=True):
        cells[i] = cell
    return cells
