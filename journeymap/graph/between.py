"""Every quickest route between any two services: "show me the paths between these two".

The same measure as every route question in journeymap (DESIGN §3): fewest hand-offs, a
co-location costing none. One reverse search from the end (`routes.handoffs_to`) gives each
service's fewest hand-offs to it; a link u→v lies on a quickest route exactly when
`D(u) = cost(u→v) + D(v)` (it is *tight*), so the quickest routes are the walks from the start
along tight links. Unlike a route into treatment, a route here may pass through a treatment
service: she asked about these two services, not about where a route into treatment ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from journeymap.graph.routes import handoffs_to

__all__ = ["Between", "routes_between"]

#: Steps of the listing search: enough for any map a person reads, bounded on a national one.
_BUDGET = 20_000

Step = tuple[str, str, int]


@dataclass(frozen=True)
class Between:
    """The quickest routes from `start` to `end`: their hand-offs (None: no route), the
    services and links on any of them (for drawing), and the routes one by one (at most the
    `limit` asked for; `more` is True when there are others)."""

    start: str
    end: str
    handoffs: int | None
    services: frozenset[str]
    edges: frozenset[Step]
    routes: tuple[tuple[Step, ...], ...]
    more: bool = False


def _tight(G: nx.MultiDiGraph, u: str, dist: dict[str, int]) -> list[Step]:
    out = []
    for v, keyed in G.succ[u].items():
        dv = dist.get(v)
        if dv is None:
            continue
        for key, data in keyed.items():
            if dist[u] == data["handoffs"] + dv:
                out.append((u, v, key))
    return out


def routes_between(G: nx.MultiDiGraph, start: str, end: str, *, limit: int = 20) -> Between:
    """Every quickest route from `start` to `end`, merged for drawing and listed up to `limit`.

    Cost: O(V + E) for the search from `end`, then the size of the quickest-route subgraph for
    the drawing, and at most a fixed budget of steps (`_BUDGET`) to list the routes one by one,
    so a map with millions of equally quick routes still answers at once.
    """
    dist = handoffs_to(G, [end])
    if start not in dist or start == end:
        solo = frozenset({start})
        return Between(start, end, 0 if start == end else None, solo, frozenset(), ())
    services, edges = {start}, set()
    queue = [start]
    while queue:
        u = queue.pop()
        if u == end:
            continue
        for step in _tight(G, u, dist):
            edges.add(step)
            if step[1] not in services:
                services.add(step[1])
                queue.append(step[1])
    routes: list[tuple[Step, ...]] = []
    more = False
    budget = _BUDGET
    # Depth-first along tight links; a service is not visited twice on one route (a
    # co-location costs nothing, so tight links may go round in a circle).
    stack: list[tuple[str, tuple[Step, ...], frozenset[str]]] = [(start, (), frozenset({start}))]
    while stack and budget > 0:
        u, path, seen = stack.pop()
        budget -= 1
        if u == end:
            if len(routes) == limit:
                more = True
                break
            routes.append(path)
            continue
        for step in reversed(_tight(G, u, dist)):
            if step[1] not in seen:
                stack.append((step[1], (*path, step), seen | {step[1]}))
    if stack and budget <= 0:
        more = True
    return Between(
        start, end, dist[start], frozenset(services), frozenset(edges), tuple(routes), more
    )
