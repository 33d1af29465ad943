"""ServiceMap → networkx graph, and the route questions every analysis asks of it.

Route semantics (DESIGN §3): a woman at A can move to B along a referral A→B (and B→A when
two-way), or either way along a co-location or joint working. Each such move is one directed
edge of a `MultiDiGraph`, keyed by the link's index in `ServiceMap.links`, so parallel links
(a referral and a co-location between the same pair) stay distinct. Referral and joint working
cost one hand-off; co-location costs none, because she is seen where she already is.

Fewest hand-offs is a 0-1 shortest path, answered by a deque-based breadth-first search in
O(V + E): one search from all treatment services at once over reversed edges gives every
service's distance to treatment.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .models import Link, ServiceMap
from .vocab import GROUP_OF, NATIONAL, TREATMENT_TYPES

__all__ = [
    "Route",
    "area_nodes",
    "build_graph",
    "handoffs_to",
    "route_to",
    "touchpoints",
    "treatment_nodes",
]

EdgeFilter = Callable[[dict[str, Any]], bool]


def build_graph(smap: ServiceMap) -> nx.MultiDiGraph:
    """One node per service (its fields as attributes), one edge per direction of each link.

    Edge attributes: `kind`, `formal`, `two_way`, `handoffs` (0 or 1), `link` (index into
    `smap.links`) and `back` (True for the B→A edge of a two-way link). Cost: O(V + E).
    """
    G = nx.MultiDiGraph()
    G.add_nodes_from(
        (
            s.id,
            {
                "name": s.name,
                "type": s.type,
                "group": GROUP_OF.get(s.type, "other"),
                "area": s.area,
                "provider": s.provider,
                "women_only": s.women_only,
                "offers": s.offers,
                "latitude": s.latitude,
                "longitude": s.longitude,
                "treatment": s.type in TREATMENT_TYPES,
            },
        )
        for s in smap.services
    )
    G.add_edges_from(_edges(smap.links))
    return G


def _edges(links: Iterable[Link]) -> Iterable[tuple[str, str, int, dict[str, Any]]]:
    for i, link in enumerate(links):
        data = {
            "kind": link.kind,
            "formal": link.formal,
            "two_way": link.both_ways,
            "handoffs": link.handoffs,
            "link": i,
        }
        yield link.source, link.target, i, {**data, "back": False}
        if link.both_ways:
            yield link.target, link.source, i, {**data, "back": True}


def treatment_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Every treatment service (drug and alcohol treatment, residential rehab, inpatient detox)."""
    return [n for n, t in G.nodes(data="treatment") if t]


def touchpoints(G: nx.MultiDiGraph, area: str | None = None) -> list[str]:
    """Non-treatment services, optionally only those of one area (national ones excluded)."""
    return [
        n
        for n, d in G.nodes(data=True)
        if not d["treatment"] and (area is None or d["area"] == area)
    ]


def area_nodes(G: nx.MultiDiGraph, area: str) -> list[str]:
    """Services of `area` plus national services, which belong to every area."""
    return [n for n, a in G.nodes(data="area") if a in (area, NATIONAL)]


def formal_only(data: dict[str, Any]) -> bool:
    """Edge filter: only links with a written protocol or agreed pathway."""
    return bool(data["formal"])


def handoffs_to(
    G: nx.MultiDiGraph,
    targets: Iterable[str],
    *,
    edge_ok: EdgeFilter | None = None,
    blocked: Collection[str] = (),
) -> dict[str, int]:
    """Fewest hand-offs from every service that can reach `targets` to the nearest of them.

    Services absent from the result cannot reach any target. `edge_ok` limits which links may
    be used; `blocked` services may start a route but not be passed through. Cost: O(V + E).
    """
    dist: dict[str, int] = {}
    queue: deque[str] = deque()
    for t in targets:
        dist[t] = 0
        queue.append(t)
    pred = G.pred
    while queue:
        node = queue.popleft()
        d = dist[node]
        if node in blocked and d > 0:
            continue
        for before, edges in pred[node].items():
            cost = _cheapest(edges, edge_ok)
            if cost is None:
                continue
            if d + cost < dist.get(before, 1 << 30):
                dist[before] = d + cost
                if cost:
                    queue.append(before)
                else:
                    queue.appendleft(before)
    return dist


def _cheapest(edges: dict[int, dict[str, Any]], edge_ok: EdgeFilter | None) -> int | None:
    costs = [e["handoffs"] for e in edges.values() if edge_ok is None or edge_ok(e)]
    return min(costs) if costs else None


@dataclass(frozen=True)
class Route:
    """A way from one service to another: the services in order and the link used at each step."""

    services: tuple[str, ...]
    links: tuple[int, ...]
    handoffs: int

    @property
    def end(self) -> str:
        return self.services[-1]


def route_to(
    G: nx.MultiDiGraph,
    source: str,
    targets: Collection[str],
    *,
    edge_ok: EdgeFilter | None = None,
    blocked: Collection[str] = (),
) -> Route | None:
    """The route with fewest hand-offs from `source` to any of `targets`, or None.

    Ties go to the link listed first in links.csv, so answers are stable. Cost: O(V + E).
    """
    dist = {source: 0}
    parent: dict[str, tuple[str, int]] = {}
    queue: deque[str] = deque([source])
    done: set[str] = set()
    while queue:
        node = queue.popleft()
        if node in done:
            continue
        done.add(node)
        if node in targets:
            return _trace(node, parent, dist[node])
        if node in blocked and node != source:
            continue
        for after, edges in G.succ[node].items():
            usable = [(e["handoffs"], k) for k, e in edges.items() if edge_ok is None or edge_ok(e)]
            if not usable:
                continue
            cost, key = min(usable)
            if dist[node] + cost < dist.get(after, 1 << 30):
                dist[after] = dist[node] + cost
                parent[after] = (node, key)
                if cost:
                    queue.append(after)
                else:
                    queue.appendleft(after)
    return None


def _trace(end: str, parent: dict[str, tuple[str, int]], handoffs: int) -> Route:
    services, links = [end], []
    while end in parent:
        end, key = parent[end]
        services.append(end)
        links.append(key)
    return Route(tuple(reversed(services)), tuple(reversed(links)), handoffs)
