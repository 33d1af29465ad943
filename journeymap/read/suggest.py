"""Links the map does not have yet but probably should: offered to a person, never added silently.

A directory import (Open Referral, a council list) brings services and no links. Two plain
clues find the first ones: services at one place (the same postcode, the same address, or
within about 50 metres) are offered as a **co-location**; services run by the same provider in
the same area as **joint working**. Each is a question for her, accepted or dismissed in one
click; dismissals are kept in `suggestions_dismissed.csv` beside the map files, so a dismissed
suggestion stays dismissed after a reload and travels with the folder.

A pair already joined by a link of that kind (or, for joint working, by a co-location) is not
offered; a pair at one place is offered only as a co-location. A postcode, place or provider
shared by more than `MAX_GROUP` services is probably an office address or a large trust: its
pairs are not offered one by one, and `Suggestions.crowded` says so instead.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from journeymap.models import Service, ServiceMap
from journeymap.problems import Problems
from journeymap.read.atomic import write_atomic
from journeymap.read.csvtable import read_table
from journeymap.read.spreadsheet import table_csv
from journeymap.runtime.gcpause import without_gc

__all__ = [
    "DISMISSED_FILE",
    "MAX_GROUP",
    "NEAR_METRES",
    "Suggestion",
    "Suggestions",
    "dismissed_bytes",
    "name_key",
    "postcode_key",
    "read_dismissed",
    "suggest_links",
    "write_dismissed",
]

DISMISSED_FILE = "suggestions_dismissed.csv"
NEAR_METRES = 50.0
MAX_GROUP = 20
_EARTH_M = 6_371_000.0
#: Grid cells of about 110 m (north-south) for finding near neighbours without comparing
#: every pair: two services within 50 m are in the same or a neighbouring cell.
_CELL_DEG = 0.001


@dataclass(frozen=True)
class Suggestion:
    """A link to offer: `source` and `target` in map order, the kind, and why, in plain words."""

    source: str
    target: str
    kind: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str]:
        """The pair (either order) and the kind: what a dismissal remembers."""
        a, b = sorted((self.source, self.target))
        return (a, b, self.kind)


@dataclass(frozen=True)
class Suggestions:
    """The links offered, and the groups too large to pair one by one (plain sentences)."""

    links: tuple[Suggestion, ...]
    crowded: tuple[str, ...] = ()


def name_key(text: str) -> str:
    """A name or address as compared: case and runs of spaces do not count."""
    return " ".join(text.casefold().split())


def postcode_key(text: str) -> str:
    """A postcode as compared: `AB1 2CD`, `ab12cd` and `AB1  2CD` are one."""
    return re.sub(r"\s+", "", text).upper()


def _metres(a: Service, b: Service) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def _near_pairs(services: list[Service]) -> Iterable[tuple[Service, Service, float]]:
    """Pairs within `NEAR_METRES`, each once (the first in map order first)."""
    order = {id(s): i for i, s in enumerate(services)}
    cells: dict[tuple[int, int], list[Service]] = defaultdict(list)
    placed = [s for s in services if s.latitude is not None and s.longitude is not None]
    for s in placed:
        assert s.latitude is not None and s.longitude is not None
        cells[int(s.latitude // _CELL_DEG), int(s.longitude // _CELL_DEG)].append(s)
    for s in placed:
        assert s.latitude is not None and s.longitude is not None
        i, j = int(s.latitude // _CELL_DEG), int(s.longitude // _CELL_DEG)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for t in cells.get((i + di, j + dj), ()):
                    if order[id(s)] < order[id(t)]:
                        d = _metres(s, t)
                        if d <= NEAR_METRES:
                            yield s, t, d


@without_gc  # (in the app, with the collector on, 1 s on a national map; paused, 0.5 s)
def suggest_links(smap: ServiceMap, dismissed: Iterable[tuple[str, str, str]] = ()) -> Suggestions:
    """The co-locations and joint working to offer for `smap`, leaving out `dismissed` keys.

    Cost: linear in the services for grouping, plus the pairs within each group (at most
    `MAX_GROUP` services each) and each service's near neighbours on a ~110 m grid.
    """
    order = {s.id: i for i, s in enumerate(smap.services)}

    @functools.cache
    def linked() -> frozenset[tuple[str, str, str]]:
        """The map's links as keys, made when first needed (a national map's 134,000 links
        take 0.3 s, and often no pair is offered at all)."""
        return frozenset(
            (min(k.source, k.target), max(k.source, k.target), k.kind) for k in smap.links
        )

    def have(key: tuple[str, str, str]) -> bool:
        return key in linked()

    gone = set(dismissed)
    found: dict[tuple[str, str], Suggestion] = {}
    crowded: list[str] = []

    def offer(s: Service, t: Service, kind: str, reason: str) -> None:
        s, t = (s, t) if order[s.id] < order[t.id] else (t, s)
        a, b = sorted((s.id, t.id))
        pair = (a, b)
        if pair in found or (a, b, kind) in gone or have((a, b, kind)):
            return
        if kind == "joint_working" and have((a, b, "co_location")):
            return
        found[pair] = Suggestion(s.id, t.id, kind, reason)

    def groups(
        key: Mapping[str, str], kind: str, reason: str, crowd: Callable[[list[Service]], str]
    ) -> None:
        """Offer every pair of services with the same non-blank `key`; a group too large to
        pair is told by `crowd` instead."""
        members: dict[str, list[Service]] = defaultdict(list)
        for s in smap.services:
            if value := key.get(s.id):
                members[value].append(s)
        for value, group in members.items():
            if len(group) > MAX_GROUP:
                crowded.append(
                    f"{crowd(group)}: too many to offer one by one; link the ones that really "
                    "work together by hand."
                )
                continue
            for i, s in enumerate(group):
                for t in group[i + 1 :]:
                    offer(s, t, kind, reason.format(value=value, provider=s.provider))

    # Each service's address, postcode and provider as compared, where it has one.
    addresses = {s.id: name_key(a) for s in smap.services if (a := s.extra.get("address"))}
    postcodes = {s.id: postcode_key(s.postcode) for s in smap.services if s.postcode}
    providers = {
        s.id: f"{name_key(s.area)}\0{name_key(s.provider)}" for s in smap.services if s.provider
    }
    groups(
        addresses,
        "co_location",
        "at the same address",
        lambda g: f"{len(g)} services share the address {g[0].extra.get('address', '')}",
    )
    groups(
        postcodes,
        "co_location",
        "the same postcode, {value}",
        lambda g: f"{len(g)} services share the postcode {postcode_key(g[0].postcode)}",
    )
    for s, t, d in _near_pairs(list(smap.services)):
        offer(s, t, "co_location", f"about {round(d)} m apart")
    groups(
        providers,
        "joint_working",
        "both run by {provider}",
        lambda g: f"{len(g)} services in {g[0].area} are run by {g[0].provider}",
    )
    links = sorted(found.values(), key=lambda x: (order[x.source], order[x.target]))
    return Suggestions(tuple(links), tuple(crowded))


def read_dismissed(folder: str | Path) -> set[tuple[str, str, str]]:
    """The suggestions dismissed for the map in `folder` (none when the file is absent)."""
    path = Path(folder) / DISMISSED_FILE
    if not path.is_file():
        return set()
    table = read_table(path.read_bytes(), str(path), Problems(), required=["from", "to", "kind"])
    if table is None:
        return set()
    out = set()
    for row in table.rows:
        a, b = sorted((row.cells.get("from", ""), row.cells.get("to", "")))
        out.add((a, b, row.cells.get("kind", "")))
    return out


def dismissed_bytes(keys: Iterable[tuple[str, str, str]]) -> bytes:
    """The dismissals as a small CSV (from, to, kind), sorted, for the folder or a download."""
    return table_csv(["from", "to", "kind"], sorted(set(keys)))


def write_dismissed(folder: str | Path, keys: Iterable[tuple[str, str, str]]) -> None:
    """Keep the dismissals beside the map files, whole or not at all."""
    write_atomic(Path(folder) / DISMISSED_FILE, dismissed_bytes(keys))
