"""Journeys as journeys.csv (DESIGN §3): the facilitator's download, ready for a map folder.

UTF-8 with a byte-order mark; text cells that a spreadsheet would run as a formula get a
leading `'`; numbers (feelings of -2, -1) are kept as numbers. Extra columns brought in by an
import are kept, after the contract's columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.models import Journey
from journeymap.read.load import JOURNEY_COLUMNS
from journeymap.read.spreadsheet import csv_bytes

__all__ = ["journeys_csv"]


def journeys_csv(journeys: Sequence[Journey]) -> bytes:
    """The journeys as the bytes of a journeys.csv. Cost: O(steps)."""
    header = [*JOURNEY_COLUMNS[0], *JOURNEY_COLUMNS[1]]
    extra: dict[str, None] = {}
    for j in journeys:
        for s in j.steps:
            extra.update(dict.fromkeys(k for k in s.extra if k not in header))
    rows = []
    for j in journeys:
        for s in j.steps:
            helped = "" if s.helped_onward is None else ("yes" if s.helped_onward else "no")
            rows.append(
                [
                    j.code,
                    s.step,
                    s.service,
                    s.place,
                    s.stage,
                    "" if s.feeling is None else s.feeling,
                    ";".join(s.barriers),
                    helped,
                    ";".join(s.circumstances),
                    s.note,
                    *(s.extra.get(k, "") for k in extra),
                ]
            )
    return csv_bytes([*header, *extra], rows, keep_numbers=True)
