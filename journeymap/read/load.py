"""A map folder (or the same files uploaded) → a checked `ServiceMap`, or every problem at once.

Each file is read by `csvtable.read_table`, then each row by its parser, which records a
`FILE:LINE` problem for every bad cell (through `cells.Cells`) and carries on, so a
commissioner fixes all her mistakes in one go. Cross-file checks (unknown ids, duplicates) come
last. Nothing is built unless there are no errors; warnings travel on the map.

Services and links, which a national map has by the hundred thousand, are read column by
column: a plainly written file straight from its text (`columns.plain_columns`), any other
from its `Table`, then checked a column at a time (`fastload`), each doubtful row by the
row-by-row reader (`rows`) with its messages. `COLUMNAR = False` reads every file row by row
as before, which the tests compare the columnar way with.

Where the files come from (a folder, one workbook, a zip) is `mapfiles`' job; `read_folder` and
`map_label` are also importable from here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path

from journeymap.labels import did_you_mean
from journeymap.models import (
    Action,
    Area,
    Journey,
    Link,
    Persona,
    Service,
    ServiceMap,
    Standard,
    Step,
)
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.actions import ACTION_COLUMNS, ACTION_FILE, parse_actions
from journeymap.read.cells import JOURNEY_CODE, Cells
from journeymap.read.checklists import (
    AREA_COLUMNS,
    PERSONA_COLUMNS,
    STANDARD_COLUMNS,
    parse_areas,
    parse_personas,
    parse_standards,
)
from journeymap.read.columns import Columns, columns_of, plain_columns
from journeymap.read.csvtable import Table, read_table
from journeymap.read.fastload import CheckedLinks, link_columns, made, service_columns
from journeymap.read.mapfiles import map_files, map_label, read_folder
from journeymap.read.names import ServiceNames, end_hint, resolve_names
from journeymap.read.places import place_warnings
from journeymap.read.rows import LINK_COLUMNS, SERVICE_COLUMNS, parse_links, parse_services
from journeymap.read.workbook import sheet_table, workbook_tables
from journeymap.resources import ALL_MAP_FILES, CHECKLIST_FILES, DATA_DIR, OPTIONAL_FILES
from journeymap.runtime.gcpause import without_gc
from journeymap.vocab import BARRIERS, CIRCUMSTANCES, NATIONAL, STAGES

__all__ = [
    "AREA_COLUMNS",
    "COLUMNAR",
    "JOURNEY_COLUMNS",
    "LINK_COLUMNS",
    "PERSONA_COLUMNS",
    "SERVICE_COLUMNS",
    "STANDARD_COLUMNS",
    "MapCheck",
    "MapError",
    "Problem",
    "check_map",
    "check_map_files",
    "load_map",
    "map_label",
    "parse_journeys",
    "parse_map",
    "parse_services",
    "read_folder",
]

#: Read services.csv and links.csv column by column (False: row by row, the reference way).
COLUMNAR = True

JOURNEY_COLUMNS = (
    ["journey", "step"],
    ["service", "place", "stage", "feeling", "barriers", "helped_onward", "circumstances", "note"],
)


def _known(columns: tuple[list[str], list[str]]) -> frozenset[str]:
    return frozenset((*columns[0], *columns[1]))


def _parse_journeys(
    table: Table, ids: set[str] | None, problems: Problems, names: ServiceNames | None = None
) -> list[Journey]:
    steps: dict[str, list[Step]] = {}
    step_line: dict[tuple[str, int], int] = {}
    id_list = functools.cache(lambda: sorted(ids or ()))  # for a message only
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
            fix = end_hint(service, id_list(), names, otherwise="") or (
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
            made(
                Step,
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
        made(Journey, code=code, steps=tuple(sorted(rows, key=lambda s: s.step)))
        for code, rows in steps.items()
    ]


def _warn_near_duplicate_areas(
    services: list[Service], spellings: Iterable[str], file: str, problems: Problems
) -> None:
    """Warn when two area names differ only in case or spacing ('Fenmoor', 'fenmoor '): they
    would be analysed as two areas, doubling the checklist findings of both. `spellings` are
    the areas as written, each once: when no two are alike (the usual map) no service is
    looked at."""
    spellings = list(spellings)
    if len({" ".join(a.casefold().split()) for a in spellings}) == len(spellings):
        return
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


def _count(held: Columns | Table) -> int:
    return len(held) if isinstance(held, Columns) else len(held.rows)


def _ids(held: Columns | Table | None) -> set[str] | None:
    """Every id cell of services.csv (a blank one included), or None when it was not read."""
    if held is None:
        return None
    if isinstance(held, Columns):
        return set(held.column("id"))
    return {r.cells.get("id", "") for r in held.rows}


def _services(held: Columns | Table | None, problems: Problems) -> list[Service]:
    """The services, column by column where they are held so and no id repeats."""
    if held is None:
        return []
    if isinstance(held, Columns):
        found = service_columns(held, problems)
        if found is not None:
            return found
        held = held.table()
    return parse_services(held, problems)


def _links(
    held: Columns | Table | None, ids: set[str] | None, problems: Problems, names: ServiceNames
) -> list[Link] | CheckedLinks:
    """The links, column by column where they are held so and services.csv was read (a
    `Table` given here has had its names read as ids already)."""
    if held is None:
        return []
    if isinstance(held, Columns):
        found = link_columns(held, ids, problems, names)
        if found is not None:
            return found
        held = held.table()
        resolve_names(held, ("from", "to"), ids, names, problems)
    return parse_links(held, ids, problems, names)


@dataclass(frozen=True)
class MapCheck:
    """A map's files once every cell is checked and nothing was wrong: the records, the links
    still as checked columns where they were read so (`fastload.CheckedLinks`), and the
    warnings as text."""

    services: list[Service]
    links: list[Link] | CheckedLinks
    journeys: list[Journey]
    areas: list[Area]
    standards: list[Standard]
    personas: list[Persona]
    actions: list[Action] | None
    warnings: tuple[str, ...]

    def link_models(self) -> list[Link]:
        return self.links.models() if isinstance(self.links, CheckedLinks) else self.links


@without_gc
def parse_map(files: Mapping[str, bytes], folder: str = "") -> ServiceMap:
    """Check and build a map from file contents keyed by file name (e.g. `services.csv`).

    `folder` is put before file names in messages. `standards.csv` and `personas.csv` fall back
    to the defaults in `data/`. Raises `MapError` with every problem when anything is wrong.
    Cost: linear in the size of the files.
    """
    checked = check_map_files(files, folder)
    return ServiceMap(
        services=tuple(checked.services),
        links=tuple(checked.link_models()),
        journeys=tuple(checked.journeys),
        areas=tuple(checked.areas),
        standards=tuple(checked.standards),
        personas=tuple(checked.personas),
        actions=None if checked.actions is None else tuple(checked.actions),
        warnings=checked.warnings,
    )


@without_gc
def check_map_files(files: Mapping[str, bytes], folder: str = "") -> MapCheck:
    """Every check of `parse_map`, with the same messages, and what was read (see `MapCheck`)
    without a model per link: what `journeymap check` needs. Raises `MapError` as
    `parse_map` does. Cost: linear in the size of the files."""
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

    def held(name: str, columns: tuple[list[str], list[str]]) -> Columns | Table | None:
        """services.csv or links.csv: column by column (straight from the text when it is
        plainly written), or as a `Table` when not `COLUMNAR`."""
        if not COLUMNAR:
            return table(name, columns)
        data = files.get(name)
        if name not in sheets and data is not None:
            plain = plain_columns(data, label(name), required=columns[0], optional=columns[1])
            if plain is not None:
                return plain
        found = table(name, columns)
        return None if found is None else columns_of(found)

    services_t = held("services.csv", SERVICE_COLUMNS)
    links_t = held("links.csv", LINK_COLUMNS)
    journeys_t = table("journeys.csv", JOURNEY_COLUMNS)
    areas_t = table("areas.csv", AREA_COLUMNS)
    standards_t = table("standards.csv", STANDARD_COLUMNS)
    personas_t = table("personas.csv", PERSONA_COLUMNS)
    actions_t = table(ACTION_FILE, ACTION_COLUMNS)

    services = _services(services_t, problems)
    # Ids are checked across files only when services.csv could be read at all; otherwise every
    # link would repeat the one real problem.
    ids = _ids(services_t)
    names = ServiceNames(services_t)  # a link end or a journey's service given by name
    if isinstance(links_t, Table):
        resolve_names(links_t, ("from", "to"), ids, names, problems)
    resolve_names(journeys_t, ("service",), ids, names, problems)
    links = _links(links_t, ids, problems, names)
    journeys = _parse_journeys(journeys_t, ids, problems, names) if journeys_t else []
    journeys = _pooled_only(journeys, label("journeys.csv"), problems)
    areas = parse_areas(areas_t, problems) if areas_t else []
    standards = parse_standards(standards_t, problems) if standards_t else []
    personas = parse_personas(personas_t, problems) if personas_t else []
    spellings = dict.fromkeys(map(attrgetter("area"), services))  # each area, as written
    area_names = set(spellings) | {a.area for a in areas}
    actions = parse_actions(actions_t, problems, area_names) if actions_t else None

    if services_t is not None and not _count(services_t):
        problems.error(services_t.file, 2, "there are no services under the header")
    local = set(spellings) - {NATIONAL}
    _warn_near_duplicate_areas(services, spellings, label("services.csv"), problems)
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
    warnings = tuple(str(p) for p in problems.warnings)
    return MapCheck(services, links, journeys, areas, standards, personas, actions, warnings)


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


def load_map(folder: str | Path) -> ServiceMap:
    """Load and check a map folder (or one workbook, or a zip of a map folder); raises
    `MapError` listing every problem."""
    files, label, notes = map_files(folder)
    smap = parse_map(files, label)
    return smap.model_copy(update={"warnings": (*notes, *smap.warnings)}) if notes else smap


def check_map(folder: str | Path) -> MapCheck:
    """Check a map folder (or workbook, or zip) as `load_map` does, every message the same,
    and give what was read without a model per link (`check_map_files`)."""
    files, label, notes = map_files(folder)
    checked = check_map_files(files, label)
    return replace(checked, warnings=(*notes, *checked.warnings)) if notes else checked
