"""Cells safe to open in a spreadsheet, and CSV bytes for people to open.

A cell that starts with =, +, -, @, tab or CR is run as a formula by spreadsheet programs
(CWE-1236). Files for people carry a leading `'` on such cells; reading them back takes one
`'` off again (`unguard`), so a journeymap file survives a round trip unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "csv_bytes", "keep_guard", "neutralise", "unguard"]

#: The `'` that journeymap (report.neutralise) and spreadsheets put before a cell starting with
#: =, +, -, @, tab or CR so that it is never run as a formula.
_GUARD = re.compile(r"^'(?='*[=+\-@\t\r])")


def unguard(cell: str) -> str:
    """The cell without a spreadsheet formula guard (`'=1+2` → `=1+2`), else unchanged.

    journeymap's files for people carry the guard; reading it back takes it off again, so an
    exported journeys.csv imports as the same journeys. Cost: O(1).
    """
    return _GUARD.sub("", cell, count=1)


def keep_guard(cell: str) -> str:
    """The cell as it must be written for `unguard` to read it back unchanged: a cell that
    already starts with a guard (`'=1`) gets one more `'`; every other cell is as it is."""
    return "'" + cell if _GUARD.match(cell) else cell


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
