"""The published treatment figures of an area as the board report and the app show them.

Plain text for each cell (shares as "30%", "–" where nothing can be said), prepared here once
so the board report's `figures.html.j2` and the app's Overview read the same words and
numbers. Cost: linear in the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from journeymap.analyse.figures import (
    NATIONAL_WOMEN_SHARE,
    NATIONAL_WOMEN_SOURCE,
    AreaFigures,
    area_figures,
    referral_findings,
)
from journeymap.models import Finding
from journeymap.read.figures import Figure

__all__ = ["FiguresView", "figures_views", "percent"]


def percent(share: float | None) -> str:
    """0.3 → '30%'; None → '–' (not published, so no share is computed)."""
    return "–" if share is None else f"{share:.0%}"


@dataclass(frozen=True)
class FiguresView:
    """What the figures section shows for one area."""

    figures: AreaFigures
    share: str
    national: str
    national_source: str
    trend: tuple[tuple[str, str, str], ...]  # period, women in treatment, share
    referrals: tuple[tuple[str, str, str, str, str], ...]  # label, women, share, men, share
    findings: tuple[Finding, ...]


def figures_views(
    figures: Sequence[Figure], areas: Sequence[str], G: nx.MultiDiGraph
) -> dict[str, FiguresView]:
    """A view for each of `areas` that has published figures (none for the others)."""
    views = {}
    for area in areas:
        figs = area_figures(figures, area)
        if figs is None:
            continue
        views[area] = FiguresView(
            figures=figs,
            share=percent(figs.share),
            national=percent(NATIONAL_WOMEN_SHARE),
            national_source=NATIONAL_WOMEN_SOURCE,
            trend=tuple((t.period, t.women or "–", percent(t.share)) for t in figs.trend),
            referrals=tuple(
                (
                    r.label,
                    r.women or "–",
                    percent(r.women_share),
                    r.men or "–",
                    percent(r.men_share),
                )
                for r in figs.referrals
            ),
            findings=tuple(referral_findings(figs, G)),
        )
    return views
