"""What a scenario is, once read and checked: the change tables and the records they become.

`read` builds these from a TOML file, `apply` makes them on a copy of a map and `write` turns
them back into TOML, so the records live here, apart from all three. A table's fields are the
column names of the CSV files (DESIGN §3), so a change reads the same as a row of a map.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.models import Link, Service
from journeymap.read.load import SERVICE_COLUMNS

__all__ = ["FIELDS", "SERVICE_FIELDS", "TABLES", "LinkRef", "OfferChange", "Scenario"]

#: The change tables, in the order they are written and described (DESIGN §7).
TABLES: tuple[str, ...] = (
    "add_service",
    "remove_service",
    "add_link",
    "remove_link",
    "add_offers",
    "remove_offers",
)

SERVICE_FIELDS: tuple[str, ...] = (*SERVICE_COLUMNS[0], *SERVICE_COLUMNS[1])
#: Fields each table accepts (the CSV column names), the required ones first.
FIELDS: dict[str, tuple[str, ...]] = {
    "add_service": SERVICE_FIELDS,
    "remove_service": ("id",),
    "add_link": ("from", "to", "kind", "two_way", "formal", "notes"),
    "remove_link": ("from", "to", "kind"),
    "add_offers": ("service", "offers"),
    "remove_offers": ("service", "offers"),
}


@dataclass(frozen=True)
class LinkRef:
    """A link to remove: from → to, of one kind or (kind "") of any kind.

    A link that runs both ways (co-location, joint working, two-way referral) also matches
    when it is listed the other way round in links.csv.
    """

    source: str
    target: str
    kind: str = ""

    def matches(self, link: Link) -> bool:
        if self.kind and link.kind != self.kind:
            return False
        same = (link.source, link.target) == (self.source, self.target)
        reverse = (link.target, link.source) == (self.source, self.target) and link.both_ways
        return same or reverse


@dataclass(frozen=True)
class OfferChange:
    """Offer tags added to, or taken from, one service."""

    service: str
    offers: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """A checked set of changes to one map. Services and links made here have `line` 0."""

    name: str
    description: str = ""
    based_on: str = ""
    add_service: tuple[Service, ...] = ()
    remove_service: tuple[str, ...] = ()
    add_link: tuple[Link, ...] = ()
    remove_link: tuple[LinkRef, ...] = ()
    add_offers: tuple[OfferChange, ...] = ()
    remove_offers: tuple[OfferChange, ...] = ()
    #: Problems that did not stop it (e.g. a custom offer tag), as `FILE:LINE: …` text.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, t) for t in TABLES)
