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
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .gcpause import without_gc
from .graphindex import index, members
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


@without_gc
def build_graph(smap: ServiceMap) -> nx.MultiDiGraph:
    """One node per service (its fields as attributes), one edge per direction of each link.

    Edge attributes: `kind`, `formal`, `two_way`, `handoffs` (0 or 1), `link` (index into
    `smap.links`) and `back` (True for the B→A edge of a two-way link). Cost: O(V + E).
    """
    G = nx.MultiDiGraph()
    nodes = (
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
    if _plain(G):
        _fill(G, nodes, _edges(smap.links))
    else:
        G.add_nodes_from(nodes)
        G.add_edges_from(_edges(smap.links))
    return G


def _plain(G: nx.MultiDiGraph) -> bool:
    """True when G keeps its adjacency in plain dicts, as networkx 3's MultiDiGraph does."""
    factories = (
        G.node_dict_factory,
        G.node_attr_dict_factory,
        G.adjlist_outer_dict_factory,
        G.adjlist_inner_dict_factory,
        G.edge_key_dict_factory,
        G.edge_attr_dict_factory,
    )
    return (
        type(G) is nx.MultiDiGraph
        and all(f is dict for f in factories)
        and isinstance(getattr(G, "_succ", None), dict)
        and G._succ is G._adj
        and isinstance(getattr(G, "_pred", None), dict)
        and isinstance(getattr(G, "_node", None), dict)
    )


def _fill(
    G: nx.MultiDiGraph,
    nodes: Iterable[tuple[str, dict[str, Any]]],
    edges: Iterable[tuple[str, str, int, dict[str, Any]]],
) -> None:
    """Fill an empty graph with exactly what `add_nodes_from` and `add_edges_from` would add.

    Those methods go through `add_edge` and several views for every edge; writing the same
    dicts directly takes a third of the time on a national map (135,000 links). The result
    is checked against the public methods in the tests (same nodes, edges, keys, data, order).
    """
    node, succ, pred = G._node, G._succ, G._pred
    for n, attrs in nodes:
        if n in node:
            node[n].update(attrs)
            continue
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for u, v, key, data in edges:
        for n in (u, v):
            if n not in node:  # as add_edge does for an end it has not seen
                node[n], succ[n], pred[n] = {}, {}, {}
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[key] = data
    nx._clear_cache(G)


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
    return list(index(G).treatment)


def touchpoints(G: nx.MultiDiGraph, area: str | None = None) -> list[str]:
    """Non-treatment services, optionally only those of one area (national ones excluded).

    Cost: O(V) for the whole map; O(services in the area) for one area (see `graphindex`).
    """
    if area is None:
        return [n for n, t in G.nodes(data="treatment") if not t]
    ix = index(G)
    nodes = ix.national if area == NATIONAL else ix.local.get(area, [])
    treatment = G.nodes
    return [n for n in nodes if not treatment[n]["treatment"]]


def area_nodes(G: nx.MultiDiGraph, area: str) -> list[str]:
    """Services of `area` plus national services, which belong to every area (graph order)."""
    return list(members(G, area))


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
    blocked = _as_set(blocked)
    dist: dict[str, int] = {}
    queue: deque[str] = deque()
    for t in targets:
        dist[t] = 0
        queue.append(t)
    ends = set(dist)
    # The raw adjacency dicts: networkx's public views wrap every lookup in Python-level
    # Mapping objects, which made this loop three times slower on a national map.
    pred = G._pred
    far = 1 << 30
    while queue:
        node = queue.popleft()
        d = dist[node]
        if node in blocked and node not in ends:
            continue  # a blocked service may start a route (it has a distance) but not carry one
        for before, edges in pred[node].items():
            if dist.get(before, far) <= d:
                continue  # hand-offs never go below zero: no shorter way through here
            cost = _cheapest(edges, edge_ok)
            if cost is None:
                continue
            if d + cost < dist.get(before, far):
                dist[before] = d + cost
                if cost:
                    queue.append(before)
                else:
                    queue.appendleft(before)
    return dist


def _as_set(items: Collection[str]) -> Collection[str]:
    return items if isinstance(items, set | frozenset | dict) else set(items)


def _cheapest(edges: dict[int, dict[str, Any]], edge_ok: EdgeFilter | None) -> int | None:
    if edge_ok is None:
        if len(edges) == 1:
            for e in edges.values():
                return int(e["handoffs"])
        return min(e["handoffs"] for e in edges.values())
    costs = [e["handoffs"] for e in edges.values() if edge_ok(e)]
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
    toward: Mapping[str, int] | None = None,
    bound: int | None = None,
) -> Route | None:
    """The route with fewest hand-offs from `source` to any of `targets`, or None.

    Ties go to the link listed first in links.csv, so answers are stable. Cost: O(V + E).

    `toward`, when given, must be `handoffs_to(G, targets, edge_ok=edge_ok, blocked=blocked)`
    (the same targets, filter and blocked services). The search then steps only onto services
    that lie on some quickest route, so its cost is the size of those routes rather than of
    everything within reach; the route returned is exactly the one found without it, because
    the services left out can never be on it and the order in which the others are met does
    not change. Analyses that need a route for many services compute `toward` once.

    With `bound` (the hand-offs of the quickest route, or more), `toward` may instead be any
    lower bound on each service's hand-offs to the targets, holding every service that can
    reach them: for example the search towards a larger set of targets. The route is still
    exactly the same; the search steps onto a service only if a route through it could take
    no more than `bound` hand-offs.
    """
    targets = _as_set(targets)
    blocked = _as_set(blocked)
    best = 0
    if toward is not None:
        if source not in toward:
            return None
        best = toward[source] if bound is None else bound
    dist = {source: 0}
    parent: dict[str, tuple[str, int]] = {}
    queue: deque[str] = deque([source])
    done: set[str] = set()
    succ = G._succ  # raw adjacency, as in handoffs_to
    far = 1 << 30
    while queue:
        node = queue.popleft()
        if node in done:
            continue
        done.add(node)
        if node in targets:
            return _trace(node, parent, dist[node])
        if node in blocked and node != source:
            continue
        here = dist[node]
        for after, edges in succ[node].items():
            if toward is not None:
                rest = toward.get(after)
                if rest is None or here + rest > best:
                    continue  # not on any quickest route
            if edge_ok is None and len(edges) == 1:
                ((key, e),) = edges.items()  # the usual case: one link between the two
                cost = e["handoffs"]
            else:
                usable = [
                    (e["handoffs"], k) for k, e in edges.items() if edge_ok is None or edge_ok(e)
                ]
                if not usable:
                    continue
                cost, key = min(usable)
            if toward is not None and here + cost + toward[after] > best:
                continue  # this step cannot be on a quickest route
            if here + cost < dist.get(after, far):
                dist[after] = here + cost
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
