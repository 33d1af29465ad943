"""One step of a journey as the workshop page collects it, and as it is saved.

Kept apart from the store so that the page, the store and the exports share one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.vocab import STAGES

__all__ = ["StepEntry", "WorkshopStep"]


@dataclass(frozen=True)
class StepEntry:
    """What the workshop page collects for one step; checked by `check()` before it is saved.

    `service` is a service id from the map (its name kept in `service_name`, so the step still
    reads well if the map changes); `place` is her own words for a place not on the map.
    """

    service: str = ""
    service_name: str = ""
    place: str = ""
    stage: str = ""
    feeling: int | None = None
    barriers: tuple[str, ...] = ()
    helped_onward: bool | None = None
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def check(self) -> None:
        """Raise ValueError with a plain message when the entry cannot be a journeys.csv row."""
        if not self.service.strip() and not self.place.strip():
            raise ValueError("Choose a place from the list, or type a place that is not on it.")
        if self.feeling is not None and not -2 <= self.feeling <= 2:
            raise ValueError("How it felt must be from -2 (very bad) to 2 (very good).")
        if self.stage and self.stage not in STAGES:
            raise ValueError(f"'{self.stage}' is not a journey stage ({', '.join(STAGES)}).")
        odd = [b for b in self.barriers if not b or ";" in b]
        if odd:
            raise ValueError("A barrier cannot be empty or hold ';'.")


@dataclass(frozen=True)
class WorkshopStep:
    """A saved step: its row id (for changing it) and its place in the journey, from 1."""

    id: int
    journey: str
    step: int
    entry: StepEntry

    @property
    def label(self) -> str:
        """What to call the place: the service's name, or her words for a place off the map."""
        return self.entry.service_name or self.entry.place or self.entry.service
