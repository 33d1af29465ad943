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

- *first step*: from the source, take the first link (in the graph's order) onto a service
  that lies on a quickest route and may carry one; while every such step is a hand-off (no
  co-location), this is the route `route_to` finds, since each service on it is the first
  that search takes from its level, and its first such link the first it queues.
- otherwise, `route_to`'s own search, over the flat lists (the same order of steps).

`tests/test_fasttrace.py` compares it with `route_to` on many random maps.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

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
    with its cheapest link (fewest hand-offs, then the lowest key: links.csv order)."""

    def __init__(self, start: list[int], after: list[int], cost: list[int], key: list[int]):
        self.start, self.after, self.cost, self.key = start, after, cost, key


def forward(G: nx.MultiDiGraph) -> Forward | None:
    """The graph's `Forward` lists, kept with it; None when some link key is not an integer
    (the caller then asks `route_to`). Cost: O(V + E) array operations the first time."""

    def make() -> Forward | None:
        import numpy as np

        found = links(G)
        keys = found.keys
        if keys is None:
            return None
        cost, key = found.handoffs, keys
        if found.pair_links.size and int(found.pair_links.max()) > 1:
            pair = np.repeat(np.arange(found.pair_links.size), found.pair_links)
            order = np.lexsort((keys, found.handoffs, pair))  # cheapest, then first listed
            first = order[found.pair_starts()]
            cost, key = found.handoffs[first], keys[first]
        start = found.pair_from
        count = len(index(G).names)
        if start.size > 1 and bool((start[1:] < start[:-1]).any()):  # not in graph order
            order = np.argsort(start, kind="stable")
            start, cost, key = start[order], cost[order], key[order]
            after = found.pair_to[order]
        else:
            after = found.pair_to
        indptr = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(start, minlength=count), out=indptr[1:])
        return Forward(indptr.tolist(), after.tolist(), cost.tolist(), key.tolist())

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
        return Route((index(G).names[source],), (), 0)
    found = _first_steps(fw, source, toward, state)
    if found is None:
        found = _search(fw, source, toward, state)
    path, keys = found
    names = index(G).names
    return Route(tuple([names[p] for p in path]), tuple(keys), best)


def _first_steps(
    fw: Forward, source: int, toward: Sequence[int], state: Sequence[int]
) -> tuple[list[int], list[int]] | None:
    """The route by first steps, or None as soon as a step is a co-location."""
    start, after, cost, key = fw.start, fw.after, fw.cost, fw.key
    path, keys = [source], []
    u = source
    while True:
        here = toward[u]
        for i in range(start[u], start[u + 1]):
            w = after[i]
            if cost[i] + toward[w] <= here and state[w] != STOP:
                break
        else:  # pragma: no cover - toward is the search to these targets: some step fits
            return None
        if not cost[i]:
            return None
        path.append(w)
        keys.append(key[i])
        if state[w] == TARGET:
            return path, keys
        u = w


def _search(
    fw: Forward, source: int, toward: Sequence[int], state: Sequence[int]
) -> tuple[list[int], list[int]]:
    """`route_to`'s 0-1 search from `source`, stepping only along quickest routes."""
    start, after, cost = fw.start, fw.after, fw.cost
    parent: dict[int, tuple[int, int]] = {source: (-1, -1)}  # service -> (before, link entry)
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
            parent[w] = (u, i)
            if cost[i]:
                queue.append(w)
            else:
                queue.appendleft(w)
    raise AssertionError("toward says a route exists")  # pragma: no cover


def _back(fw: Forward, end: int, parent: dict[int, tuple[int, int]]) -> tuple[list[int], list[int]]:
    path, keys = [end], []
    u, entry = parent[end]
    while u >= 0:
        path.append(u)
        keys.append(fw.key[entry])
        u, entry = parent[u]
    path.reverse()
    keys.reverse()
    return path, keys
