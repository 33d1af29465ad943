"""What an Open Referral import kept and left out, for the commissioner to check by hand.

The import prints these lines (`journeymap import-oruk`) and writes `left-out.csv` beside the
map: every directory entry not put on the map, with the reason, so nothing is dropped unseen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from journeymap.labels import GROUP_LABELS, plural
from journeymap.read.oruk import ImportResult, LeftOut
from journeymap.read.spreadsheet import csv_bytes
from journeymap.vocab import GROUP_OF, GROUPS

__all__ = ["LEFT_OUT", "LEFT_OUT_COLUMNS", "kept_lines", "left_out_csv"]

#: Beside an imported map: the directory's entries that were not put on it, and why.
LEFT_OUT = "left-out.csv"
LEFT_OUT_COLUMNS = ("oruk_id", "name", "provider", "reason", "where")


def left_out_csv(rows: Iterable[LeftOut]) -> bytes:
    """`left-out.csv` for a person to open in a spreadsheet (formula cells neutralised)."""
    return csv_bytes(
        list(LEFT_OUT_COLUMNS),
        ([r.oruk_id, r.name, r.provider, r.reason, r.where] for r in rows),
    )


def kept_lines(result: ImportResult, left_out_file: str) -> list[str]:
    """The summary: kept per group, women-only and men-only, typed by keyword, left out."""
    groups = Counter(GROUP_OF[s.type] for s in result.smap.services)
    kept = ", ".join(
        f"{GROUP_LABELS[g].split(' (')[0].lower()} {groups[g]}" for g in GROUPS if groups[g]
    )
    lines = [f"Kept by group: {kept}."]
    lines.append(
        f"Women-only: {plural(result.women_only, 'service')} found (the gender_from column "
        "says why; check the rest of women_only by hand)."
        + (f" Men-only kept: {result.men_only}." if result.men_only else "")
    )
    if result.by_keyword:
        lines.append(
            f"Typed by keyword: {plural(result.by_keyword, 'service')}, from a word in the "
            "name or description rather than a taxonomy term: worth a look (type_from says "
            "which word)."
        )
    reasons = Counter(r.short for r in result.left_out)
    if result.left_out:
        why = ", ".join(f"{why} {n}" for why, n in reasons.most_common())
        lines.append(
            f"Left out: {plural(len(result.left_out), 'entry', 'entries')} ({why}); each is "
            f"listed with its reason in {left_out_file} (--keep-all keeps those of no type "
            "as 'other', and men-only ones)."
        )
    else:
        lines.append("Left out: none.")
    return lines
