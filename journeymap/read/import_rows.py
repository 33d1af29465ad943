"""The rows an imported map is made of: services and links as contract rows of text, how
another tool's attributes become the contract's columns, and where each row was in the
user's file (so that every problem is told against her element, connection or line)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from journeymap.read.write import LINK_FIELDS, SERVICE_FIELDS
from journeymap.vocab import normalise_token

__all__ = [
    "LINK_COLUMNS",
    "MAX_IMPORT_BYTES",
    "SERVICE_COLUMNS",
    "Places",
    "Rows",
    "edge_row",
    "node_row",
]

#: A national map as GraphML is about 60 MB; a larger file is not a service map.
MAX_IMPORT_BYTES = 256 * 1024 * 1024

#: What journeymap's exporters add that the map does not hold (it is derived again).
_DERIVED_NODE = {"type_label", "group", "treatment", "element_type_label"}
_DERIVED_EDGE = {"kind_label", "id", "key"}
SERVICE_COLUMNS = tuple(SERVICE_FIELDS)  # the contract's columns, in its order
LINK_COLUMNS = tuple(LINK_FIELDS)
#: Other tools' names for the contract's columns (after `normalise_token`).
_NODE_ALIASES = {
    "label": "name",
    "element_type": "type",
    "tags": "offers",
    "women_only": "women_only",
    "lat": "latitude",
    "lng": "longitude",
    "lon": "longitude",
    "website": "url",
}
_EDGE_ALIASES = {
    "connection_type": "kind",
    "type": "kind",
    "description": "notes",
    "source": "from",
    "target": "to",
}


@dataclass
class Rows:
    """Services and links as contract rows of text, with where each came from."""

    fmt: str
    nodes_at: str  # the label messages about services name, e.g. `map.graphml[nodes]`
    links_at: str
    services: list[dict[str, str]]
    links: list[dict[str, str]]
    first_line: int = 1  # the line or number of the first service / link in its file
    lines: tuple[list[int], list[int]] | None = None  # each service's and link's line, if known

    def numbers(self) -> tuple[list[int], list[int]]:
        """The number each service and each link is told by: its line in the user's file
        where known (a Kumu sheet's cell may span lines), else counted from `first_line`."""
        if self.lines is not None:
            return self.lines
        return (
            list(range(self.first_line, self.first_line + len(self.services))),
            list(range(self.first_line, self.first_line + len(self.links))),
        )


@dataclass(frozen=True)
class Places:
    """Where a problem in the contract files made from the rows is in the user's file."""

    rows: Rows
    numbers: tuple[list[int], list[int]]
    row_at: Mapping[str, Mapping[int, int]]  # contract file → its line → the row's index

    def where(self, file: str, line: int) -> tuple[str, int]:
        """A services.csv / links.csv line as the element or connection of the user's file.
        Counted from the row, not the line: an earlier description may span lines."""
        if file not in ("services.csv", "links.csv"):
            return file, line
        services = file == "services.csv"
        label = self.rows.nodes_at if services else self.rows.links_at
        index = self.row_at[file].get(line)
        if index is None:  # the header
            return label, line + self.rows.first_line - 2
        return label, self.numbers[0 if services else 1][index]


def _attr_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple):
        return ";".join(_attr_text(v) for v in value)
    return str(value).strip()


def node_row(node_id: str, attrs: Mapping[str, Any]) -> dict[str, str]:
    row: dict[str, str] = {"id": node_id.strip()}
    for key, value in attrs.items():
        col = _NODE_ALIASES.get(normalise_token(str(key)), normalise_token(str(key)))
        if col in _DERIVED_NODE:
            continue
        if col == "name" and row.get("name"):
            continue  # GraphML carries both `label` and `name`: the name is the service's
        if col.startswith("extra_") and col[6:] in SERVICE_COLUMNS:
            col = col[6:]  # an extra column the export renamed to keep it apart
        text = _attr_text(value)
        if col == "offers":
            text = ";".join(t.strip() for t in re.split(r"[|;]", text) if t.strip())
        row[col] = text
    if not row["id"]:
        row["id"] = _slug(row.get("name", ""))
    if not row.get("name"):
        row["name"] = row["id"]  # a node drawn without a label is known by its id
    return row


def edge_row(source: str, target: str, attrs: Mapping[str, Any]) -> dict[str, str]:
    row = {"from": str(source).strip(), "to": str(target).strip()}
    for key, value in attrs.items():
        col = _EDGE_ALIASES.get(normalise_token(str(key)), normalise_token(str(key)))
        if col in _DERIVED_EDGE or (col == "tags" and _attr_text(value) in ("formal", "informal")):
            continue
        if col.startswith("extra_") and col[6:] in LINK_COLUMNS:
            col = col[6:]
        row[col] = _attr_text(value)
    return row


def _slug(name: str) -> str:
    """An id for an element that has none: its label in lower case, `-` between words."""
    return "-".join(re.findall(r"[a-z0-9]+", name.casefold()))[:60]
