"""Findings → the gap report CSV of DESIGN §5, safe to open in a spreadsheet.

The same bytes serve the CLI and the app's download button, so the two can never differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from journeymap.models import REPORT_COLUMNS, Finding
from journeymap.read.spreadsheet import csv_bytes
from journeymap.runtime.gcpause import without_gc

__all__ = ["REPORT_COLUMNS", "report_csv"]


@without_gc
def report_csv(findings: Iterable[Finding]) -> bytes:
    """The gap report: DESIGN §5 columns, rows by severity (high first), area, category, subject."""
    ordered = sorted(findings, key=Finding.sort_key)
    return csv_bytes(REPORT_COLUMNS, ([getattr(f, c) for c in REPORT_COLUMNS] for f in ordered))
