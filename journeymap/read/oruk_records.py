"""What an Open Referral (HSDS 3.0 / Open Referral UK) directory says about its services, as
plain records, whichever shape it came in.

A directory comes as a tabular package (`oruk_tabular`) or as saved API pages (`oruk_pages`);
both readers make the same `Record`s here (a service with its organisation's name, its taxonomy
terms and its locations), so `oruk` maps one shape to the journeymap contract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Place", "Record", "Term", "as_text", "term_key"]


def term_key(value: str) -> str:
    """How terms are compared: case, apostrophes, `&`/`and` and punctuation do not matter."""
    text = value.lower().replace("’", "'").replace("'", "").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class Term:
    """A taxonomy term attached to a service (HSDS attribute, or ORUK 1.0 service_taxonomy)."""

    code: str = ""
    name: str = ""
    uri: str = ""
    taxonomy: str = ""

    @property
    def label(self) -> str:
        return self.name or self.code or self.uri

    def forms(self) -> list[str]:
        """Every form a mapping file may name this term by: code, name, URI, their last parts."""
        keys: dict[str, None] = {}
        for value in (self.code, self.name, self.uri):
            if value:
                keys[term_key(value)] = None
                tail = re.split(r"[/:#]", value.rstrip("/"))[-1]
                keys[term_key(tail)] = None
        keys.pop("", None)
        return list(keys)


@dataclass
class Place:
    """An HSDS location, with its address's postcode and town."""

    id: str
    name: str = ""
    kind: str = ""
    latitude: Any = None
    longitude: Any = None
    postcode: str = ""
    town: str = ""
    #: The local authority the address gives (ORUK 3.0 `admin_area`, else `region`).
    admin_area: str = ""
    file: str = ""
    line: int = 1

    @property
    def physical(self) -> bool:
        """Postal and virtual locations are not somewhere two services meet a woman."""
        return self.kind.lower() in ("", "physical")


@dataclass
class Record:
    """One HSDS service, whichever shape it came in."""

    id: str
    name: str
    file: str
    line: int
    #: Its place in a JSON file (1 for the first service), or 0 in a CSV package.
    record: int = 0
    description: str = ""
    url: str = ""
    email: str = ""
    status: str = ""
    provider: str = ""
    organization_id: str = ""
    eligibility: list[str] = field(default_factory=list)
    female_only: bool = False
    interpreters: bool = False
    terms: list[Term] = field(default_factory=list)
    #: Who the feed says it is for (Placecube's `pc_targetAudience`, ORUK 1.0 eligibility).
    audiences: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    @property
    def where(self) -> tuple[str, int]:
        return self.file, self.line

    @property
    def about(self) -> str:
        """'record 231 (id 1625ip): ' for a service of a JSON feed, so a message about a
        minified one-line feed still finds it; '' for a CSV row, whose line is enough."""
        if not self.record:
            return ""
        return f"record {self.record} (id {self.id}): " if self.id else f"record {self.record}: "


def as_text(value: Any) -> str:
    """A JSON or CSV value as trimmed text ('' for null)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
