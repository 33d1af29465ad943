"""The search towards treatment in compiled code, for national maps.

Why: on a national map (45,000 services, 180,000 directed links) every persona needs one or
three searches of the whole country towards treatment (`ends.treatment_reach`), about 20 in all,
and in Python each took 0.2 s: most of persona_gap's time, the largest analysis. The same
search as array operations over the reversed adjacency in CSR form (numpy, already a
dependency through pandas) takes a few milliseconds each (benchmarks/README.md).

It answers exactly what `routes.handoffs_to` answers (fewest hand-offs from every service that
can reach the targets; services that may start a route but not carry one), level by level: all
services at `d` hand-offs, closed under co-location (no hand-off), then one hand-off further.
`fast_handoffs` gives a plain dict in graph order (callers only look services up in it);
`levels` gives the array itself, for callers that look up thousands of services by position.
Small maps keep the plain Python search (`SMALL`): the arrays would cost more to make than they
save. `tests/test_fastreach.py` compares the two on hundreds of random maps.

The link arrays are read from the graph once (`Links`), each pair of linked services with its
cheapest link over every link and over written pathways, and shared by both adjacencies and
`fasttrace`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import networkx as nx

from journeymap.graph.index import index, shared
from journeymap.graph.routes import formal_only

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "FAR",
    "LINKS_KEY",
    "SMALL",
    "Adjacency",
    "Links",
    "adjacency",
    "fast_handoffs",
    "levels",
    "links",
    "unique",
]

#: Graphs with fewer services than this are searched in Python (`routes.handoffs_to`).
SMALL = 2_000

#: The hand-offs `levels` gives a service that cannot reach the targets.
FAR = 1 << 30


class Links:
    """Every linked pair of services of G as arrays, in the graph's own order (services in
    graph order, each one's neighbours after it in insertion order).

    `pair_from`, `pair_to` (graph positions) and the fewest hand-offs of the pair's links,
    over every link or over written pathways only (`cheapest`). Cost: O(V + E), one pass
    over the graph's adjacency. One pass, not one per column: the graph's 200,000 link dicts
    lie scattered in memory, and reading them again for each column cost more than the
    Python loop saves.
    """

    def __init__(self, G: nx.MultiDiGraph):
        import numpy as np

        position = index(G).position
        succ = G._succ
        at = position.__getitem__
        after: list[int] = []
        cost: list[int] = []
        formal: list[int] = []
        add_after, add_cost, add_formal = after.append, cost.append, formal.append
        for ahead in succ.values():
            for v, links in ahead.items():
                add_after(at(v))
                if len(links) == 1:
                    for e in links.values():
                        handoffs = e["handoffs"]
                        add_cost(handoffs)
                        add_formal(handoffs if e["formal"] else _NONE)
                else:
                    add_cost(min(e["handoffs"] for e in links.values()))
                    written = [e["handoffs"] for e in links.values() if e["formal"]]
                    add_formal(min(written) if written else _NONE)
        inner = list(succ.values())
        starts = np.fromiter(map(at, succ), np.int64, len(inner))
        self.pair_from = np.repeat(starts, np.fromiter(map(len, inner), np.int64, len(inner)))
        self.pair_to = np.array(after, dtype=np.int64)
        self._cost = np.array(cost, dtype=np.int64)
        self._formal = np.array(formal, dtype=np.int64)

    @classmethod
    def of_links(
        cls,
        count: int,
        sources: np.ndarray,
        targets: np.ndarray,
        kinds: np.ndarray,
        two_way: np.ndarray,
        formal: np.ndarray,
    ) -> Links:
        """The same arrays as `Links(G)` for the graph `build.build_graph` makes of these
        links, without reading the graph back: link i runs from graph position `sources[i]`
        to `targets[i]`, of kind `kinds[i]` (0 co-location, 1 referral, 2 joint working), in
        a graph of `count` services. Array operations only: 0.04 s on a national map, where
        reading the graph's 200,000 link dicts takes 0.25 s.

        `build_graph` adds link i's edge and then its way back (when it runs both ways), so a
        pair's place among its first service's neighbours is that of the first edge between
        the two in that order. Cost: O(E log E).
        """
        import numpy as np

        n = sources.size
        both = (kinds != 1) | two_way
        keep = np.column_stack([np.ones(n, dtype=bool), both]).ravel()  # the edges in order
        start = np.column_stack([sources, targets]).ravel()[keep]
        after = np.column_stack([targets, sources]).ravel()[keep]
        cost = np.repeat((kinds != 0).astype(np.int64), 2)[keep]
        written = np.where(np.repeat(formal, 2)[keep], cost, _NONE)
        pair = start * count + after
        by_pair = np.argsort(pair, kind="stable")  # each pair's edges in the order added
        pair = pair[by_pair]
        first = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]]))
        edge = by_pair[first]  # each pair's first edge
        in_graph = np.argsort(start[edge] * max(start.size, 1) + edge)
        found = cls.__new__(cls)
        found.pair_from, found.pair_to = start[edge][in_graph], after[edge][in_graph]
        if first.size:
            found._cost = np.minimum.reduceat(cost[by_pair], first)[in_graph]
            found._formal = np.minimum.reduceat(written[by_pair], first)[in_graph]
        else:
            found._cost = found._formal = cost[:0]
        return found

    def cheapest(self, formal: bool) -> np.ndarray:
        """The fewest hand-offs of each pair's links (or of its written pathways: `_NONE`
        for a pair with none)."""
        return self._formal if formal else self._cost


_NONE = 1 << 40


#: Where the link arrays are kept with the graph (`index.shared`).
LINKS_KEY = "fastreach-links"


def links(G: nx.MultiDiGraph) -> Links:
    """The link arrays of G (`Links`), kept with the graph (`build_graph` makes them with a
    national map's graph). Cost: O(V + E) the first time."""
    return shared(G, LINKS_KEY, lambda: Links(G))


class Adjacency:
    """The graph reversed, as CSR arrays: for each service (by graph position) the services
    with a link into it, each once, with the fewest hand-offs of those links (0 or 1); and the
    same split in two, `zero` (co-location: no hand-off) and `one`, which the level search reads.
    """

    def __init__(self, names: list[str], into: np.ndarray, before: np.ndarray, cost: np.ndarray):
        import numpy as np

        count = len(names)
        self.names = names
        order = np.argsort(into, kind="stable")
        rows, self.indices, self.costs = into[order], before[order], cost[order]
        self.indptr = _indptr(rows, count)
        zero = self.costs == 0
        self.zero = _Rows(rows[zero], self.indices[zero], count)
        self.one = _Rows(rows[~zero], self.indices[~zero], count)
        #: Services some co-location leads into (the others need no closing under it).
        self.has_zero = np.zeros(count, dtype=bool)
        self.has_zero[rows[zero]] = True


class _Rows:
    """One CSR array: `indices[indptr[i]:indptr[i + 1]]` are the services before service i."""

    def __init__(self, rows: np.ndarray, indices: np.ndarray, count: int):
        self.indices = indices
        self.indptr = _indptr(rows, count)


def _indptr(rows: np.ndarray, count: int) -> np.ndarray:
    import numpy as np

    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=count), out=indptr[1:])
    return indptr


def adjacency(G: nx.MultiDiGraph, formal: bool) -> Adjacency:
    """The reversed adjacency of G over every link, or over written pathways only (`formal`),
    kept with the graph. Cost: O(V + E) array operations the first time."""

    def make() -> Adjacency:
        found = links(G)
        cost = found.cheapest(formal)
        into, before = found.pair_to, found.pair_from
        if formal:
            usable = cost != _NONE
            into, before, cost = into[usable], before[usable], cost[usable]
        return Adjacency(list(index(G).position), into, before, cost)

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

    Cost: O(V + E) array operations, plus O(V + E) for the adjacency the first time per filter.
    """
    position = index(G).position
    if len(position) < SMALL or edge_ok not in (None, formal_only):
        return None
    import numpy as np

    try:
        ends = np.fromiter(map(position.__getitem__, targets), dtype=np.int64)
    except KeyError:
        return None
    stop = np.zeros(len(position), dtype=bool)
    stop[np.fromiter((position[b] for b in blocked if b in position), dtype=np.int64)] = True
    dist = levels(G, ends, stop, formal=edge_ok is not None)
    found = np.flatnonzero(dist < FAR)
    names = itemgetter(*found.tolist())(index(G).names) if found.size else ()
    if found.size == 1:
        names = (names,)
    return dict(zip(names, dist[found].tolist(), strict=True))


def levels(G: nx.MultiDiGraph, ends: np.ndarray, stop: np.ndarray, *, formal: bool) -> np.ndarray:
    """Fewest hand-offs to the services at positions `ends` from every service (`FAR` where
    none), over every link or written pathways only. Services where `stop` is True may start a
    route but not carry one (ends always carry). `stop` is left as it was.

    Cost: O(V + E) array operations, in a few numpy calls per hand-off of the longest route.
    """
    import numpy as np

    adj = adjacency(G, formal)
    ends = unique(ends)
    stop = stop.copy()
    stop[ends] = False  # a target carries routes on even when it is blocked
    go = ~stop
    dist = np.full(len(adj.names), FAR, dtype=np.int64)
    dist[ends] = 0
    owner = np.empty(len(adj.names), dtype=np.int64)  # scratch for `_once`
    frontier, d = ends, 0
    zero_in = adj.has_zero & go
    while frontier.size:
        level = [frontier]
        current = frontier
        while True:  # close the level under co-location (no hand-off)
            current = current[zero_in[current]]
            if not current.size:
                break
            before = _before(adj.zero, current)
            before = before[dist[before] > d]
            if not before.size:
                break
            current = _once(before, owner)
            dist[current] = d
            level.append(current)
        everyone = np.concatenate(level) if len(level) > 1 else frontier
        before = _before(adj.one, everyone[go[everyone]])
        before = before[dist[before] > d + 1]
        frontier = _once(before, owner)
        dist[frontier] = d + 1
        d += 1
    return dist


def _once(found: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Each service of `found` once (in no particular order), without sorting: each writes
    its place into `owner` and the last writer keeps it. Cost: O(len(found))."""
    import numpy as np

    places = np.arange(found.size, dtype=np.int64)
    owner[found] = places
    return found[owner[found] == places]


def _before(rows: _Rows, at: np.ndarray) -> np.ndarray:
    """Every service before the services `at`, as one array (repeats kept)."""
    import numpy as np

    starts = rows.indptr[at]
    lengths = rows.indptr[at + 1] - starts
    upto = np.cumsum(lengths)
    total = int(upto[-1]) if upto.size else 0
    if not total:
        return rows.indices[:0]
    where = np.arange(total, dtype=np.int64) + np.repeat(starts - (upto - lengths), lengths)
    return rows.indices[where]


def unique(codes: np.ndarray) -> np.ndarray:
    """`np.unique(codes)` for integer codes: sorted, each once. Sorting and dropping repeats is
    several times faster than numpy 2's own `unique` (a hash table, then a sort) on these
    arrays (50,000 codes: 4 ms against 29 ms), and does not import `numpy.ma` (10–20 ms of
    a report), as `np.unique` does on its first call."""
    import numpy as np

    ordered = np.sort(codes)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
