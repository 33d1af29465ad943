"""A map folder (or the same files uploaded) → a checked `ServiceMap`, or every problem at once.

Each file is read by `csvtable.read_table`, then each row by its parser here, which records a
`FILE:LINE` problem for every bad cell (through `cells.Cells`) and carries on, so a
commissioner fixes all her mistakes in one go. Cross-file checks (unknown ids, duplicates) come
last. Nothing is built unless there are no errors; warnings travel on the map.

Services and links, which a national map has by the hundred thousand, are read in one loop
whose first step is plain: a row whose every cell is written exactly as the contract spells it
is built straight from the plain readings of `cells`; any other row is read by `Cells`, which
tries the very same plain readings first, then says what is wrong. Both ways end in the one
constructor call and the one duplicate check, so they cannot give different services, links
or messages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from journeymap.labels import did_you_mean
from journeymap.models import Journey, Link, Service, ServiceMap, Step
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.actions import ACTION_COLUMNS, ACTION_FILE, parse_actions
from journeymap.read.cells import (
    ID_PATTERN,
    JOURNEY_CODE,
    LATITUDE_LIMIT,
    LONGITUDE_LIMIT,
    PLAIN_YES_NO,
    Cells,
    extra_columns,
    plain_list,
    plain_number,
    vocabulary,
)
from journeymap.read.checklists import (
    AREA_COLUMNS,
    PERSONA_COLUMNS,
    STANDARD_COLUMNS,
    parse_areas,
    parse_personas,
    parse_standards,
)
from journeymap.read.csvtable import Table, read_table
from journeymap.read.names import ServiceNames, end_hint, resolve_names
from journeymap.read.places import place_warnings
from journeymap.read.workbook import is_book, sheet_table, workbook_tables
from journeymap.resources import ALL_MAP_FILES, CHECKLIST_FILES, DATA_DIR, OPTIONAL_FILES
from journeymap.runtime.gcpause import without_gc
from journeymap.vocab import (
    BARRIERS,
    CIRCUMSTANCES,
    LINK_KINDS,
    NATIONAL,
    OFFER_TAGS,
    SERVICE_TYPES,
    STAGES,
)

__all__ = [
    "AREA_COLUMNS",
    "JOURNEY_COLUMNS",
    "LINK_COLUMNS",
    "PERSONA_COLUMNS",
    "SERVICE_COLUMNS",
    "STANDARD_COLUMNS",
    "MapError",
    "Problem",
    "load_map",
    "map_label",
    "parse_journeys",
    "parse_map",
    "parse_services",
    "read_folder",
]

#: The columns of each file (required, optional), in the contract's order (DESIGN §3).
SERVICE_COLUMNS = (
    ["id", "name", "type", "area"],
    ["provider", "women_only", "offers", "postcode", "latitude", "longitude", "url", "description"],
)
LINK_COLUMNS = (["from", "to", "kind"], ["two_way", "formal", "notes"])
JOURNEY_COLUMNS = (
    ["journey", "step"],
    ["service", "place", "stage", "feeling", "barriers", "helped_onward", "circumstances", "note"],
)


def _known(columns: tuple[list[str], list[str]]) -> frozenset[str]:
    return frozenset((*columns[0], *columns[1]))


_SERVICE_KNOWN = _known(SERVICE_COLUMNS)
_LINK_KNOWN = _known(LINK_COLUMNS)
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
    extra = extra_columns(table.header, _SERVICE_KNOWN)
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
            checked = _checked_service(Cells(table.file, row, problems, _SERVICE_KNOWN), first_line)
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


def _checked_service(
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


def _parse_links(
    table: Table, ids: set[str] | None, problems: Problems, names: ServiceNames | None = None
) -> list[Link]:
    """Links; `ids` None means services.csv could not be read, so ids are not checked.
    `names` (the services' names) words the hint for an end that is not an id."""
    fields: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    id_list = sorted(ids or ())
    extra = extra_columns(table.header, _LINK_KNOWN)
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
            checked = _checked_link(
                Cells(table.file, row, problems, _LINK_KNOWN), ids, id_list, names
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


def _checked_link(
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


def _parse_journeys(
    table: Table, ids: set[str] | None, problems: Problems, names: ServiceNames | None = None
) -> list[Journey]:
    steps: dict[str, list[Step]] = {}
    step_line: dict[tuple[str, int], int] = {}
    id_list = sorted(ids or ())
    known = _known(JOURNEY_COLUMNS)
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        code = c.required("journey")
        if code and (not JOURNEY_CODE.match(code) or not any(ch.isdigit() for ch in code)):
            c.error(
                f"journey '{code}' should be a code such as J07 "
                "(letters and digits, no names or spaces)"
            )
        number = c.integer("step", low=0)
        if c.text("step") == "":
            c.required("step")
        elif number is not None and (code, number) in step_line:
            c.error(
                f"journey {code} has step {number} twice (first on line {step_line[code, number]})"
            )
        elif number is not None:
            step_line[code, number] = row.line
        service, place = c.text("service"), c.text("place")
        if not service and not place:
            c.error("give either 'service' (an id from services.csv) or 'place' (free text)")
        if service and ids is not None and service not in ids:
            fix = end_hint(service, id_list, names, otherwise="") or (
                "; for a place not on the map use 'place'"
            )
            c.error(f"service '{service}' is not a service id in services.csv{fix}")
        if service and place:
            c.warn("both 'service' and 'place' are given; the service is used, the place kept")
        stage = c.choice("stage", STAGES, "a journey stage")
        feeling = c.integer("feeling", low=-2, high=2)
        barriers = c.tags("barriers", BARRIERS, "barrier")
        helped = c.boolean("helped_onward", default=None)
        circumstances = c.tags("circumstances", CIRCUMSTANCES, "circumstance")
        if not c.ok:
            continue
        steps.setdefault(code, []).append(
            Step(
                journey=code,
                step=number or 0,
                service=service,
                place=place,
                stage=stage,
                feeling=feeling,
                barriers=barriers,
                helped_onward=helped,
                circumstances=circumstances,
                note=c.text("note"),
                extra=c.extra(),
                line=row.line,
            )
        )
    return [
        Journey(code=code, steps=tuple(sorted(rows, key=lambda s: s.step)))
        for code, rows in steps.items()
    ]


def _warn_near_duplicate_areas(services: list[Service], file: str, problems: Problems) -> None:
    """Warn when two area names differ only in case or spacing ('Fenmoor', 'fenmoor '): they
    would be analysed as two areas, doubling the checklist findings of both."""
    first: dict[str, tuple[str, int]] = {}
    for s in services:
        key = " ".join(s.area.casefold().split())
        seen = first.setdefault(key, (s.area, s.line))
        if seen[0] != s.area:
            problems.warn(
                file,
                s.line,
                f"area '{s.area}' differs only in case or spacing from '{seen[0]}' (line "
                f"{seen[1]}); they are read as two areas: spell them the same",
            )


@without_gc
def parse_map(files: Mapping[str, bytes], folder: str = "") -> ServiceMap:
    """Check and build a map from file contents keyed by file name (e.g. `services.csv`).

    `folder` is put before file names in messages. `standards.csv` and `personas.csv` fall back
    to the defaults in `data/`. Raises `MapError` with every problem when anything is wrong.
    Cost: linear in the size of the files.
    """
    problems = Problems()
    sheets = workbook_tables(files, folder, problems)  # tables given as workbook sheets

    def label(name: str) -> str:
        if sheets.get(name) is not None:
            return sheets[name].file  # type: ignore[union-attr]
        return f"{folder.rstrip('/')}/{name}" if folder else name

    def table(name: str, columns: tuple[list[str], list[str]]) -> Table | None:
        if name in sheets:
            return sheet_table(sheets[name], problems, required=columns[0], optional=columns[1])
        data, file = files.get(name), label(name)
        if data is None and name in CHECKLIST_FILES:
            default = DATA_DIR / name  # the map folder may bring its own; else the defaults
            data, file = default.read_bytes(), str(default)
        if data is None:
            if name not in OPTIONAL_FILES:
                problems.error(
                    label(name),
                    1,
                    "the file is missing; a map folder needs services.csv and links.csv",
                )
            return None
        return read_table(data, file, problems, required=columns[0], optional=columns[1])

    services_t = table("services.csv", SERVICE_COLUMNS)
    links_t = table("links.csv", LINK_COLUMNS)
    journeys_t = table("journeys.csv", JOURNEY_COLUMNS)
    areas_t = table("areas.csv", AREA_COLUMNS)
    standards_t = table("standards.csv", STANDARD_COLUMNS)
    personas_t = table("personas.csv", PERSONA_COLUMNS)
    actions_t = table(ACTION_FILE, ACTION_COLUMNS)

    services = parse_services(services_t, problems) if services_t else []
    # Ids are checked across files only when services.csv could be read at all; otherwise every
    # link would repeat the one real problem.
    ids = {r.cells.get("id", "") for r in services_t.rows} if services_t else None
    names = ServiceNames(services_t)  # a link end or a journey's service given by name
    resolve_names(links_t, ("from", "to"), ids, names, problems)
    resolve_names(journeys_t, ("service",), ids, names, problems)
    links = _parse_links(links_t, ids, problems, names) if links_t else []
    journeys = _parse_journeys(journeys_t, ids, problems, names) if journeys_t else []
    journeys = _pooled_only(journeys, label("journeys.csv"), problems)
    areas = parse_areas(areas_t, problems) if areas_t else []
    standards = parse_standards(standards_t, problems) if standards_t else []
    personas = parse_personas(personas_t, problems) if personas_t else []
    area_names = {s.area for s in services} | {a.area for a in areas}
    actions = parse_actions(actions_t, problems, area_names) if actions_t else None

    if services_t and not services_t.rows:
        problems.error(services_t.file, 2, "there are no services under the header")
    local = {s.area for s in services if not s.is_national}
    _warn_near_duplicate_areas(services, label("services.csv"), problems)
    problems.items.extend(place_warnings(journeys, services, label("journeys.csv")))
    for area in areas:
        if local and area.area not in local:
            fix = did_you_mean(area.area, sorted(local))
            problems.warn(
                label("areas.csv"), area.line, f"no service is in area '{area.area}'{fix}"
            )

    order = {label(name): i for i, name in enumerate(ALL_MAP_FILES)}
    problems.items.sort(key=lambda p: (order.get(p.file, len(order)), p.line, p.warning))
    if problems.has_errors:
        raise MapError(problems.items)
    return ServiceMap(
        services=tuple(services),
        links=tuple(links),
        journeys=tuple(journeys),
        areas=tuple(areas),
        standards=tuple(standards),
        personas=tuple(personas),
        actions=None if actions is None else tuple(actions),
        warnings=tuple(str(p) for p in problems.warnings),
    )


def _pooled_only(journeys: list[Journey], file: str, problems: Problems) -> list[Journey]:
    """Leave out each journey whose `consent_pool` column (the workshop's export) is not a
    plain yes: she did not say it may be pooled, so it is in no figure and no finding. A
    journeys.csv without the column was gathered outside journeymap and is kept."""
    kept = []
    for j in journeys:
        refused = [
            step
            for step in j.steps
            if "consent_pool" in step.extra
            and step.extra["consent_pool"].strip().casefold() != "yes"
        ]  # any step's "no" counts: a row edited by hand must not pool the rest
        if refused:
            problems.warn(
                file,
                refused[0].line,
                f"journey {j.code} has no consent to pool (consent_pool is not 'yes'), so it "
                "is left out of every figure and finding",
            )
            continue
        kept.append(j)
    return kept


def parse_journeys(
    data: bytes, service_ids: Iterable[str] | None, file: str = "journeys.csv"
) -> list[Journey]:
    """Check one journeys.csv on its own (e.g. for the workshop's import) against a map's ids.

    The same checks as inside `parse_map`; `service_ids` None skips the id check. Raises
    `MapError` with every problem (`file:LINE`) when anything is wrong; warnings alone do not
    stop it. Cost: linear in the file.
    """
    problems = Problems()
    table = read_table(
        data, file, problems, required=JOURNEY_COLUMNS[0], optional=JOURNEY_COLUMNS[1]
    )
    ids = None if service_ids is None else set(service_ids)
    journeys = _parse_journeys(table, ids, problems) if table else []
    if problems.has_errors:
        raise MapError(problems.items)
    return journeys


def read_folder(folder: str | Path) -> dict[str, bytes]:
    """The bytes of the map files present in `folder` (case-insensitive names), and of any
    workbook there (by its own name, as `parse_map` reads workbooks by their ending)."""
    path = Path(folder)
    if path.is_file() and is_book(path.name):
        return {path.name: path.read_bytes()}
    wanted = set(ALL_MAP_FILES)
    return {
        (p.name if is_book(p.name) else p.name.lower()): p.read_bytes()
        for p in sorted(path.iterdir())
        if p.is_file()
        and (p.name.lower() in wanted or (is_book(p.name) and not p.name.startswith("~$")))
    }


def map_label(folder: str | Path) -> str:
    """The folder to put before file names in messages: a workbook's own folder, since its
    name is part of each label (`maps/book.xlsx[services]`)."""
    path = Path(folder)
    if is_book(path.name) and not path.is_dir():
        return "" if str(path.parent) == "." else str(path.parent)
    return str(path)


def load_map(folder: str | Path) -> ServiceMap:
    """Load and check a map folder (or one workbook); raises `MapError` listing every problem."""
    path = Path(folder)
    if not path.is_dir() and not (path.is_file() and is_book(path.name)):
        raise MapError(
            [
                Problem(
                    str(path),
                    1,
                    "this is not a folder; give the map folder that holds services.csv",
                )
            ]
        )
    try:
        files = read_folder(path)
    except OSError as exc:
        raise MapError(
            [Problem(str(path), 1, f"cannot read the folder: {exc.strerror or exc}")]
        ) from exc
    return parse_map(files, map_label(path))
