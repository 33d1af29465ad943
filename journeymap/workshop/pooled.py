"""All recorded journeys pooled: flows between places, barriers met, feelings at each service.

Pooled figures go to commissioners and boards, beyond the workshop room, so no woman may be
recognisable from them. The **small-number rule**: any count below `SMALL` (5) is shown and
exported as "fewer than 5", never as the number, and an average over fewer than 5 journeys is
not shown at all. Counts are of *journeys* (women), not of steps: a woman who went back to the
same GP three times counts once. `SMALL`, `FEWER` and `shown` are the ones the journey findings
use (`analyse.journeys`), so a board reads the same rule in the gap report and here.

A place typed in a workshop (not on the map) is her own words and may itself identify her
("my nan's flat on Mill Street"). So a free-text place is named in pooled figures only when at
least 5 journeys name it (compared without case or extra spaces); otherwise it is pooled as
"a place not on the map". A barrier in her own words (not one of data/barriers.csv) is the same:
named only when at least 5 journeys give it, else pooled as "something else".

Everything here is computed in the package; the app and every CSV export use `shown`, so the
rule cannot be skipped by one of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from journeymap.analyse.journeys import FEWER, SMALL, shown
from journeymap.labels import barrier_label
from journeymap.models import Journey, Step
from journeymap.read.spreadsheet import csv_bytes
from journeymap.vocab import BARRIERS

__all__ = [
    "FEWER",
    "OFF_MAP",
    "OWN_BARRIER",
    "SMALL",
    "BarrierCount",
    "Feeling",
    "Flow",
    "Pooled",
    "pool",
    "pooled_files",
    "shown",
]

OFF_MAP = "a place not on the map"
#: A barrier in her own words that fewer than 5 journeys share, as pooled figures name it.
OWN_BARRIER = "something_else"


@dataclass(frozen=True)
class Flow:
    """Journeys that went from one place straight on to another (their next recorded step)."""

    source: str
    target: str
    source_label: str
    target_label: str
    journeys: int

    @property
    def shown(self) -> str:
        return shown(self.journeys)


@dataclass(frozen=True)
class BarrierCount:
    barrier: str
    label: str
    journeys: int

    @property
    def shown(self) -> str:
        return shown(self.journeys)


@dataclass(frozen=True)
class Feeling:
    """How steps at one place felt, from -2 (very bad) to 2 (very good), over the journeys."""

    place: str
    label: str
    journeys: int
    mean: float

    @property
    def shown(self) -> str:
        return shown(self.journeys)

    @property
    def average(self) -> float | None:
        """The average feeling, or None when fewer than 5 journeys gave one (suppressed)."""
        return round(self.mean, 1) if self.journeys >= SMALL else None


@dataclass(frozen=True)
class Pooled:
    journeys: int
    flows: tuple[Flow, ...]
    barriers: tuple[BarrierCount, ...]
    feelings: tuple[Feeling, ...]

    @property
    def shown(self) -> str:
        return shown(self.journeys)


def _place_text(text: str) -> str:
    return " ".join(text.casefold().split())


def _place_keys(journeys: Sequence[Journey], names: Mapping[str, str]) -> dict[str, str]:
    """Free-text place (normalised) → key: its own key if 5+ journeys name it, else OFF_MAP."""
    who: dict[str, set[str]] = defaultdict(set)
    for journey in journeys:
        for step in journey.steps:
            if not (step.service and step.service in names) and step.place:
                who[_place_text(step.place)].add(journey.code)
    return {p: (f"place:{p}" if len(codes) >= SMALL else OFF_MAP) for p, codes in who.items()}


def pool(journeys: Iterable[Journey], names: Mapping[str, str]) -> Pooled:
    """Pool `journeys`; `names` maps service ids to the names to show (the map's services).

    A step whose service id is not in `names` is treated as a place not on the map. Rows are
    ordered by count (largest first), then label. Counts are exact here; apply `shown` (the
    properties do) before they are seen. Cost: O(steps log steps).
    """
    journeys = list(journeys)
    places = _place_keys(journeys, names)
    labels: dict[str, str] = {OFF_MAP: OFF_MAP}

    def key(step: Step) -> str:
        if step.service and step.service in names:
            labels.setdefault(step.service, names[step.service])
            return step.service
        text = _place_text(step.place or step.service)
        k = places.get(text, OFF_MAP)
        labels.setdefault(k, step.place.strip() if k != OFF_MAP else OFF_MAP)
        return k

    flows: dict[tuple[str, str], set[str]] = defaultdict(set)
    barriers: dict[str, set[str]] = defaultdict(set)
    feelings: dict[str, list[int]] = defaultdict(list)
    feeling_who: dict[str, set[str]] = defaultdict(set)
    for journey in journeys:
        path = [key(s) for s in journey.steps]
        for a, b in pairwise(path):
            if a != b:
                flows[a, b].add(journey.code)
        for step, k in zip(journey.steps, path, strict=True):
            for barrier in step.barriers:
                barriers[barrier].add(journey.code)
            if step.feeling is not None:
                feelings[k].append(step.feeling)
                feeling_who[k].add(journey.code)

    own: set[str] = set()
    for barrier in [b for b in barriers if b not in BARRIERS and len(barriers[b]) < SMALL]:
        own |= barriers.pop(barrier)
    if own:
        barriers[OWN_BARRIER] |= own
    order = {b: i for i, b in enumerate(BARRIERS)}
    return Pooled(
        journeys=len(journeys),
        flows=tuple(
            sorted(
                (Flow(a, b, labels[a], labels[b], len(c)) for (a, b), c in flows.items()),
                key=lambda f: (-f.journeys, f.source_label, f.target_label),
            )
        ),
        barriers=tuple(
            sorted(
                (BarrierCount(b, barrier_label(b), len(c)) for b, c in barriers.items()),
                key=lambda b: (-b.journeys, order.get(b.barrier, len(order)), b.barrier),
            )
        ),
        feelings=tuple(
            sorted(
                (
                    Feeling(k, labels[k], len(feeling_who[k]), sum(v) / len(v))
                    for k, v in feelings.items()
                ),
                key=lambda f: (-f.journeys, f.label),
            )
        ),
    )


def pooled_files(pooled: Pooled) -> dict[str, bytes]:
    """The pooled figures as spreadsheet-safe CSVs, small-number rule applied to every count.

    Returns {'journey_flows.csv', 'journey_barriers.csv', 'journey_feelings.csv'} → bytes.
    """
    return {
        "journey_flows.csv": csv_bytes(
            ["from", "to", "journeys"],
            ([f.source_label, f.target_label, f.shown] for f in pooled.flows),
        ),
        "journey_barriers.csv": csv_bytes(
            ["barrier", "what_got_in_the_way", "journeys"],
            ([b.barrier, b.label, b.shown] for b in pooled.barriers),
        ),
        "journey_feelings.csv": csv_bytes(
            ["place", "journeys", "average_feeling"],
            (
                [f.label, f.shown, "" if f.average is None else f"{f.average:.1f}"]
                for f in pooled.feelings
            ),
            keep_numbers=True,
        ),
    }
