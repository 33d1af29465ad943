"""The searches one persona needs, shared by every area (`analyse.personas`).

For a persona: safe routes to treatment that fits her (through no service she avoids), routes
to fitting treatment through services she avoids (what makes a place unsafe), routes to any
treatment (what makes it unfitting); the last two only when some place is cut off. Each is one
search from its ends over the whole graph (`ends.treatment_reach`, DESIGN §3), then a look-up
per place and a forward search per route a finding shows.

Two ways of holding them, with the same answers: `_Plain` (dicts and `routes.route_to`, for
maps of fewer than `fastreach.SMALL` services) and `_Arrays` (on national maps: the searches
as arrays by graph position, `fastreach.levels`, and routes over flat lists,
`fasttrace.trace`), where the ten personas' searches, 7,500 routes and 1,500 area look-ups cost
a second in Python. `tests/test_persona_search.py` compares the two on many random maps.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

import networkx as nx

from journeymap.graph import fastreach
from journeymap.graph.ends import route_into, treatment_reach
from journeymap.graph.fasttrace import Forward, forward, states, trace
from journeymap.graph.index import index, shared, treatment_nodes
from journeymap.graph.routes import Route, route_to
from journeymap.models import Persona
from journeymap.vocab import NATIONAL

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ANY_WAY", "SAFE", "UNFIT", "Searches", "fits", "of_types", "searches"]


def fits(G: nx.MultiDiGraph, node: str, persona: Persona) -> bool:
    """True when treatment service `node` offers any of the persona's needs (or she has none).

    A treatment service of a type she avoids never fits. Cost: O(tags).
    """
    data = index(G).data[node]
    if data["type"] in persona.avoid_types:
        return False
    if not persona.needs_any:
        return True
    offers = set(data["offers"])
    return any((n == "women_only" and data["women_only"]) or n in offers for n in persona.needs_any)


#: The three searches: safe routes, routes through avoided services, routes to any treatment.
SAFE, ANY_WAY, UNFIT = 0, 1, 2


class Searches:
    """One persona's searches (see the module docstring). `hops(kind, node)` is the fewest
    hand-offs from `node` (None: no route) and `route(kind, node)` the route `route_into`
    would give, for `kind` one of SAFE, ANY_WAY, UNFIT."""

    def __init__(self, G: nx.MultiDiGraph, fitting: list[str], avoided: list[str]):
        self.G, self.fitting, self.avoided = G, fitting, avoided
        self._by_area: dict[str, list[str]] | None = None

    def hops(self, kind: int, node: str) -> int | None:
        raise NotImplementedError

    def route(self, kind: int, node: str) -> Route | None:
        raise NotImplementedError

    def many(self, kind: int, nodes: Sequence[str]) -> list[int | None]:
        """`hops(kind, n)` for each of `nodes`."""
        return [self.hops(kind, n) for n in nodes]

    def all_safe(self, nodes: Sequence[str]) -> bool:
        """Whether every one of `nodes` has a safe route."""
        return None not in self.many(SAFE, nodes)

    def fitting_in(self, area: str) -> list[str]:
        """The fitting treatment of one area (or the national ones), in graph order."""
        if self._by_area is None:
            self._by_area = {}
            data = index(self.G).data
            for t in self.fitting:
                self._by_area.setdefault(data[t]["area"], []).append(t)
        return self._by_area.get(area, [])


class _Plain(Searches):
    """The searches as dicts, routes by `routes.route_to` (small maps)."""

    def __init__(self, G: nx.MultiDiGraph, fitting: list[str], avoided: list[str]):
        super().__init__(G, fitting, avoided)
        self._found: list[dict[str, int] | None] = [
            treatment_reach(G, fitting, avoid=avoided),
            None,
            None,
        ]
        treatment = index(G).treatment_set
        self._fitting_set = frozenset(fitting)
        self._blocked = (treatment | set(avoided), treatment)

    def _search(self, kind: int) -> dict[str, int]:
        found = self._found[kind]
        if found is None:
            if kind == ANY_WAY:
                safe = self._found[SAFE]
                found = safe if not self.avoided and safe is not None else None
                if found is None:
                    found = treatment_reach(self.G, self.fitting)
            else:
                found = treatment_reach(self.G, avoid=self.avoided)
            self._found[kind] = found
        return found

    def hops(self, kind: int, node: str) -> int | None:
        return self._search(kind).get(node)

    def many(self, kind: int, nodes: Sequence[str]) -> list[int | None]:
        return list(map(self._search(kind).get, nodes))

    def route(self, kind: int, node: str) -> Route | None:
        toward = self._search(kind)
        if kind == UNFIT:
            return route_into(self.G, node, avoid=self.avoided, toward=toward)
        blocked = self._blocked[0] if kind == SAFE else self._blocked[1]
        return route_to(self.G, node, self._fitting_set, blocked=blocked, toward=toward)


class _Arrays(Searches):
    """The searches as lists by graph position (`fastreach.levels`), routes by
    `fasttrace.trace` (national maps). Cost: a few milliseconds per search."""

    def __init__(
        self,
        G: nx.MultiDiGraph,
        fitting: list[str],
        avoided: list[str],
        fw: Forward,
        avoid_types: tuple[str, ...],
    ):
        import numpy as np

        super().__init__(G, fitting, avoided)
        self._fw, self._avoid_types = fw, avoid_types
        ix = index(G)
        self._position = ix.position
        count = len(ix.names)
        self._fitting = np.zeros(count, dtype=bool)
        self._fitting[np.fromiter(map(ix.position.__getitem__, fitting), np.int64)] = True
        self._treatment = _treatment_mask(G)
        self._stop = self._treatment.copy()
        self._stop[np.fromiter(map(ix.position.__getitem__, avoided), np.int64)] = True
        self._found: list[tuple[list[int], list[int]] | None] = [None, None, None]

    def _search(self, kind: int) -> tuple[list[int], list[int]]:
        """The hand-offs and `fasttrace` states of one search, worked out when first asked."""
        found = self._found[kind]
        if found is None:
            if kind == ANY_WAY and not self.avoided:
                found = self._search(SAFE)
            elif kind == UNFIT:  # the same for every persona who avoids the same types
                key = ("persona-unfit", self._avoid_types)
                found = shared(self.G, key, lambda: self._levels(self._treatment, self._stop))
            else:
                stop = self._treatment if kind == ANY_WAY else self._stop
                found = self._levels(self._fitting, stop)
            self._found[kind] = found
        return found

    def _levels(self, target: np.ndarray, stop: np.ndarray) -> tuple[list[int], list[int]]:
        """The search from the services where `target` holds, through none where `stop` does."""
        dist = fastreach.levels(self.G, target.nonzero()[0], stop, formal=False)
        return dist.tolist(), states(target, stop)

    def hops(self, kind: int, node: str) -> int | None:
        found = self._search(kind)[0][self._position[node]]
        return found if found < fastreach.FAR else None

    def many(self, kind: int, nodes: Sequence[str]) -> list[int | None]:
        toward, far = self._search(kind)[0], fastreach.FAR
        found = map(toward.__getitem__, map(self._position.__getitem__, nodes))
        return [h if h < far else None for h in found]

    def all_safe(self, nodes: Sequence[str]) -> bool:
        toward, far = self._search(SAFE)[0], fastreach.FAR
        return max(map(toward.__getitem__, map(self._position.__getitem__, nodes)), default=0) < far

    def route(self, kind: int, node: str) -> Route | None:
        toward, state = self._search(kind)
        return trace(self.G, self._fw, self._position[node], toward, state)


def _treatment_mask(G: nx.MultiDiGraph) -> np.ndarray:
    def make() -> np.ndarray:
        import numpy as np

        ix = index(G)
        mask = np.zeros(len(ix.names), dtype=bool)
        mask[np.fromiter(map(ix.position.__getitem__, ix.treatment), np.int64)] = True
        return mask

    return shared(G, "treatment-mask", make)


def searches(G: nx.MultiDiGraph, persona: Persona) -> Searches:
    """The persona's searches, kept with the graph (personas with the same needs and avoided
    types share them). Cost: one search of the whole graph the first time."""

    def make() -> Searches:
        fitting = [t for t in treatment_nodes(G) if fits(G, t, persona)]
        avoided = _of_any_type(G, persona.avoid_types)
        if len(index(G).names) >= fastreach.SMALL:
            return _Arrays(G, fitting, avoided, forward(G), persona.avoid_types)
        return _Plain(G, fitting, avoided)

    return shared(G, ("persona", persona.avoid_types, persona.needs_any), make)


def _types(G: nx.MultiDiGraph) -> dict[str, dict[str, list[int]]]:
    """Area (or 'national') -> service type -> the graph positions of its services, in order;
    one pass over the graph, kept with it (every persona asks it of every area). Positions
    rather than names: lists of several types are merged by sorting plain integers."""

    def make() -> dict[str, dict[str, list[int]]]:
        ix = index(G)
        kind_of, position = itemgetter("type"), ix.position
        found: dict[str, dict[str, list[int]]] = {}
        for area, nodes in chain(ix.local.items(), ((NATIONAL, ix.national),)):
            by_type: dict[str, list[int]] = found.setdefault(area, {})
            kinds = map(kind_of, map(ix.data.__getitem__, nodes))
            for p, kind in zip(map(position.__getitem__, nodes), kinds, strict=True):
                listed = by_type.get(kind)
                if listed is None:
                    by_type[kind] = [p]
                else:
                    listed.append(p)
        return found

    return shared(G, "persona-types", make)


def _merged(G: nx.MultiDiGraph, lists: list[list[int]]) -> list[str]:
    """The services at the positions of several lists (each in order), in graph order."""
    lists = [x for x in lists if x]
    names = index(G).names
    if len(lists) == 1:
        return [names[p] for p in lists[0]]
    return [names[p] for p in sorted(chain.from_iterable(lists))]


def of_types(G: nx.MultiDiGraph, area: str, types: Sequence[str]) -> list[str]:
    """The area's services plus national ones of the given types, in graph order (kept with
    the graph: do not change it)."""

    def make() -> list[str]:
        by_area = _types(G)
        kinds = dict.fromkeys(types)
        here = by_area.get(area, {}) if area != NATIONAL else {}
        national = by_area.get(NATIONAL, {})
        return _merged(
            G, [*(here.get(t, []) for t in kinds), *(national.get(t, []) for t in kinds)]
        )

    return shared(G, ("persona-entries", area, tuple(types)), make)


def _of_any_type(G: nx.MultiDiGraph, types: Sequence[str]) -> list[str]:
    """Every service of the given types, in graph order."""
    kinds = dict.fromkeys(types)
    return _merged(G, [by.get(t, []) for by in _types(G).values() for t in kinds])
