"""The search towards treatment in compiled code, for national maps.

Why: on a national map (45,000 services, 180,000 directed links) every persona needs one or
three searches of the whole country towards treatment (`ends.treatment_reach`), about 20 in all,
and in Python each took 0.2 s: most of persona_gap's time, the largest analysis. The same
search as array operations over the reversed adjacency in CSR form (numpy, already a
dependency through pandas) takes a few milliseconds each (benchmarks/README.md).

It answers exactly what `routes.handoffs_to` answers (fewest hand-offs from every service that
can reach the targets; services that may start a route but not carry one), level by level: all
services at `d` hand-offs, closed under co-location (no hand-off), then one hand-off further.
The result is a plain dict in graph order (callers only look services up in it). Small maps
keep the plain Python search (`SMALL`): the arrays would cost more to make than they save.
`tests/test_fastreach.py` compares the two on hundreds of random maps.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from journeymap.graph.index import index, shared
from journeymap.graph.routes import formal_only

if TYPE_CHECKING:
    import numpy as np

__all__ = ["SMALL", "Adjacency", "adjacency", "fast_handoffs"]

#: Graphs with fewer services than this are searched in Python (`routes.handoffs_to`).
SMALL = 2_000

_FAR = 1 << 30


class Adjacency:
    """The graph reversed, as CSR arrays: for each service (by graph position) the services
    with a link into it, each once, and the fewest hand-offs of those links (0 or 1)."""

    def __init__(self, names: list[str], into: np.ndarray, before: np.ndarray, cost: np.ndarray):
        import numpy as np

        count = len(names)
        self.names = names
        order = np.lexsort((cost, before, into))  # by service, the one before, cheapest first
        rows, cols, cost = into[order], before[order], cost[order]
        first = np.ones(rows.size, dtype=bool)  # the cheapest link of each pair
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        rows, self.indices, self.costs = rows[first], cols[first], cost[first]
        self.indptr = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=count), out=self.indptr[1:])


def _links(G: nx.MultiDiGraph) -> np.ndarray:
    """Every directed link of G as a row (service into, service before, hand-offs, formal),
    services by graph position; one pass over the graph, kept with it."""

    def make() -> np.ndarray:
        import numpy as np

        position = index(G).position
        rows = [
            (position[v], pu, e["handoffs"], e["formal"])
            for u, after in G._succ.items()
            for pu in (position[u],)
            for v, keys in after.items()
            for e in keys.values()
        ]
        return np.array(rows, dtype=np.int64).reshape(-1, 4)

    return shared(G, "fastreach-links", make)


def adjacency(G: nx.MultiDiGraph, formal: bool) -> Adjacency:
    """The reversed adjacency of G over every link, or over written pathways only (`formal`),
    kept with the graph. Cost: O(V + E) the first time."""

    def make() -> Adjacency:
        links = _links(G)
        if formal:
            links = links[links[:, 3] != 0]
        return Adjacency(list(index(G).position), links[:, 0], links[:, 1], links[:, 2])

    return shared(G, ("fastreach-adjacency", formal), make)


def fast_handoffs(
    G: nx.MultiDiGraph,
    targets: Iterable[str],
    *,
    blocked: Collection[str],
    edge_ok: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, int] | None:
    """`routes.handoffs_to(G, targets, edge_ok=edge_ok, blocked=blocked)`, or None when the
    graph is small, a target is not in it, or `edge_ok` is neither None (every link) nor
    `routes.formal_only` (the caller then searches in Python).

    Cost: O(V + E) array operations, plus O(V) for the adjacency the first time per filter.
    """
    position = index(G).position
    if len(position) < SMALL or edge_ok not in (None, formal_only):
        return None
    import numpy as np

    try:
        ends = np.fromiter((position[t] for t in targets), dtype=np.int64)
        stop_at = np.fromiter((position[b] for b in blocked if b in position), dtype=np.int64)
    except KeyError:
        return None
    adj = adjacency(G, formal=edge_ok is not None)
    stop = np.zeros(len(position), dtype=bool)
    stop[stop_at] = True
    stop[ends] = False  # a target carries routes on even when it is blocked
    dist = _levels(adj, np.unique(ends), stop)
    found = np.flatnonzero(dist < _FAR)
    names = adj.names
    return dict(zip([names[i] for i in found.tolist()], dist[found].tolist(), strict=True))


def _levels(adj: Adjacency, ends: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Fewest hand-offs to `ends` for every service, level by level (0-1 breadth first)."""
    import numpy as np

    dist = np.full(len(adj.names), _FAR, dtype=np.int64)
    dist[ends] = 0
    frontier, d = ends, 0
    while frontier.size:
        level = [frontier]
        current = frontier
        while current.size:  # close the level under co-location (no hand-off)
            before, cost = _before(adj, current[~stop[current]])
            zero = before[cost == 0]
            zero = np.unique(zero[dist[zero] > d])
            dist[zero] = d
            level.append(zero)
            current = zero
        everyone = np.concatenate(level)
        before, cost = _before(adj, everyone[~stop[everyone]])
        one = before[cost == 1]
        one = np.unique(one[dist[one] > d + 1])
        dist[one] = d + 1
        frontier, d = one, d + 1
    return dist


def _before(adj: Adjacency, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (service before, hand-offs) of the links into `rows`, as two arrays."""
    import numpy as np

    starts = adj.indptr[rows]
    lengths = adj.indptr[rows + 1] - starts
    total = int(lengths.sum())
    if not total:
        return adj.indices[:0], adj.costs[:0]
    offsets = np.cumsum(lengths) - lengths
    at = np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)
    return adj.indices[at], adj.costs[at]
