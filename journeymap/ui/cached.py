"""What pages derive from the map, each computed once per map content (see `state.derive`).

Every function here takes the shared `MapView` and returns a new, shared, never-mutated value.
Pages call the wrappers at the bottom (`headline_of(m, area)` …), not the `_` functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.analyse.metrics import Headline, headline
from journeymap.analyse.resilience import dominated_touchpoints
from journeymap.analyse.standards import StandardResult, scorecard
from journeymap.graph.ends import reach
from journeymap.graph.index import area_nodes
from journeymap.graph.partners import key_partners
from journeymap.outputs.layout import Positions, geo_layout, route_layout, spring_layout
from journeymap.ui.state import MapView, derive

__all__ = [
    "LAYOUTS",
    "area_services",
    "dominated",
    "handoffs",
    "headline_of",
    "partners_of",
    "positions",
    "scorecard_of",
]

#: Layout name → what the page calls it.
LAYOUTS = {
    "routes": "By hand-offs to treatment",
    "spring": "Spring (linked services close together)",
    "geo": "Map (by coordinates)",
}


def _area_services(m: MapView, area: str) -> tuple[str, ...]:
    return tuple(area_nodes(m.G, area))


def _handoffs(m: MapView) -> dict[str, int]:
    return reach(m.G)


def _headline(m: MapView, area: str | None) -> Headline:
    assert m.smap is not None
    return headline(m.smap, m.G, m.findings, area)


def _partners(m: MapView, area: str | None) -> dict[str, int]:
    return key_partners(m.G, area)


def _scorecard(m: MapView, area: str) -> list[StandardResult]:
    assert m.smap is not None
    return scorecard(m.smap, m.G, area)


def _dominated(m: MapView) -> dict[object, list[str]]:
    assert m.smap is not None
    return dominated_touchpoints(m.smap, m.G)


def _positions(m: MapView, area: str, layout: str) -> tuple[Positions, list[tuple[float, str]]]:
    nodes = area_services(m, area)
    if layout == "geo":
        return geo_layout(m.G, nodes), []
    if layout == "spring":
        inside = set(nodes)
        edges = [(u, v) for u, v in m.G.subgraph(inside).edges() if u != v]
        return spring_layout(list(nodes), edges), []
    return route_layout(m.G, nodes)


def area_services(m: MapView, area: str) -> Sequence[str]:
    """The area's services and the national ones, in map order."""
    return derive(m, _area_services, area)


def handoffs(m: MapView) -> dict[str, int]:
    """Fewest hand-offs to treatment of every service that has a route."""
    return derive(m, _handoffs)


def headline_of(m: MapView, area: str | None) -> Headline:
    """`metrics.headline` for the area (None: every local area together)."""
    return derive(m, _headline, area)


def partners_of(m: MapView, area: str | None) -> dict[str, int]:
    """Key-partner counts for the area's touchpoints, or every local area's when None
    (see `partners.key_partners`)."""
    return derive(m, _partners, area)


def scorecard_of(m: MapView, area: str) -> list[StandardResult]:
    """Every standard scored for the area."""
    return derive(m, _scorecard, area)


def dominated(m: MapView) -> dict[object, list[str]]:
    """Each service or link some touchpoints cannot reach treatment without."""
    return derive(m, _dominated)


def positions(m: MapView, area: str, layout: str) -> tuple[Positions, list[tuple[float, str]]]:
    """Positions of the area's services in `layout` (a key of LAYOUTS), and column titles."""
    return derive(m, _positions, area, layout)
