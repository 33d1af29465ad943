"""Route questions over the graph: fewest hand-offs to a set of services, and the route itself.

Fewest hand-offs is a 0-1 shortest path (a referral or joint working costs one hand-off, a
co-location none), answered by a deque-based breadth-first search in O(V + E): one search
from all treatment services at once over reversed edges gives every service's distance.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = [
    "Backward",
    "EdgeFilter",
    "Route",
    "as_set",
    "formal_only",
    "handoffs_to",
    "route_to",
    "traced",
    "within",
]

EdgeFilter = Callable[[dict[str, Any]], bool]


def formal_only(data: dict[str, Any]) -> bool:
    """Edge filter: only links with a written protocol or agreed pathway."""
    return bool(data["formal"])


#: Each service's neighbours before it, each once, with the fewest hand-offs between.
Backward = Mapping[str, Sequence[tuple[str, int]]]


def handoffs_to(
    G: nx.MultiDiGraph,
    targets: Iterable[str],
    *,
    edge_ok: EdgeFilter | None = None,
    blocked: Collection[str] = (),
    backward: Backward | None = None,
) -> dict[str, int]:
    """Fewest hand-offs from every service that can reach `targets` to the nearest of them.

    Services absent from the result cannot reach any target. `edge_ok` limits which links may
    be used; `blocked` services may start a route but not be passed through. `backward`, for a
    search over every link, is the graph's adjacency as lists (`ends.treatment_reach` keeps
    them per graph): read several times faster than the graph's dicts of link dicts, the same
    answer. Cost: O(V + E).
    """
    blocked = as_set(blocked)
    dist: dict[str, int] = {}
    queue: deque[str] = deque()
    for t in targets:
        dist[t] = 0
        queue.append(t)
    ends = set(dist)
    steps = _steps(G, edge_ok) if backward is None else backward.__getitem__
    far = 1 << 30
    while queue:
        node = queue.popleft()
        d = dist[node]
        if node in blocked and node not in ends:
            continue  # a blocked service may start a route (it has a distance) but not carry one
        for before, cost in steps(node):
            if d + cost < dist.get(before, far):
                dist[before] = d + cost
                if cost:
                    queue.append(before)
                else:
                    queue.appendleft(before)
    return dist


def _steps(
    G: nx.MultiDiGraph, edge_ok: EdgeFilter | None
) -> Callable[[str], Iterable[tuple[str, int]]]:
    """The services before a service, with the fewest hand-offs over the links `edge_ok` allows.
    Reads the raw adjacency dicts: networkx's public views wrap every lookup in Python-level
    Mapping objects, which made the search three times slower on a national map."""
    pred = G._pred

    def steps(node: str) -> Iterable[tuple[str, int]]:
        for before, edges in pred[node].items():
            cost = _cheapest(edges, edge_ok)
            if cost is not None:
                yield before, cost

    return steps


def as_set(items: Collection[str]) -> Collection[str]:
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
    targets = as_set(targets)
    blocked = as_set(blocked)
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
            return traced(node, parent, dist[node])
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


def traced(end: str, parent: dict[str, tuple[str, int]], handoffs: int) -> Route:
    """The route a search's `parent` steps lead back from `end` (each service to the one it
    was reached from, and the link by which), with `handoffs`. Cost: O(length)."""
    services, links = [end], []
    while end in parent:
        end, key = parent[end]
        services.append(end)
        links.append(key)
    return Route(tuple(reversed(services)), tuple(reversed(links)), handoffs)


def within(
    G: nx.MultiDiGraph,
    source: str,
    limit: int,
    *,
    forward: bool = True,
    edge_ok: EdgeFilter | None = None,
    blocked: Collection[str] = (),
) -> dict[str, int]:
    """Fewest hand-offs from `source` (or, with `forward` False, to it) for every service at
    most `limit` hand-offs away. `blocked` services may end a route but not carry one.

    A bounded `handoffs_to`: it looks only at what lies within `limit` hand-offs (services
    joined by co-location, at no hand-off, are all looked at), so asking it for each of an
    area's treatment services stays cheap on a national map. Cost: the size of that
    neighbourhood.
    """
    blocked = as_set(blocked)
    adjacency = G._succ if forward else G._pred  # raw adjacency, as in handoffs_to
    formal = edge_ok is formal_only  # the usual filters read inline: no call per link
    dist = {source: 0}
    queue: deque[str] = deque([source])
    far = limit + 1
    while queue:
        node = queue.popleft()
        d = dist[node]
        if node in blocked and node != source:
            continue
        for other, edges in adjacency[node].items():
            if edge_ok is None and len(edges) == 1:
                for e in edges.values():
                    cost = e["handoffs"]
            elif formal:
                costs = [e["handoffs"] for e in edges.values() if e["formal"]]
                if not costs:
                    continue
                cost = min(costs)
            else:
                cheapest = _cheapest(edges, edge_ok)
                if cheapest is None:
                    continue
                cost = cheapest
            if d + cost > limit or d + cost >= dist.get(other, far):
                continue
            dist[other] = d + cost
            if cost:
                queue.append(other)
            else:
                queue.appendleft(other)
    return dist
