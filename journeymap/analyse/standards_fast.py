"""The scorecard's look-ups for every area at once, in array code, for national maps.

Why: the scorecard asks, for each of 150 areas and each of 31 standards, which services the
area's women can be sent on to, which of them are of a type, and (for the 12 pathway
standards) which services lie within one hand-off of each treatment service the area is joined
to. Asked area by area and standard by standard in Python, that took 1.9 s on a national map.
Here each question is answered once for all areas, as array operations over the CSR adjacency
`fastreach` keeps (`graph.near`), and the answers for one area are then look-ups.

The answers are exactly `standards._reached`, `_offer_scope`, and the walk of `_pathway`
(services in graph order, targets in graph order, the services near each target in graph
order); `standards.py` turns them into results with its own sentences. Used on graphs of
`fastreach.SMALL` services or more; `tests/test_standards_fast.py` compares the scorecard both
ways on many random maps.
"""

from __future__ import annotations

from collections.abc import Collection
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

from journeymap.graph import fastreach
from journeymap.graph.fastreach import Adjacency
from journeymap.graph.index import index, shared
from journeymap.graph.near import csr, has, near_pairs, unique

if TYPE_CHECKING:
    import numpy as np

__all__ = ["COMMUNITY", "AreaTable", "Walk", "area_table"]

COMMUNITY = "drug_alcohol_treatment"


class Walk(NamedTuple):
    """How a pathway standard's walk through an area's targets and the services near them
    ends: at a service `met` both ways formally (a, b), or with the services `partly` joined
    (in the order met) and the first one that can be referred to but has no way in."""

    met: tuple[str, str] | None
    partly: list[str]
    one_way_in: tuple[str, str] | None


class AreaTable:
    """Per graph: each area's services and the services it reaches or is joined to, as sorted
    codes `area × V + position` (V: services), every service's type, and each area's
    touchpoints counted."""

    def __init__(self, G: nx.MultiDiGraph):
        import numpy as np

        ix = index(G)
        self.G = G
        self.names = list(ix.position)
        self.count = count = len(self.names)
        self.areas = list(ix.local)
        self.code = {a: i for i, a in enumerate(self.areas)}
        self.area_of = np.full(count, -1, dtype=np.int64)  # -1: national
        for i, nodes in enumerate(ix.local.values()):
            self.area_of[np.fromiter(map(ix.position.__getitem__, nodes), np.int64, len(nodes))] = i
        kinds = list(map(itemgetter("type"), ix.data.values()))
        self.types = {t: i for i, t in enumerate(dict.fromkeys(kinds))}
        self.type_of = np.fromiter(map(self.types.__getitem__, kinds), np.int64, count)
        treatment = np.zeros(count, dtype=bool)
        treatment[[ix.position[n] for n in ix.treatment]] = True
        self.treatment = treatment
        own = self.area_of[~treatment]
        #: `len(touchpoints(G, area))` for every area, by area code.
        self.touchpoints = np.bincount(own[own >= 0], minlength=len(self.areas)).tolist()
        self.reached, self.joined = _reach_codes(self.area_of, fastreach.adjacency(G, False))
        #: Each area's own community treatment, in graph order (`_offer_scope`'s 'community').
        self.community: dict[str, list[str]] = {}
        for n in ix.treatment:
            if ix.data[n]["type"] == COMMUNITY and ix.data[n]["area"] in self.code:
                self.community.setdefault(ix.data[n]["area"], []).append(n)
        self.memo: dict[object, object] = {}

    def reached_of(self, area: str, wanted: frozenset[str], women_only: bool) -> list[str]:
        """`standards._reached(G, area)` kept to services of the `wanted` types (and
        women-only ones, with `women_only`): in graph order. Worked out for every area at
        once the first time a rule asks. Cost: O(services reached by all areas)."""
        key = ("reached", wanted, women_only)
        if key not in self.memo:
            self.memo[key] = self._reached_all(wanted, women_only)
        found: dict[str, list[str]] = self.memo[key]  # type: ignore[assignment]
        return list(found.get(area, ()))

    def _reached_all(self, wanted: frozenset[str], women_only: bool) -> dict[str, list[str]]:
        n, names = self.count, self.names
        codes = self.reached[self._mask(wanted)[self.reached % n]].tolist()
        data = index(self.G).data
        out: dict[str, list[str]] = {}
        for code in codes:
            area, node = divmod(code, n)
            if not women_only or data[names[node]]["women_only"]:
                out.setdefault(self.areas[area], []).append(names[node])
        return out

    def _mask(self, wanted: Collection[str]) -> np.ndarray:
        """Which services are of the `wanted` types, by position (kept per set of types)."""
        import numpy as np

        key = ("mask", frozenset(wanted))
        if key not in self.memo:
            of_type = np.zeros(len(self.types), dtype=bool)
            of_type[[self.types[t] for t in wanted if t in self.types]] = True
            self.memo[key] = of_type[self.type_of]
        found: np.ndarray = self.memo[key]  # type: ignore[assignment]
        return found

    def walks(self, ends: frozenset[str], first: frozenset[str]) -> dict[str, Walk]:
        """`standards._pathway`'s walk for every area that meets any service of the `first`
        types near a target of the `ends` types (other areas: no route). Kept per rule."""
        key = ("walks", ends, first)
        if key not in self.memo:
            self.memo[key] = _walks(self, self._events(ends), first)
        found: dict[str, Walk] = self.memo[key]  # type: ignore[assignment]
        return found

    def _events(self, ends: frozenset[str]) -> Events:
        key = ("events", ends)
        if key not in self.memo:
            self.memo[key] = _events(self, ends)
        found: Events = self.memo[key]  # type: ignore[assignment]
        return found


def area_table(G: nx.MultiDiGraph) -> AreaTable | None:
    """The graph's `AreaTable`, or None on a graph of fewer than `fastreach.SMALL` services
    (the scorecard then asks area by area in Python). Cost: O(V + E) array work, once."""
    if len(index(G).position) < fastreach.SMALL:
        return None
    return shared(G, "standards-area-table", lambda: AreaTable(G))


def _reach_codes(area_of: np.ndarray, back: Adjacency) -> tuple[np.ndarray, np.ndarray]:
    """Per area (codes `area × V + position`): its services and the national ones, with the
    services elsewhere its services link to (`_reached`), and also those linking to them
    (`_reached(…, both_ways=True)`)."""
    import numpy as np

    count = area_of.size
    before = back.indices
    after = np.repeat(np.arange(count, dtype=np.int64), np.diff(back.indptr))
    own = np.flatnonzero(area_of >= 0)
    national = np.flatnonzero(area_of < 0)
    areas = int(area_of.max(initial=-1)) + 1
    members = [
        area_of[own] * count + own,
        (np.arange(areas, dtype=np.int64)[:, None] * count + national).ravel(),
    ]
    sent = _across(area_of, before, after)
    got = _across(area_of, after, before)
    return unique(np.concatenate([*members, sent])), unique(np.concatenate([*members, sent, got]))


def _across(area_of: np.ndarray, home: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Codes `area × V + other` for links between a service of an area (`home`) and one of
    another area (`other`); national services, in every area already, are left out."""
    here, there = area_of[home], area_of[other]
    keep = (here >= 0) & (there >= 0) & (here != there)
    return here[keep] * len(area_of) + other[keep]


class Events(NamedTuple):
    """Every (area, target b, service a near b) the pathway walks meet, in walk order, with
    a's type, whether a and b are joined formally both ways, and whether a has no way in."""

    area: np.ndarray
    b: np.ndarray
    a: np.ndarray
    met: np.ndarray
    one_way: np.ndarray


def _events(table: AreaTable, ends: frozenset[str]) -> Events:
    """The walks' steps for all areas at once: the targets of each area's joined services in
    graph order, and for each the services within one hand-off of it (either way, any link) that
    the area is joined to, in graph order. Cost: O(targets × services near them)."""
    import numpy as np

    G, n = table.G, table.count
    sources = np.flatnonzero(table._mask(ends))
    near = {
        (into, formal): near_pairs(csr(G, into=into, formal=formal), sources, table.treatment)
        for into in (True, False)
        for formal in (True, False)
    }
    either = unique(np.concatenate([near[True, False], near[False, False]]))
    either = either[either % n != sources[either // n]]  # not b itself
    met = has(near[True, True], either) & has(near[False, True], either)
    one_way = ~has(near[True, False], either)
    starts = either.searchsorted(np.arange(sources.size + 1, dtype=np.int64) * n)
    targets = table.joined[table._mask(ends)[table.joined % n]]
    slot = np.full(n, -1, dtype=np.int64)
    slot[sources] = np.arange(sources.size)
    which = slot[targets % n]
    lengths = starts[which + 1] - starts[which]
    offsets = np.cumsum(lengths) - lengths
    at = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts[which] - offsets, lengths)
    area = np.repeat(targets // n, lengths)
    a = either[at] % n
    joined = np.zeros(len(table.areas) * n, dtype=bool)  # one flag per (area, service)
    joined[table.joined] = True
    keep = joined[area * n + a]  # a service the area is joined to
    return Events(
        area[keep], np.repeat(targets % n, lengths)[keep], a[keep], met[at][keep], one_way[at][keep]
    )


def _walks(table: AreaTable, events: Events, first: frozenset[str]) -> dict[str, Walk]:
    """Each area's walk for one rule: its first formally-both-ways pair, or the services met
    part of the way and the first one-way pair. Cost: O(events) array work, then Python only
    for the events of the rule's types."""
    names, areas = table.names, table.areas
    chosen = table._mask(first)[events.a]
    out: dict[str, Walk] = {}
    rows = zip(
        events.area[chosen].tolist(),
        events.b[chosen].tolist(),
        events.a[chosen].tolist(),
        events.met[chosen].tolist(),
        events.one_way[chosen].tolist(),
        strict=True,
    )
    done: set[int] = set()
    partly: dict[int, dict[str, None]] = {}
    one_way_in: dict[int, tuple[str, str]] = {}
    for area, b, a, met, one_way in rows:
        if area in done:
            continue
        if met:
            done.add(area)
            out[areas[area]] = Walk((names[a], names[b]), [], None)
            continue
        partly.setdefault(area, {}).update(dict.fromkeys((names[a], names[b])))
        if one_way and area not in one_way_in:
            one_way_in[area] = (names[a], names[b])
    for area, found in partly.items():
        if area not in done:
            out[areas[area]] = Walk(None, list(found), one_way_in.get(area))
    return out
