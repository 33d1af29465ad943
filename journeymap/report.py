"""Findings → the gap report CSV of DESIGN §5, safe to open in a spreadsheet.

The same bytes serve the CLI and the app's download button, so the two can never differ.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from .csvfile import keep_guard
from .gcpause import without_gc
from .models import Finding

__all__ = ["REPORT_COLUMNS", "csv_bytes", "neutralise", "report_csv"]

REPORT_COLUMNS: tuple[str, ...] = (
    "area",
    "category",
    "severity",
    "subject_id",
    "subject_name",
    "finding",
    "evidence",
    "suggestion",
    "source",
)

#: A cell starting with one of these is run as a formula by spreadsheet programs (CWE-1236).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text, with a leading `'` if a spreadsheet would otherwise run it as a formula."""
    text = "" if value is None else str(value)
    # A cell that already starts with a guard gets one more, so reading it back (which drops
    # one `'`, see csvfile.unguard) gives the cell exactly as it was.
    return "'" + text if text.startswith(FORMULA_STARTS) else keep_guard(text)


#: A plain number such as "-2" or "-0.8": a spreadsheet reads it as a number, never a formula.
PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, keep_numbers: bool = False
) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents), every cell neutralised.

    With `keep_numbers`, a cell that is a plain number (e.g. a feeling of -2) is written as it
    is, so that data files keep their numbers; every other cell is still neutralised.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])  # headers can come from data (extra columns)
    writer.writerows(
        [str(v) if keep_numbers and PLAIN_NUMBER.match(str(v)) else neutralise(v) for v in row]
        for row in rows
    )
    return out.getvalue().encode("utf-8-sig")


@without_gc
def report_csv(findings: Iterable[Finding]) -> bytes:
    """The gap report: DESIGN §5 columns, rows by severity (high first), area, category, subject."""
    ordered = sorted(findings, key=Finding.sort_key)
    return csv_bytes(REPORT_COLUMNS, ([getattr(f, c) for c in REPORT_COLUMNS] for f in ordered))
