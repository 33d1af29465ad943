"""Choosing findings the way the app's Gaps page and `journeymap report --area` do.

One function for both, so the download button and the command line give the same bytes for
the same choice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from journeymap.models import Finding

__all__ = ["filter_findings"]


def filter_findings(
    findings: Iterable[Finding],
    *,
    areas: Collection[str] = (),
    categories: Collection[str] = (),
    severities: Collection[str] = (),
    subject: str | None = None,
) -> list[Finding]:
    """The findings in any of `areas`, `categories` and `severities` (an empty choice means
    all), optionally only those about `subject` (a service id). Order is kept. Cost: O(n)."""
    return [
        f
        for f in findings
        if (not areas or f.area in areas)
        and (not categories or f.category in categories)
        and (not severities or f.severity in severities)
        and (subject is None or f.subject_id == subject)
    ]
