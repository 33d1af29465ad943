"""Choosing findings the way the app's Gaps page and `journeymap report --area` do.

One function for both, so the download button and the command line give the same bytes for
the same choice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from journeymap.models import Finding

__all__ = ["filter_findings", "top_findings"]


def filter_findings(
    findings: Iterable[Finding],
    *,
    areas: Collection[str] = (),
    categories: Collection[str] = (),
    severities: Collection[str] = (),
    subject: str | None = None,
) -> list[Finding]:
    """The findings in any of `areas`, `categories` and `severities` (an empty choice means
    all), optionally only those about `subject` (a service id; a journey barrier at it,
    `service:barrier`, counts). Order is kept. Cost: O(n)."""
    return [
        f
        for f in findings
        if (not areas or f.area in areas)
        and (not categories or f.category in categories)
        and (not severities or f.severity in severities)
        and (subject is None or f.subject_id.split(":", 1)[0] == subject)
    ]


def top_findings(
    findings: Iterable[Finding], limit: int, *, per_category: int | None = None
) -> list[Finding]:
    """The first `limit` findings in report order with at most one per subject (DESIGN §5),
    and at most `per_category` of each category when given: a short list names as many
    different things to fix as it can. A journey barrier's subject is its service
    (`service:barrier`), so one service's barriers take one row. Cost: O(n log n)."""
    seen: set[str] = set()
    counts: dict[str, int] = {}
    out: list[Finding] = []
    if limit <= 0:
        return out
    for f in sorted(findings, key=Finding.sort_key):
        subject = f.subject_id.split(":", 1)[0]
        if subject in seen or counts.get(f.category, 0) == per_category:
            continue
        seen.add(subject)
        counts[f.category] = counts.get(f.category, 0) + 1
        out.append(f)
        if len(out) == limit:
            break
    return out
