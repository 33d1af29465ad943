"""The quickest route from one service, on a national map, given the search from its ends.

Why: a persona finding names up to eight routes and one per cut-off place; on a national map
that is 7,500 routes, and `routes.route_to` (a search over the graph's dicts of link dicts)
took about 45 µs each, a third of persona_gap. Here the graph's links are read once into
flat lists by graph position (`Forward`), and each route is found over them.

The answer is exactly `route_to(G, source, targets, blocked=blocked, toward=toward)` when
`toward` is the search from the same targets with the same blocked services (`levels`, as
`ends.treatment_reach` gives). Then every service that search steps onto lies on a quickest
route, so its hand-offs from the source are fixed (`toward[source] - toward[service]`) and
the first link that reaches a service is the one it keeps. Two ways:

- *first steps*: from the source, take the first hand-off (in the graph's order) onto a
  service that lies on a quickest route and may carry one (or is a target), and so on. While
  there is such a step, this is the route `route_to` finds: each service on it is the first
  that search takes at its number of hand-offs, and that service's hand-offs are the first it
  queues for the next number (co-locations from it are all taken before the next number).
- otherwise, `route_to`'s own search, over the flat lists (the same order of steps).

`tests/test_fasttrace.py` compares it with `route_to` on many random maps.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from journeymap.graph.fastreach import FAR, links
from journeymap.graph.index import index, shared
from journeymap.graph.routes import Route

if TYPE_CHECKING:
    import numpy as np

__all__ = ["FREE", "STOP", "TARGET", "Forward", "forward", "trace"]

#: What a service is to one search (`trace`'s `state`): a target, a service that may start a
#: route but not carry one, or neither.
FREE, STOP, TARGET = 0, 1, 2


class Forward:
    """Each service's neighbours after it, as flat lists by graph position: for service `u`,
    entries `start[u]` to `start[u + 1]`, in the order of the graph's adjacency, each pair once
    with the fewest hand-offs of its links. `key(u, w)` is the key of the link from u to w a
    route takes (fewest hand-offs, then the lowest key: links.csv order), read from the graph
    only for the links routes take."""

    def __init__(
        self, G: nx.MultiDiGraph, start: list[int], after: list[int], cost: list[int]
    ) -> None:
        self.names = index(G).names
        self.start, self.after, self.cost = start, after, cost
        self._succ = G._succ

    def key(self, u: int, w: int) -> Any:
        names = self.names
        keyed = self._succ[names[u]][names[w]]
        if len(keyed) == 1:
            return next(iter(keyed))
        return min((e["handoffs"], k) for k, e in keyed.items())[1]


def forward(G: nx.MultiDiGraph) -> Forward:
    """The graph's `Forward` lists, kept with it. Cost: O(V + E) array operations the first
    time."""

    def make() -> Forward:
        import numpy as np

        found = links(G)
        cost, after, start = found.cheapest(False), found.pair_to, found.pair_from
        if start.size > 1 and bool((start[1:] < start[:-1]).any()):  # not in graph order
            order = np.argsort(start, kind="stable")
            start, cost, after = start[order], cost[order], after[order]
        count = len(index(G).names)
        indptr = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(start, minlength=count), out=indptr[1:])
        return Forward(G, indptr.tolist(), after.tolist(), cost.tolist())

    return shared(G, "fasttrace-forward", make)


def states(target: np.ndarray, stop: np.ndarray) -> list[int]:
    """`trace`'s `state` list from two masks by graph position."""
    import numpy as np

    state = np.where(target, TARGET, np.where(stop, STOP, FREE))
    found: list[int] = state.tolist()
    return found


def trace(
    G: nx.MultiDiGraph, fw: Forward, source: int, toward: Sequence[int], state: Sequence[int]
) -> Route | None:
    """`route_to(G, name of source, targets, blocked=..., toward=...)` by graph positions:
    `toward` the hand-offs of every service to the targets (`FAR`: none), `state` each
    service's `TARGET`, `STOP` (blocked) or `FREE`. Cost: the length of the route, or the
    size of the quickest routes when some of them pass a co-location."""
    best = toward[source]
    if best >= FAR:
        return None
    if state[source] == TARGET:
        return Route((fw.names[source],), (), 0)
    found = _first_steps(fw, source, toward, state)
    if found is None:
        found = _search(fw, source, toward, state)
    path, keys = found
    names = fw.names
    return Route(tuple([names[p] for p in path]), tuple(keys), best)


def _first_steps(
    fw: Forward, source: int, toward: Sequence[int], state: Sequence[int]
) -> tuple[list[int], list[Any]] | None:
    """The route by first steps, or None where only a co-location leads on."""
    start, after, cost = fw.start, fw.after, fw.cost
    path: list[int] = [source]
    keys: list[Any] = []
    u = source
    while True:
        here = toward[u] - 1
        for i in range(start[u], start[u + 1]):
            w = after[i]
            if cost[i] and toward[w] <= here and state[w] != STOP:
                break
        else:  # only co-locations lead on from here
            return None
        path.append(w)
        keys.append(fw.key(u, w))
        if state[w] == TARGET:
            return path, keys
        u = w


def _search(
    fw: Forward, source: int, toward: Sequence[int], state: Sequence[int]
) -> tuple[list[int], list[Any]]:
    """`route_to`'s 0-1 search from `source`, stepping only along quickest routes."""
    start, after, cost = fw.start, fw.after, fw.cost
    parent: dict[int, int] = {source: -1}  # service -> the service before it
    queue = deque([source])
    while queue:
        u = queue.popleft()
        if state[u] == TARGET:
            return _back(fw, u, parent)
        if state[u] == STOP and u != source:
            continue
        here = toward[u]
        for i in range(start[u], start[u + 1]):
            w = after[i]
            if w in parent or cost[i] + toward[w] > here:
                continue
            parent[w] = u
            if cost[i]:
                queue.append(w)
            else:
                queue.appendleft(w)
    raise AssertionError("toward says a route exists")  # pragma: no cover


def _back(fw: Forward, end: int, parent: dict[int, int]) -> tuple[list[int], list[Any]]:
    path: list[int] = [end]
    keys: list[Any] = []
    w, u = end, parent[end]
    while u >= 0:
        path.append(u)
        keys.append(fw.key(u, w))
        w, u = u, parent[u]
    path.reverse()
    keys.reverse()
    return path, keys
