"""A woman's consent for her journey: asked in plain words before her first step is saved.

Three answers, each its own yes: her journey may be **pooled** with others' (counted in the
figures and findings that go to commissioners and boards, where counts under 5 are never
shown); her words may be **quoted** (her notes, without her code, in a report); and how long it
is **kept** (until the date the facilitator set for the workshop, or until she asks for it to
be deleted). A journey with no consent to pool is kept for her, and for the facilitator to
delete, but is in no pooled figure and no finding.

Consent travels with the journey into the facilitator's journeys.csv as three extra columns
(`CONSENT_COLUMNS`), so a journeys.csv put in a map folder keeps the same promise
(`read.load` leaves out journeys whose `consent_pool` is `no`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["CONSENT_COLUMNS", "Consent", "ConsentNeeded", "from_columns"]

#: The extra journeys.csv columns that carry consent, on every step of a journey.
CONSENT_COLUMNS = ("consent_pool", "consent_quote", "keep_until")


class ConsentNeeded(ValueError):
    """A step was to be saved for a journey whose consent has not been asked yet."""


@dataclass(frozen=True)
class Consent:
    """Her answers. `keep_until` is an ISO date (`2027-03-31`) or '' (until she asks, or the
    facilitator deletes the workshop's journeys)."""

    pool: bool = False
    quote: bool = False
    keep_until: str = ""

    def columns(self) -> dict[str, str]:
        """As the extra journeys.csv columns (`CONSENT_COLUMNS`)."""
        return {
            "consent_pool": "yes" if self.pool else "no",
            "consent_quote": "yes" if self.quote else "no",
            "keep_until": self.keep_until,
        }


def from_columns(extra: Mapping[str, str]) -> Consent | None:
    """The consent in a journeys.csv step's extra columns, or None when it has none.

    Anything but a plain yes is a no: a consent that cannot be read is not a consent.
    """
    if not any(k in extra for k in CONSENT_COLUMNS):
        return None
    return Consent(
        pool=extra.get("consent_pool", "").strip().casefold() == "yes",
        quote=extra.get("consent_quote", "").strip().casefold() == "yes",
        keep_until=extra.get("keep_until", "").strip(),
    )
