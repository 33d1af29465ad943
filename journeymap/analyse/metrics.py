"""Headline figures for an area (or the whole map): the numbers a board asks for first.

Shared by the app's overview, scenario comparisons and the board report, so that the same
question always gets the same answer.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from journeymap.analyse.standards import scorecard
from journeymap.graph.ends import reach as shared_reach
from journeymap.graph.index import touchpoints
from journeymap.models import Finding, ServiceMap

__all__ = ["Headline", "headline"]


@dataclass(frozen=True)
class Headline:
    """Headline figures. `area` None means every local area together."""

    area: str | None
    touchpoints: int
    with_route: int
    median_handoffs: float | None
    standards_met: int
    standards_total: int
    persona_gaps: int
    by_severity: dict[str, int] = field(default_factory=dict)

    @property
    def share_with_route(self) -> float | None:
        """Share of touchpoints with any route to treatment (None when there are none)."""
        return self.with_route / self.touchpoints if self.touchpoints else None


def headline(
    smap: ServiceMap, G: nx.MultiDiGraph, findings: Sequence[Finding], area: str | None = None
) -> Headline:
    """Figures for `area`, or for all local areas when `area` is None.

    Touchpoints are the area's own non-treatment services (national ones are counted only when
    `area` is 'national'). Median hand-offs is over touchpoints that have a route. With `area`
    None the finding counts take in every finding, those filed under `national` included, so
    they can be a little more than the sum of the areas'.
    Cost: one reverse search, plus the standards scorecard of each area counted.
    """
    reach = shared_reach(G)
    areas = smap.area_names() if area is None else [area]
    points = [n for a in areas for n in touchpoints(G, a)]
    steps = [reach[n] for n in points if n in reach]
    cards = [r for a in areas for r in scorecard(smap, G, a)]
    mine = [f for f in findings if area is None or f.area == area]
    by = Counter(f.severity for f in mine)
    return Headline(
        area=area,
        touchpoints=len(points),
        with_route=len(steps),
        median_handoffs=statistics.median(steps) if steps else None,
        standards_met=sum(r.met for r in cards),
        standards_total=len(cards),
        persona_gaps=sum(f.category == "persona_gap" for f in mine),
        by_severity={s: by.get(s, 0) for s in ("high", "medium", "low")},
    )
