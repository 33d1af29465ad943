"""What several analyses ask of the same graph, worked out once per graph.

On a national map (45,000 services in 150 areas) the questions every analysis asks again —
which services are in this area, which are treatment, how far each service is from
treatment, which links lie inside an area — cost a pass over the whole graph each time. Asked
per area and per standard, that made the report quadratic in the number of areas. Here each
is answered once, in one linear pass, and kept with the graph.

The answers are kept in the graph's own `__networkx_cache__`, the dict networkx uses for its
backend caches and empties whenever a node or an edge is added or removed. So a graph
changed through networkx methods is worked out afresh. Changing an attribute in place
(`G.nodes[n]["type"] = …`) is not seen, as with networkx's own caches: build a new graph
from the changed map instead (or call `nx._clear_cache(G)`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable
from itertools import compress
from operator import itemgetter
from typing import Any, TypeVar

import networkx as nx

from journeymap.models import ServiceMap
from journeymap.vocab import NATIONAL

__all__ = [
    "GraphIndex",
    "area_edges",
    "area_nodes",
    "index",
    "map_areas",
    "members",
    "shared",
    "touchpoints",
    "treatment_nodes",
]

T = TypeVar("T")

_KEY = "journeymap"


class GraphIndex:
    """Services by area, the treatment services, and lazily the searches shared by analyses.

    Lists keep the graph's node order (the order of services.csv), so findings built from
    them come out in the same order as a plain pass over `G.nodes` would give.
    """

    def __init__(self, G: nx.MultiDiGraph):
        nodes: dict[str, dict[str, Any]] = getattr(G, "_node", None) or dict(G.nodes(data=True))
        #: Every service, in graph order (`position` the other way round).
        self.names: list[str] = list(nodes)
        self.position: dict[str, int] = dict(zip(self.names, range(len(self.names)), strict=True))
        #: Each service's attribute dict (the graph's own, not a copy): `G.nodes[n]` without
        #: the view, which costs a method call and a type check per look-up.
        self.data: dict[str, dict[str, Any]] = dict(nodes)
        # One C-level pass per column rather than a Python loop per service (45,000 of them).
        areas = list(map(itemgetter("area"), self.data.values()))
        self.local: dict[str, list[str]] = {}
        for node, area in zip(self.names, areas, strict=True):
            found = self.local.get(area)
            if found is None:
                self.local[area] = [node]
            else:
                found.append(node)
        self.national: list[str] = self.local.pop(NATIONAL, [])
        flags = map(itemgetter("treatment"), self.data.values())
        self.treatment: list[str] = list(compress(self.names, flags))
        #: The same as a set, for searches that may not pass through treatment.
        self.treatment_set: frozenset[str] = frozenset(self.treatment)
        self.members: dict[str, list[str]] = {}
        self.reach: dict[str, dict[str, int]] = {}
        self.edges: dict[str, list[tuple[str, str]]] | None = None
        #: Other answers kept for this graph by the modules that work them out (`shared`).
        self.memo: dict[Hashable, Any] = {}


class _Slot:
    """Holds the index inside the graph; pickles as empty, so a copied graph works it out anew."""

    def __init__(self) -> None:
        self.index: GraphIndex | None = None

    def __reduce__(self) -> tuple[type[_Slot], tuple[()]]:
        return (_Slot, ())


def index(G: nx.MultiDiGraph) -> GraphIndex:
    """The graph's index, built on first use (O(V)) and kept until the graph changes."""
    cache: dict[str, Any] | None = getattr(G, "__networkx_cache__", None)
    if cache is None:  # a graph-like object without networkx's cache: work it out each time
        return GraphIndex(G)
    slot = cache.get(_KEY)
    if not isinstance(slot, _Slot):
        slot = cache[_KEY] = _Slot()
    if slot.index is None:
        slot.index = GraphIndex(G)
    return slot.index


def members(G: nx.MultiDiGraph, area: str) -> list[str]:
    """Services of `area` plus national services, in graph order (shared: do not change it).

    Cost: O(services in area + national services) the first time, then O(1).
    """
    ix = index(G)
    found = ix.members.get(area)
    if found is None:
        local = ix.local.get(area, []) if area != NATIONAL else []
        found = list(heapq.merge(local, ix.national, key=ix.position.__getitem__))
        ix.members[area] = found
    return found


def area_edges(G: nx.MultiDiGraph, area: str) -> list[tuple[str, str]]:
    """Every pair (u, v) joined by an edge u → v with both ends in `area` or national.

    Each pair once (however many links join them), in `G.edges()` order. All areas are sorted out
    in one pass over the edges the first time (O(E + national edges × areas)), then O(1).
    """
    ix = index(G)
    if ix.edges is None:
        ix.edges = _split_edges(G, ix)
    return ix.edges.get(area, ix.edges[NATIONAL])  # an area with no services: national only


def _split_edges(G: nx.MultiDiGraph, ix: GraphIndex) -> dict[str, list[tuple[str, str]]]:
    area_of = {n: d["area"] for n, d in ix.data.items()}
    out: dict[str, list[tuple[str, str]]] = {a: [] for a in ix.local}
    out[NATIONAL] = []
    for u, after in G.adjacency():
        au = area_of[u]
        for v in after:
            av = area_of[v]
            if au == av:
                if au == NATIONAL:  # national services belong to every area
                    for edges in out.values():
                        edges.append((u, v))
                else:
                    out[au].append((u, v))
            elif au == NATIONAL:
                out[av].append((u, v))
            elif av == NATIONAL:
                out[au].append((u, v))
    return out


def shared(G: nx.MultiDiGraph, key: Hashable, make: Callable[[], T]) -> T:
    """A value kept with the graph under `key`, made by `make()` the first time it is asked for.

    For answers that several calls on the same graph need (a search per persona shared by
    every area, say). Do not change what it returns.
    """
    memo = index(G).memo
    if key not in memo:
        memo[key] = make()
    value: T = memo[key]
    return value


def map_areas(G: nx.MultiDiGraph, smap: ServiceMap) -> list[str]:
    """`smap.area_names()` for the map G was built from, kept with G; made again when the
    map's services or areas are not the very tuples it was made from (a changed map is a new
    map). Why: each persona's job asks it, a pass over 45,000 services on a national map. Do
    not change the list. Cost: O(V) the first time."""
    memo = index(G).memo
    kept = memo.get("area-names")
    if kept is None or kept[0] is not smap.services or kept[1] is not smap.areas:
        kept = memo["area-names"] = (smap.services, smap.areas, smap.area_names())
    names: list[str] = kept[2]
    return names


def treatment_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Every treatment service (drug and alcohol treatment, residential rehab, inpatient detox)."""
    return list(index(G).treatment)


def touchpoints(G: nx.MultiDiGraph, area: str | None = None) -> list[str]:
    """Non-treatment services, optionally only those of one area (national ones excluded).

    Cost: O(V) for the whole map; for one area, O(services in the area) the first time (see
    `GraphIndex`), then a copy of the list kept with the graph (findings ask it again and again).
    """
    if area is None:
        return [n for n, t in G.nodes(data="treatment") if not t]
    ix = index(G)
    found = ix.memo.get(("touchpoints", area))
    if found is None:
        nodes = ix.national if area == NATIONAL else ix.local.get(area, [])
        data = ix.data
        found = ix.memo["touchpoints", area] = [n for n in nodes if not data[n]["treatment"]]
    return list(found)


def area_nodes(G: nx.MultiDiGraph, area: str) -> list[str]:
    """Services of `area` plus national services, which belong to every area (graph order)."""
    return list(members(G, area))
