"""`report_csv` writes a column at a time (outputs/report.py); here it is set against the
plain way, every row through `spreadsheet.csv_bytes` (the csv module), on many random
findings: cells with commas, quotes, line breaks, formula starts and guards, numbers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.models import REPORT_COLUMNS, Action, Finding
from journeymap.outputs.report import ACTION_COLUMN, action_cell, report_csv
from journeymap.read.spreadsheet import csv_bytes

#: Text made mostly of what the writer must treat with care.
TRICKY = st.text(
    alphabet=st.sampled_from([*"ab ,\"'\r\n\t=+-@;é", "\u2028", "\x00", "x"]), max_size=12
)


def plain_report(findings: list[Finding], actions: list[Action] | None) -> bytes:
    """The report as it was written before: each row through csv_bytes."""
    ordered = sorted(findings, key=Finding.sort_key)
    if actions is None:
        return csv_bytes(REPORT_COLUMNS, ([getattr(f, c) for c in REPORT_COLUMNS] for f in ordered))
    return csv_bytes(
        (*REPORT_COLUMNS, ACTION_COLUMN),
        ([*(getattr(f, c) for c in REPORT_COLUMNS), action_cell(f, actions)] for f in ordered),
    )


findings = st.builds(
    Finding,
    area=st.sampled_from(["A", "B", "=A", "'-B"]) | TRICKY,
    category=st.sampled_from(["silo", "single_point_of_failure"]),
    severity=st.sampled_from(["high", "medium", "low"]),
    subject_id=TRICKY,
    subject_name=TRICKY,
    finding=TRICKY,
    evidence=TRICKY,
    suggestion=TRICKY,
    source=TRICKY,
    affects=st.integers(-3, 30),
)
actions = st.builds(
    Action,
    id=st.sampled_from(["1", "=2", "3,4"]),
    area=st.sampled_from(["A", "B"]),
    about=st.sampled_from(["silo:x", "single_point_of_failure:y", "x"]),
    action=TRICKY,
    status=st.sampled_from(["planned", "in progress", "done", "dropped"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=8), st.none() | st.lists(actions, max_size=3))
def test_report_bytes_are_the_csv_modules(found, acts):
    assert report_csv(found, acts) == plain_report(found, acts)


def test_an_empty_report_is_the_header_alone():
    assert report_csv([]) == plain_report([], None)
    assert report_csv([], []) == plain_report([], [])
