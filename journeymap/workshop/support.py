"""Where to get support, as the Pause screen lists it: national helplines from a data file.

`data/support.csv` holds UK national helplines (domestic abuse, drugs and alcohol, mental
health crisis, emergency) with `for,name,phone,hours,about`. A facilitator changes the list for
her area by putting her own `support.csv` in the workspace folder: that one is used instead.
The room's own contact (who to talk to in this room) is a workspace setting, shown first.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from journeymap.resources import DATA_DIR

__all__ = ["SUPPORT_FILE", "Contact", "contacts"]

SUPPORT_FILE = "support.csv"


@dataclass(frozen=True)
class Contact:
    kind: str
    name: str
    phone: str
    hours: str
    about: str


def contacts(workspace: Path | None = None) -> list[Contact]:
    """The support contacts: the workspace's support.csv if it has one, else the bundled list.

    A row without a name is skipped (a blank line a spreadsheet left). Cost: one small read.
    """
    path = DATA_DIR / SUPPORT_FILE
    if workspace is not None and (workspace / SUPPORT_FILE).is_file():
        path = workspace / SUPPORT_FILE
    text = path.read_text(encoding="utf-8-sig")
    return [
        Contact(
            kind=(row.get("for") or "").strip(),
            name=(row.get("name") or "").strip(),
            phone=(row.get("phone") or "").strip(),
            hours=(row.get("hours") or "").strip(),
            about=(row.get("about") or "").strip(),
        )
        for row in csv.DictReader(io.StringIO(text))
        if (row.get("name") or "").strip()
    ]
