"""Findings → the gap report CSV of DESIGN §5, safe to open in a spreadsheet.

The same bytes serve the CLI and the app's download button, so the two can never differ.
Where the map folder has an actions.csv, an `action` column closes each row: the actions
about that finding (their id and status), and a warning where an action is marked done but
the map still shows the gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from journeymap.models import REPORT_COLUMNS, Action, Finding
from journeymap.read.spreadsheet import csv_bytes
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
    category, subject; then `action` when `actions` is given (the map has an actions.csv)."""
    ordered = sorted(findings, key=Finding.sort_key)
    if actions is None:
        return csv_bytes(REPORT_COLUMNS, ([getattr(f, c) for c in REPORT_COLUMNS] for f in ordered))
    return csv_bytes(
        (*REPORT_COLUMNS, ACTION_COLUMN),
        ([*(getattr(f, c) for c in REPORT_COLUMNS), action_cell(f, actions)] for f in ordered),
    )
