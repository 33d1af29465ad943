"""The quickest route into treatment from many services, sharing what each route reads.

Why: the route analyses (long pathways, informal-only links) trace one route into treatment
per touchpoint, 7,000 on a national map, each with `ends.route_into(G, node, toward=reach)`.
Each such search reads every link of every service it steps onto, only to throw away the
links that are not on a quickest route (most of a hub's links): 1.0 s in all. Which links of a
service lie on a quickest route does not depend on where the route started, so here each
service's are worked out once, the first time a route reaches it, and kept.

Why the route is exactly `route_into`'s: with `toward` the exact hand-offs to treatment
(`ends.reach`), every service that search steps onto lies on a quickest route, at
`toward[source] - toward[service]` hand-offs from the start; so it steps from `u` onto `v`
exactly when the cheapest link u→v is *tight* (its hand-offs plus `toward[v]` equal
`toward[u]`), it never finds a shorter way to a service it has already met, and each service
enters its queue once. The search below walks the same queue over the same tight links, in
the same order (links.csv order, co-located services first), so it meets the same services
in the same order and returns the same route. `tests/test_quickest.py` compares the two on
many random maps.
"""

from __future__ import annotations

from collections import deque

import networkx as nx

from journeymap.graph.ends import reach
from journeymap.graph.index import index, shared
from journeymap.graph.routes import Route, traced

__all__ = ["QuickestRoutes", "quickest_routes"]

#: A tight link out of a service: the service after it, the link's key, its hand-offs.
Step = tuple[str, int, int]


class QuickestRoutes:
    """`route_into(G, source, toward=reach(G))` for any source, with the tight links of each
    service kept between calls (do not change the graph in between)."""

    def __init__(self, G: nx.MultiDiGraph):
        self.toward = reach(G)
        self.targets = index(G).treatment_set
        self.succ = G._succ  # raw adjacency, as in routes.route_to
        self.tight: dict[str, list[Step]] = {}

    def steps(self, node: str) -> list[Step]:
        """The links out of `node` that lie on a quickest route into treatment, in the order
        of the graph's adjacency, each with its cheapest link's key (ties: the first listed).
        Cost: the links of `node` the first time, then O(1)."""
        found = self.tight.get(node)
        if found is not None:
            return found
        toward, goal = self.toward, self.toward[node]
        after = self.succ[node]
        far = goal + 1
        found = []
        # The services no further from treatment, picked out first (a comprehension: most of
        # a hub's links lead further away, and this is the search's busiest line).
        for v in [v for v in after if toward.get(v, far) <= goal]:
            edges = after[v]
            if len(edges) == 1:
                ((key, e),) = edges.items()
                cost = e["handoffs"]
            else:
                cost, key = min((e["handoffs"], k) for k, e in edges.items())
            if cost + toward[v] == goal:
                found.append((v, key, cost))
        self.tight[node] = found
        return found

    def route(self, source: str) -> Route | None:
        """The quickest route from `source` into treatment, or None when there is none.
        Cost: the size of the quickest routes from it (plus, the first time, their links)."""
        toward = self.toward
        if source not in toward:
            return None
        targets, tight, steps = self.targets, self.tight, self.steps
        parent: dict[str, tuple[str, int]] = {}
        seen = {source}
        queue: deque[str] = deque([source])
        while queue:
            node = queue.popleft()
            if node in targets:
                return traced(node, parent, toward[source])
            found = tight.get(node)
            for after, key, cost in steps(node) if found is None else found:
                if after not in seen:
                    seen.add(after)
                    parent[after] = (node, key)
                    if cost:
                        queue.append(after)
                    else:
                        queue.appendleft(after)
        return None  # pragma: no cover - `toward` says a route exists


def quickest_routes(G: nx.MultiDiGraph) -> QuickestRoutes:
    """The graph's `QuickestRoutes`, kept with it: every route analysis shares its tight
    links. Cost: O(1), then per route as `QuickestRoutes.route`."""
    return shared(G, "quickest-routes", lambda: QuickestRoutes(G))
