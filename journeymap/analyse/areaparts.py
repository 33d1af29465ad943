"""The connected parts of every area's network at once, in array code, for national maps.

Why: a silo is a part of an area's network (its services plus the national ones, links read
without direction) other than the main one. Asked area by area with a union-find in Python,
the 150 areas of a national map took 0.66 s, much of it going over the national services and
their links again for every area. Here one graph holds every area side by side: each local
service once, and a copy of each national service per area (34 × 150 on the national map),
joined as the area's own network joins them; one connected-components pass over it (numpy:
hooking and pointer jumping) gives every area's parts. Only the parts are handed back; which
one is the main part and what the findings say stays in `resilience.silos`.

Used from `fastreach.SMALL` services; tests/test_areaparts.py compares it with the plain
per-area union-find on many random maps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from journeymap.graph import fastreach
from journeymap.graph.index import index
from journeymap.vocab import NATIONAL

if TYPE_CHECKING:
    import numpy as np

__all__ = ["area_parts", "labels"]


def area_parts(G: nx.MultiDiGraph, areas: list[str]) -> dict[str, list[list[str]]]:
    """The connected parts of each area's network, and of the whole graph under `national`.

    An area of `areas` with no service of its own is left out, and so is `national` when no
    part of the whole graph is made of national services only: no silo can be found there.
    Parts are lists of service ids, in no set order. Cost: O(V + E + national services ×
    areas) array operations, times the rounds of `labels` (a few).
    """
    import numpy as np

    ix = index(G)
    adj = fastreach.adjacency(G, formal=False)
    names = adj.names
    n = len(names)
    area_id = {a: i for i, a in enumerate(areas)}
    area_of = np.full(n, -1, dtype=np.int64)  # -1: national
    for name, local in ix.local.items():
        area_of[np.fromiter(map(ix.position.__getitem__, local), np.int64, len(local))] = area_id[
            name
        ]
    national = np.fromiter((ix.position[s] for s in ix.national), dtype=np.int64)
    k = national.size
    slot = np.zeros(n, dtype=np.int64)  # a national service's place among the national ones
    slot[national] = np.arange(k)
    after = np.repeat(np.arange(n, dtype=np.int64), np.diff(adj.indptr))
    before = adj.indices
    a, b = _area_links(area_of, slot, n, k, len(areas), after, before)
    label = labels(n + k * len(areas), a, b)
    # Every local service, and each area's copy of each national service, by (area, part).
    copies = np.arange(n, n + k * len(areas), dtype=np.int64)
    where = np.concatenate([np.flatnonzero(area_of >= 0), copies])
    area = np.concatenate([area_of[area_of >= 0], (copies - n) // max(k, 1)])
    order = np.lexsort((label[where], area))
    where, area, part = where[order], area[order], label[where][order]
    cut = np.flatnonzero((area[1:] != area[:-1]) | (part[1:] != part[:-1])) + 1
    service = where.copy()
    copy = where >= n
    service[copy] = national[(where[copy] - n) % k]
    ids = [names[i] for i in service.tolist()]
    starts = [0, *cut.tolist()] if ids else []
    ends = [*starts[1:], len(ids)] if ids else []
    found: dict[str, list[list[str]]] = {}
    for first, last, i in zip(starts, ends, area[starts].tolist(), strict=True):
        found.setdefault(areas[i], []).append(ids[first:last])
    found = {name: found[name] for name in areas if name in ix.local and name in found}
    whole = _national_parts(G, n, after, before, names)
    if whole is not None:
        found[NATIONAL] = whole
    return found


def _area_links(
    area_of: np.ndarray,
    slot: np.ndarray,
    n: int,
    k: int,
    areas: int,
    after: np.ndarray,
    before: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The links of every area's network, each end numbered in the side-by-side graph: a
    local service by its graph position, area i's copy of national service j as n + i·k + j."""
    import numpy as np

    one, other = area_of[after], area_of[before]
    inside = (one == other) & (one >= 0)
    to_national = (one >= 0) & (other < 0)
    from_national = (one < 0) & (other >= 0)
    national = (one < 0) & (other < 0)
    offsets = n + k * np.arange(areas, dtype=np.int64)
    a = [
        after[inside],
        after[to_national],
        before[from_national],
        (offsets[:, None] + slot[after[national]][None, :]).ravel(),
    ]
    b = [
        before[inside],
        n + k * one[to_national] + slot[before[to_national]],
        n + k * other[from_national] + slot[after[from_national]],
        (offsets[:, None] + slot[before[national]][None, :]).ravel(),
    ]
    return np.concatenate(a), np.concatenate(b)


def _national_parts(
    G: nx.MultiDiGraph, n: int, after: np.ndarray, before: np.ndarray, names: list[str]
) -> list[list[str]] | None:
    """The parts of the whole graph, or None when none is made of national services only (a
    national service with no link to a local one, alone or with others like it)."""
    ix = index(G)
    data = ix.data
    if all(
        any(data[x]["area"] != NATIONAL for x in (*G._succ[s], *G._pred[s])) for s in ix.national
    ):
        return None  # every national service has a local neighbour: no part is all national
    label = labels(n, after, before)
    parts: dict[int, list[str]] = {}
    for i, part in enumerate(label.tolist()):
        parts.setdefault(part, []).append(names[i])
    return list(parts.values())


def labels(count: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each of `count` nodes, the smallest node of its connected part, where the links
    (a[i], b[i]) join nodes (without direction).

    Hooking and pointer jumping: each round, every part's label goes down to the smallest
    label it has a link to, then every node jumps to its label's label until none moves;
    links inside one part are dropped as they are found. Rounds: a few on maps (each at
    least halves the parts that still have links between them, in practice). Cost: O(links)
    array operations per round.
    """
    import numpy as np

    label = np.arange(count, dtype=np.int64)
    while a.size:
        la, lb = label[a], label[b]
        apart = la != lb
        a, b, la, lb = a[apart], b[apart], la[apart], lb[apart]
        if not a.size:
            break
        np.minimum.at(label, np.maximum(la, lb), np.minimum(la, lb))
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
    return label
