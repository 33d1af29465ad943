"""Services and links read row by row: the reference reading, with every message.

A row whose every cell is written exactly as the contract spells it is built straight from
the plain readings of `cells`; any other row is read by `Cells`, which tries the very same
plain readings first, then says what is wrong. Both ways end in the one constructor call and
the one duplicate check, so they cannot give different services, links or messages.

`parse_map` reads services.csv and links.csv column by column (`fastload`), and hands each
row it doubts to `checked_service` and `checked_link` here, so a message is worded in one
place; scenarios read their `[[add_service]]` entries with `parse_services`.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import TypeAdapter

from journeymap.models import Link, Service
from journeymap.problems import Problems
from journeymap.read.cells import (
    ID_PATTERN,
    LATITUDE_LIMIT,
    LONGITUDE_LIMIT,
    PLAIN_YES_NO,
    Cells,
    extra_columns,
    plain_list,
    plain_number,
    vocabulary,
)
from journeymap.read.csvtable import Table
from journeymap.read.names import ServiceNames, end_hint
from journeymap.vocab import LINK_KINDS, NATIONAL, OFFER_TAGS, SERVICE_TYPES

__all__ = [
    "LINK_COLUMNS",
    "LINK_KNOWN",
    "SERVICE_COLUMNS",
    "SERVICE_KNOWN",
    "checked_link",
    "checked_service",
    "parse_links",
    "parse_services",
]

#: The columns of each file (required, optional), in the contract's order (DESIGN §3).
SERVICE_COLUMNS = (
    ["id", "name", "type", "area"],
    ["provider", "women_only", "offers", "postcode", "latitude", "longitude", "url", "description"],
)
LINK_COLUMNS = (["from", "to", "kind"], ["two_way", "formal", "notes"])


def _known(columns: tuple[list[str], list[str]]) -> frozenset[str]:
    return frozenset((*columns[0], *columns[1]))


SERVICE_KNOWN = _known(SERVICE_COLUMNS)
LINK_KNOWN = _known(LINK_COLUMNS)
#: The vocabularies a plainly right service or link row is checked against, as sets.
_TYPES, _OFFERS, _KINDS = vocabulary(SERVICE_TYPES), vocabulary(OFFER_TAGS), vocabulary(LINK_KINDS)


def parse_services(table: Table, problems: Problems) -> list[Service]:
    """The services of a read services.csv, one for each row without errors.

    Every problem of a row is recorded in `problems` as `FILE:LINE` (ids used twice
    included); the rows after it are still read. Scenarios read their `[[add_service]]`
    entries with it, so a service added in a what-if is checked exactly as one in the map.
    Cost: linear in the rows; a plainly right row is built without the cell-by-cell reader.
    """
    fields: list[dict[str, Any]] = []
    first_line: dict[str, int] = {}
    extra = extra_columns(table.header, SERVICE_KNOWN)
    for row in table.rows:
        cells = row.cells
        get = cells.get
        sid, name, stype, area = get("id", ""), get("name", ""), get("type", ""), get("area", "")
        women_only = PLAIN_YES_NO.get(get("women_only", ""))
        offers = plain_list(get("offers", ""), _OFFERS)
        lat_text, lon_text = get("latitude", ""), get("longitude", "")
        lat, lon = plain_number(lat_text, LATITUDE_LIMIT), plain_number(lon_text, LONGITUDE_LIMIT)
        if (
            sid
            and name
            and area
            and stype in _TYPES
            and women_only is not None
            and offers is not None
            and ((lat is not None and lon is not None) or not (lat_text or lon_text))
            and sid not in first_line
            and ID_PATTERN.match(sid)
        ):
            first_line[sid] = row.line
        else:  # something is not plainly right: read the row cell by cell, with messages
            checked = checked_service(Cells(table.file, row, problems, SERVICE_KNOWN), first_line)
            if checked is None:
                continue
            sid, name, stype, area, women_only, offers, lat, lon = checked
        fields.append(
            {
                "id": sid,
                "name": name,
                "type": stype,
                "area": NATIONAL if area.lower() == NATIONAL else area,
                "provider": get("provider", ""),
                "women_only": women_only,
                "offers": offers,
                "postcode": get("postcode", ""),
                "latitude": lat,
                "longitude": lon,
                "url": get("url", ""),
                "description": get("description", ""),
                "extra": {k: cells[k] for k in extra},
                "line": row.line,
            }
        )
    return _in_bulk(list[Service]).validate_python(fields)


@functools.cache
def _in_bulk(kind: Any) -> TypeAdapter[Any]:
    """Models made from a list of field dicts in one call: pydantic validates the whole list
    in Rust, a third faster on a national map than a constructor call per row (each row's
    cells were checked already, so this cannot fail on a user's file)."""
    return TypeAdapter(kind)


def checked_service(
    c: Cells, first_line: dict[str, int]
) -> tuple[str, str, str, str, bool, tuple[str, ...], float | None, float | None] | None:
    """A services row read cell by cell: (id, name, type, area, women_only, offers, latitude,
    longitude), or None when the row has errors (each one recorded)."""
    sid = c.required("id")
    if sid and not ID_PATTERN.match(sid):
        c.error(f"id '{sid}' may hold only letters, digits, '-', '_' and '.'")
    elif sid in first_line:
        c.error(f"id '{sid}' is used twice (first on line {first_line[sid]}); ids must be unique")
    elif sid:
        first_line[sid] = c.line
    name = c.required("name")
    stype = c.choice("type", SERVICE_TYPES, "a service type")
    if not c.text("type"):
        c.required("type")
    area = c.required("area")
    women_only = bool(c.boolean("women_only"))
    offers = c.tags("offers", OFFER_TAGS, "offer tag")
    lat = c.coordinate("latitude", LATITUDE_LIMIT)
    lon = c.coordinate("longitude", LONGITUDE_LIMIT)
    if bool(c.text("latitude")) != bool(c.text("longitude")):
        c.error("give both latitude and longitude, or neither")
    return (sid, name, stype, area, women_only, offers, lat, lon) if c.ok else None


def parse_links(
    table: Table, ids: set[str] | None, problems: Problems, names: ServiceNames | None = None
) -> list[Link]:
    """Links; `ids` None means services.csv could not be read, so ids are not checked.
    `names` (the services' names) words the hint for an end that is not an id."""
    fields: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    id_list = sorted(ids or ())
    extra = extra_columns(table.header, LINK_KNOWN)
    for row in table.rows:
        cells = row.cells
        get = cells.get
        source, target, kind = get("from", ""), get("to", ""), get("kind", "")
        two_way = PLAIN_YES_NO.get(get("two_way", ""))
        formal = PLAIN_YES_NO.get(get("formal", ""))
        if not (
            source
            and target
            and source != target
            and kind in _KINDS
            and two_way is not None
            and formal is not None
            and ids is not None
            and source in ids
            and target in ids
        ):  # something is not plainly right: read the row cell by cell, with messages
            checked = checked_link(
                Cells(table.file, row, problems, LINK_KNOWN), ids, id_list, names
            )
            if checked is None:
                continue
            source, target, kind, two_way, formal = checked
        key = (source, target, kind)
        if key in seen:
            problems.warn(
                table.file,
                row.line,
                f"the same {kind} link {source} -> {target} is also on line {seen[key]}",
            )
        seen.setdefault(key, row.line)
        fields.append(
            {
                "source": source,
                "target": target,
                "kind": kind,  # checked against LINK_KINDS
                "two_way": two_way,
                "formal": formal,
                "notes": get("notes", ""),
                "extra": {k: cells[k] for k in extra},
                "line": row.line,
            }
        )
    links: list[Link] = _in_bulk(list[Link]).validate_python(fields)
    return links


def checked_link(
    c: Cells, ids: set[str] | None, id_list: list[str], names: ServiceNames | None = None
) -> tuple[str, str, str, bool, bool] | None:
    """A links row read cell by cell: (from, to, kind, two_way, formal), or None when the row
    has errors (each one recorded)."""
    ends = []
    for col in ("from", "to"):
        sid = c.required(col)
        if sid and ids is not None and sid not in ids:
            fix = end_hint(sid, id_list, names, otherwise="add it to services.csv")
            c.error(f"{col} '{sid}' is not a service id in services.csv{fix}")
        ends.append(sid)
    source, target = ends
    if source and source == target:
        c.error(f"the link goes from '{source}' to itself")
    kind = c.choice("kind", LINK_KINDS, "a link kind")
    if not c.text("kind"):
        c.required("kind")
    two_way = bool(c.boolean("two_way"))
    formal = bool(c.boolean("formal"))
    return (source, target, kind, two_way, formal) if c.ok else None
