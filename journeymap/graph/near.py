"""Services within one hand-off of many services at once, in array code, for national maps.

Why: every pathway standard of every area asks which services lie within one hand-off of each
community treatment service (`routes.within(G, b, 1, …)`: into it and out of it, over every
link and over written pathways only). On a national map that was four Python searches for each
of about 530 services, 1 s of the scorecard's 1.9 s, mostly spent reading the links of hubs one
hand-off away only to find that they lead further. Here the same sets come from the CSR arrays
that `fastreach` keeps for the search from treatment, for all the services in one go: a few
array operations per level, milliseconds in all.

The answer is a sorted array of pairs coded as `source index × V + service position`, so the
services near one source are a slice in graph order (what the scorecard walks through).
`tests/test_standards_fast.py` sets it against `routes.within` on many random maps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from journeymap.graph.fastreach import adjacency, unique
from journeymap.graph.index import shared

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Csr", "csr", "has", "near_pairs", "unique"]


class Csr:
    """One direction of the graph's adjacency as CSR arrays: for each service (by position)
    its neighbours that way, each once, with the fewest hand-offs of the links between
    (`indptr`, `indices`, `costs`), and the same kept to co-locations alone (`free`, no
    hand-off): a search bounded to one hand-off reads only the co-locations of the services
    one hand-off away, far fewer than all their links.

    Made from the links as rows sorted by service (`rows`, `cols`, `costs`)."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, count: int):
        self.count = count
        self.indptr = _indptr(rows, count)
        self.indices, self.costs = cols, costs
        free = costs == 0
        self.free = (_indptr(rows[free], count), cols[free])


def _indptr(rows: np.ndarray, count: int) -> np.ndarray:
    """Where each service's entries start in `rows` (sorted), and where the last ends."""
    import numpy as np

    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=count), out=indptr[1:])
    return indptr


def csr(G: nx.MultiDiGraph, *, into: bool, formal: bool) -> Csr:
    """The services before each service (`into`) or after it, over every link or written
    pathways only (`formal`), from `fastreach.adjacency` (the reversed graph) or its
    transpose; kept with the graph. Cost: O(E log E) the first time for each."""

    def make() -> Csr:
        import numpy as np

        back = adjacency(G, formal)
        count = len(back.names)
        rows = np.repeat(np.arange(count, dtype=np.int64), np.diff(back.indptr))
        if into:
            return Csr(rows, back.indices, back.costs, count)
        # By the service before: one sort of `before × E + entry` gives both the sorted
        # services and the order (twice as fast as `argsort` on 200,000 links).
        size = back.indices.size
        ordered = np.sort(back.indices * size + np.arange(size, dtype=np.int64))
        order = ordered % size
        return Csr(ordered // size, rows[order], back.costs[order], count)

    return shared(G, ("near-csr", into, formal), make)


def near_pairs(adj: Csr, sources: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """For each of `sources` (positions), every service at most one hand-off from it over `adj`,
    as sorted codes `i × V + position` (i: the source's index in `sources`; V: services).

    `stop` marks services that may end a route but not carry one (a source always carries its
    own). The same sets as `routes.within(G, source, 1, …, blocked=…)`: the source's own site
    (co-location costs nothing), one hand-off from there, and that site's co-located services.
    Cost: a few array operations per co-location level, O(size of the answer + links read).
    """
    import numpy as np

    count = adj.count
    seen = np.arange(sources.size, dtype=np.int64) * count + sources
    seen = _close(adj, sources, stop, seen, seen)
    one = _step(adj, sources, stop, seen, 1)
    one = one[~has(seen, one)]
    return _close(adj, sources, stop, one, _merge(seen, one))


def _close(
    adj: Csr, sources: np.ndarray, stop: np.ndarray, frontier: np.ndarray, seen: np.ndarray
) -> np.ndarray:
    """`seen` with every service that the `frontier` reaches by co-location alone added."""

    while frontier.size:
        found = _step(adj, sources, stop, frontier, 0)
        frontier = found[~has(seen, found)]
        seen = _merge(seen, frontier)
    return seen


def _merge(seen: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Sorted `seen` with sorted `new` (none of them in it) put in place: one copy, no sort."""
    import numpy as np

    return np.insert(seen, seen.searchsorted(new), new)


def _step(
    adj: Csr, sources: np.ndarray, stop: np.ndarray, codes: np.ndarray, cost: int
) -> np.ndarray:
    """The codes one link of `cost` hand-offs on from `codes`, from services that may carry a
    route (not stopped, or the source itself)."""
    import numpy as np

    indptr, indices = (adj.indptr, adj.indices) if cost else adj.free
    owner, node = np.divmod(codes, adj.count)
    carry = ~stop[node] | (node == sources[owner])
    owner, node = owner[carry], node[carry]
    starts = indptr[node]
    lengths = indptr[node + 1] - starts
    total = int(lengths.sum())
    if not total:
        return codes[:0]
    offsets = np.cumsum(lengths) - lengths
    at = np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)
    found = np.repeat(owner, lengths) * adj.count + indices[at]
    return unique(found[adj.costs[at] == 1] if cost else found)


def has(sorted_codes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Which of `codes` are in `sorted_codes` (sorted, each once): a binary search each."""
    import numpy as np

    if not sorted_codes.size:
        return np.zeros(codes.shape, dtype=bool)
    at = sorted_codes.searchsorted(codes).clip(max=sorted_codes.size - 1)
    return sorted_codes[at] == codes
