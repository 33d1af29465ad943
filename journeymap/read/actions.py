"""Reading actions.csv: what was agreed to close each gap, by whom, by when, and how it stands.

An optional file of the map folder, kept by the commissioner from one board to the next
(`id, area, about, action, owner, due, status, note`). Every problem is told as FILE:LINE,
all at once, like the other files: a status that is not one of the four, a date that is not
a date, an area the map does not have, an id used twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from journeymap.labels import did_you_mean
from journeymap.models import ACTION_STATUSES, Action
from journeymap.problems import Problems
from journeymap.read.cells import Cells
from journeymap.read.csvtable import Table
from journeymap.read.fastload import made
from journeymap.read.spreadsheet import csv_bytes

__all__ = ["ACTION_COLUMNS", "ACTION_FILE", "actions_csv", "parse_actions"]

ACTION_FILE = "actions.csv"
ACTION_COLUMNS: tuple[list[str], list[str]] = (
    ["id", "area", "about", "action"],
    ["owner", "due", "status", "note"],
)


def parse_actions(table: Table, problems: Problems, areas: Iterable[str]) -> list[Action]:
    """The file's actions; bad rows are reported (and left out). `areas`: the map's areas."""
    known = frozenset([*ACTION_COLUMNS[0], *ACTION_COLUMNS[1]])
    local = sorted(set(areas))
    seen: dict[str, int] = {}
    out: list[Action] = []
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        aid, area = c.required("id"), c.required("area")
        about, action = c.required("about"), c.required("action")
        raw = c.text("status").strip().lower().replace("_", " ").replace("-", " ")
        status = raw or "planned"
        if status not in ACTION_STATUSES:
            fix = did_you_mean(
                raw, ACTION_STATUSES, otherwise=f"one of: {', '.join(ACTION_STATUSES)}"
            )
            c.error(f"status '{c.text('status')}' is not a status{fix}")
        due = c.text("due")
        if due:
            try:
                dt.date.fromisoformat(due)
            except ValueError:
                c.error(f"due '{due}' is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31")
        if area and local and area not in local:
            c.error(f"area '{area}' is not in this map{did_you_mean(area, local)}")
        if aid in seen:
            c.error(f"id '{aid}' is already used on line {seen[aid]}; ids must be unique")
        seen.setdefault(aid, row.line)
        if c.ok:
            out.append(
                made(
                    Action,
                    id=aid,
                    area=area,
                    about=about,
                    action=action,
                    owner=c.text("owner"),
                    due=due,
                    status=status,  # checked above
                    note=c.text("note"),
                    line=row.line,
                )
            )
    return out


def actions_csv(actions: Iterable[Action]) -> bytes:
    """actions.csv's bytes, as `parse_actions` reads them back (spreadsheet-safe)."""
    columns = [*ACTION_COLUMNS[0], *ACTION_COLUMNS[1]]
    return csv_bytes(columns, ([getattr(a, c) for c in columns] for a in actions))
