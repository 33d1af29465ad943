"""Which barriers the step form shows first: the few most often met, chosen as data.

A wall of 19 trauma prompts on a tablet is too much to put in front of a woman at once, so
the step form shows at most `MOST_FIRST` (8) barriers, and the rest behind "something else got
in the way". The bundled `data/first_barriers.csv` (a `code` column, one barrier code of
data/barriers.csv a row) is the default; a facilitator changes it by putting her own
`first_barriers.csv` in the workspace folder. Unknown codes are left out, and only the first
`MOST_FIRST` are used, so the form keeps its promise whatever the file holds.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from journeymap.resources import DATA_DIR
from journeymap.vocab import BARRIERS

__all__ = ["FIRST_FILE", "MOST_FIRST", "first_barriers"]

FIRST_FILE = "first_barriers.csv"
MOST_FIRST = 8


def first_barriers(workspace: Path | None = None) -> tuple[str, ...]:
    """The barrier codes shown first (at most `MOST_FIRST`, each a known barrier, no repeats)."""
    path = DATA_DIR / FIRST_FILE
    if workspace is not None and (workspace / FIRST_FILE).is_file():
        path = workspace / FIRST_FILE
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    codes = dict.fromkeys(
        (row.get("code") or "").strip() for row in rows if (row.get("code") or "").strip()
    )
    return tuple(c for c in codes if c in BARRIERS)[:MOST_FIRST]
