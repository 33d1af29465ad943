"""A map folder (or the same files uploaded) → a checked `ServiceMap`, or every problem at once.

Each file is read by `csvfile.read_table`, then each cell is checked by a `Cells` reader that
records a `FILE:LINE` problem and carries on, so a commissioner fixes all her mistakes in one
go. Cross-file checks (unknown ids, duplicates) come last. Nothing is built unless there are
no errors; warnings travel on the map.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from journeymap.models import Area, Journey, Link, Persona, Service, ServiceMap, Standard, Step
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.csvtable import Row, Table, read_table
from journeymap.resources import DATA_DIR, MAP_FILES, OPTIONAL_FILES
from journeymap.runtime.gcpause import without_gc
from journeymap.vocab import (
    BARRIERS,
    CIRCUMSTANCES,
    GROUPS,
    LINK_KINDS,
    NATIONAL,
    OFFER_TAGS,
    SERVICE_TYPES,
    STAGES,
    normalise_token,
    suggest,
)

__all__ = [
    "MapError",
    "Problem",
    "load_map",
    "parse_journeys",
    "parse_map",
    "parse_services",
    "read_folder",
]


SERVICE_COLUMNS = (
    ["id", "name", "type", "area"],
    ["provider", "women_only", "offers", "postcode", "latitude", "longitude", "url", "description"],
)
LINK_COLUMNS = (["from", "to", "kind"], ["two_way", "formal", "notes"])
JOURNEY_COLUMNS = (
    ["journey", "step"],
    ["service", "place", "stage", "feeling", "barriers", "helped_onward", "circumstances", "note"],
)
AREA_COLUMNS = (["area"], ["women_in_treatment", "estimated_women_need", "rural"])
STANDARD_COLUMNS = (["id", "standard", "source", "rule"], ["severity", "suggestion"])
PERSONA_COLUMNS = (
    ["id", "name", "entry_types"],
    ["description", "circumstance", "needs_any", "avoid_types", "source"],
)

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
JOURNEY_CODE = re.compile(r"^[A-Za-z0-9_-]{1,12}$")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}


class Cells:
    """Typed access to one row's cells; a bad cell becomes a problem, never an exception."""

    def __init__(self, file: str, row: Row, problems: Problems, known: Iterable[str]):
        self.file, self.line, self.row, self.problems = file, row.line, row.cells, problems
        self.known = known if isinstance(known, frozenset) else frozenset(known)
        self._start = len(problems.items)

    @property
    def ok(self) -> bool:
        """True while no error has been recorded for this row."""
        items = self.problems.items
        return len(items) == self._start or all(p.warning for p in items[self._start :])

    def error(self, message: str) -> None:
        self.problems.error(self.file, self.line, message)

    def warn(self, message: str) -> None:
        self.problems.warn(self.file, self.line, message)

    def text(self, col: str) -> str:
        return self.row.get(col, "")

    def required(self, col: str) -> str:
        value = self.text(col)
        if not value:
            self.error(f"'{col}' is empty; every row needs one")
        return value

    def boolean(self, col: str, default: bool | None = False) -> bool | None:
        value = self.text(col).lower()
        if not value:
            return default
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.error(
            f"{col} '{self.text(col)}' is not yes or no (use yes/no, y/n, true/false or 1/0)"
        )
        return default

    def integer(self, col: str, low: int | None = None, high: int | None = None) -> int | None:
        value = self.text(col).replace(",", "")  # "1,200" as Excel formats it
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if number != number or not number.is_integer():
            self.error(f"{col} '{self.text(col)}' is not a whole number")
            return None
        result = int(number)
        if (low is not None and result < low) or (high is not None and result > high):
            span = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.error(f"{col} {result} is out of range (it should be {span})")
            return None
        return result

    def coordinate(self, col: str, limit: float) -> float | None:
        value = self.text(col)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(f"{col} '{value}' is not a number in decimal degrees (e.g. 52.63)")
            return None
        if not -limit <= number <= limit:
            self.error(
                f"{col} {value} is out of range (it must be between -{limit:g} and {limit:g})"
            )
            return None
        return number

    def choice(self, col: str, choices: tuple[str, ...], what: str) -> str:
        raw = self.text(col)
        value = _normal(raw)
        if not raw or value in choices:
            return value
        hint = suggest(raw, choices)
        fix = f" (did you mean '{hint}'?)" if hint else f" (one of: {', '.join(choices)})"
        self.error(f"{col} '{raw}' is not {what}{fix}")
        return ""

    def tags(self, col: str, choices: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A `;`-list; unknown values are kept as custom ones with a warning, never dropped."""
        values: dict[str, None] = {}
        for raw in self.text(col).split(";"):
            if not raw.strip():
                continue
            value = _normal(raw)
            if value not in choices:
                hint = suggest(raw, choices)
                fix = f"did you mean '{hint}'? " if hint else ""
                self.warn(f"'{raw.strip()}' is not a known {what}; {fix}kept as a custom value")
            values[value] = None
        return tuple(values)

    def strict_list(self, col: str, choices: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A `;`-list whose every value must be known (used where a typo would change results)."""
        values: list[str] = []
        for raw in self.text(col).split(";"):
            if raw.strip():
                value = _normal(raw)
                if value in choices:
                    values.append(value)
                else:
                    hint = suggest(raw, choices)
                    fix = f" (did you mean '{hint}'?)" if hint else ""
                    self.error(f"{col} '{raw.strip()}' is not {what}{fix}")
        return tuple(values)

    def extra(self) -> dict[str, str]:
        """The cells of columns the contract does not know, in the file's column order."""
        header = tuple(self.row)
        columns = _EXTRA.get((header, self.known))
        if columns is None:
            if len(_EXTRA) > 256:
                _EXTRA.clear()
            columns = _EXTRA[header, self.known] = tuple(k for k in header if k not in self.known)
        return {k: self.row[k] for k in columns}


#: Extra columns of each header seen, so that a file of 100,000 rows works them out once.
_EXTRA: dict[tuple[tuple[str, ...], frozenset[str]], tuple[str, ...]] = {}

#: `normalise_token`, remembered: a column holds few distinct values over many rows.
_normal = functools.lru_cache(maxsize=4096)(normalise_token)


def _known(columns: tuple[list[str], list[str]]) -> frozenset[str]:
    return frozenset((*columns[0], *columns[1]))


#: Rows whose every cell is plainly right take a quick path that builds the model directly;
#: any other row is checked cell by cell by `Cells`, with its messages. The quick path accepts
#: only rows on which the checks would find nothing, and builds exactly the same model (the
#: tests compare the two paths on random rows). It halves loading time on a national map.
_QUICK = True
_PLAIN_BOOL = {"": False, "no": False, "yes": True, "n": False, "y": True}
_PLAIN_BOOL |= {"false": False, "true": True, "0": False, "1": True}
_TYPE_SET = frozenset(SERVICE_TYPES)
_OFFER_SET = frozenset(OFFER_TAGS)
_KIND_SET = frozenset(LINK_KINDS)


def _extra_columns(table: Table, known: frozenset[str]) -> tuple[str, ...]:
    return tuple(h for h in table.header if h not in known)


def _quick_service(
    cells: dict[str, str], line: int, extra: tuple[str, ...], first_line: dict[str, int]
) -> Service | None:
    """The service of a row that is plainly right, or None to check the row cell by cell."""
    get = cells.get
    sid, name, stype, area = get("id", ""), get("name", ""), get("type", ""), get("area", "")
    women_only = _PLAIN_BOOL.get(get("women_only", ""))
    if (
        not (sid and name and area)
        or stype not in _TYPE_SET
        or women_only is None
        or sid in first_line
        or not ID_PATTERN.match(sid)
    ):
        return None
    raw = get("offers", "")
    offers: tuple[str, ...] = tuple(raw.split(";")) if raw else ()
    if offers and (not _OFFER_SET.issuperset(offers) or len(set(offers)) != len(offers)):
        return None
    lat_text, lon_text = get("latitude", ""), get("longitude", "")
    lat = lon = None
    if lat_text or lon_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
    first_line[sid] = line
    return Service(
        id=sid,
        name=name,
        type=stype,
        area=NATIONAL if area.lower() == NATIONAL else area,
        provider=get("provider", ""),
        women_only=women_only,
        offers=offers,
        postcode=get("postcode", ""),
        latitude=lat,
        longitude=lon,
        url=get("url", ""),
        description=get("description", ""),
        extra={k: cells[k] for k in extra},
        line=line,
    )


def _quick_link(
    cells: dict[str, str], line: int, extra: tuple[str, ...], ids: set[str]
) -> Link | None:
    """The link of a row that is plainly right, or None to check the row cell by cell."""
    get = cells.get
    source, target, kind = get("from", ""), get("to", ""), get("kind", "")
    two_way, formal = _PLAIN_BOOL.get(get("two_way", "")), _PLAIN_BOOL.get(get("formal", ""))
    if (
        not (source and target)
        or source == target
        or kind not in _KIND_SET
        or two_way is None
        or formal is None
        or source not in ids
        or target not in ids
    ):
        return None
    return Link(
        source=source,
        target=target,
        kind=kind,  # checked against LINK_KINDS above
        two_way=two_way,
        formal=formal,
        notes=get("notes", ""),
        extra={k: cells[k] for k in extra},
        line=line,
    )


def parse_services(table: Table, problems: Problems) -> list[Service]:
    services: list[Service] = []
    first_line: dict[str, int] = {}
    known = _known(SERVICE_COLUMNS)
    extra = _extra_columns(table, known)
    for row in table.rows:
        if _QUICK:
            quick = _quick_service(row.cells, row.line, extra, first_line)
            if quick is not None:
                services.append(quick)
                continue
        c = Cells(table.file, row, problems, known)
        sid = c.required("id")
        if sid and not ID_PATTERN.match(sid):
            c.error(f"id '{sid}' may hold only letters, digits, '-', '_' and '.'")
        elif sid in first_line:
            c.error(
                f"id '{sid}' is used twice (first on line {first_line[sid]}); ids must be unique"
            )
        elif sid:
            first_line[sid] = row.line
        name = c.required("name")
        stype = c.choice("type", SERVICE_TYPES, "a service type")
        if not c.text("type"):
            c.required("type")
        area = c.required("area")
        if area.lower() == NATIONAL:
            area = NATIONAL
        women_only = c.boolean("women_only")
        offers = c.tags("offers", OFFER_TAGS, "offer tag")
        lat = c.coordinate("latitude", 90)
        lon = c.coordinate("longitude", 180)
        if bool(c.text("latitude")) != bool(c.text("longitude")):
            c.error("give both latitude and longitude, or neither")
        if not c.ok:
            continue
        services.append(
            Service(
                id=sid,
                name=name,
                type=stype,
                area=area,
                provider=c.text("provider"),
                women_only=bool(women_only),
                offers=offers,
                postcode=c.text("postcode"),
                latitude=lat,
                longitude=lon,
                url=c.text("url"),
                description=c.text("description"),
                extra=c.extra(),
                line=row.line,
            )
        )
    return services


def _parse_links(table: Table, ids: set[str] | None, problems: Problems) -> list[Link]:
    """Links; `ids` None means services.csv could not be read, so ids are not checked."""
    links: list[Link] = []
    seen: dict[tuple[str, str, str], int] = {}
    id_list = sorted(ids or ())
    known = _known(LINK_COLUMNS)
    extra = _extra_columns(table, known)
    for row in table.rows:
        quick = _quick_link(row.cells, row.line, extra, ids) if _QUICK and ids else None
        if quick is not None:
            key: tuple[str, str, str] = (quick.source, quick.target, quick.kind)
            if key in seen:
                problems.warn(
                    table.file,
                    row.line,
                    f"the same {quick.kind} link {quick.source} -> {quick.target} is also on "
                    f"line {seen[key]}",
                )
            seen.setdefault(key, row.line)
            links.append(quick)
            continue
        c = Cells(table.file, row, problems, known)
        ends = []
        for col in ("from", "to"):
            sid = c.required(col)
            if sid and ids is not None and sid not in ids:
                hint = suggest(sid, id_list)
                fix = f" (did you mean '{hint}'?)" if hint else " (add it to services.csv)"
                c.error(f"{col} '{sid}' is not a service id in services.csv{fix}")
            ends.append(sid)
        source, target = ends
        if source and source == target:
            c.error(f"the link goes from '{source}' to itself")
        kind = c.choice("kind", LINK_KINDS, "a link kind")
        if not c.text("kind"):
            c.required("kind")
        two_way = c.boolean("two_way")
        formal = c.boolean("formal")
        if not c.ok:
            continue
        key = (source, target, kind)
        if key in seen:
            c.warn(f"the same {kind} link {source} -> {target} is also on line {seen[key]}")
        seen.setdefault(key, row.line)
        links.append(
            Link(
                source=source,
                target=target,
                kind=kind,  # checked against LINK_KINDS above
                two_way=bool(two_way),
                formal=bool(formal),
                notes=c.text("notes"),
                extra=c.extra(),
                line=row.line,
            )
        )
    return links


def _parse_journeys(table: Table, ids: set[str] | None, problems: Problems) -> list[Journey]:
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
            hint = suggest(service, id_list)
            fix = (
                f" (did you mean '{hint}'?)" if hint else "; for a place not on the map use 'place'"
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


def _parse_areas(table: Table, problems: Problems) -> list[Area]:
    areas: list[Area] = []
    seen: dict[str, int] = {}
    known = _known(AREA_COLUMNS)
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        name = c.required("area")
        if name in seen:
            c.error(f"area '{name}' is listed twice (first on line {seen[name]})")
        seen.setdefault(name, row.line)
        in_treatment = c.integer("women_in_treatment", low=0)
        need = c.integer("estimated_women_need", low=0)
        rural = c.boolean("rural", default=None)
        if not c.ok:
            continue
        areas.append(
            Area(
                area=name,
                women_in_treatment=in_treatment,
                estimated_women_need=need,
                rural=rural,
                extra=c.extra(),
                line=row.line,
            )
        )
    return areas


TYPE_OR_GROUP = (*SERVICE_TYPES, *GROUPS)


def parse_rule(text: str) -> tuple[str, str | None]:
    """Check a standards rule; returns (normalised rule, error message or None).

    Rules: `service:TYPES[:women_only]`, `offer:TAGS`, `link:TYPES:TYPES`, where TYPES and TAGS
    are `|`-separated and a group name (e.g. `treatment`) stands for all its types.
    """
    parts = [p.strip() for p in text.strip().split(":")]
    kind = parts[0].lower()
    shapes = {"service": (2, 3), "offer": (2, 2), "link": (3, 3)}
    if kind not in shapes:
        return text, f"rule '{text}' must start with service:, offer: or link:"
    low, high = shapes[kind]
    if not low <= len(parts) <= high:
        forms = {
            "service": "service:TYPES or service:TYPES:women_only",
            "offer": "offer:TAGS",
            "link": "link:TYPES:TYPES",
        }
        return text, f"rule '{text}' should look like {forms[kind]}"
    if kind == "service" and len(parts) == 3 and normalise_token(parts[2]) != "women_only":
        return text, f"rule '{text}': the third part may only be 'women_only'"
    lists = parts[1:3] if kind == "link" else parts[1:2]
    vocab: tuple[str, ...] = OFFER_TAGS if kind == "offer" else TYPE_OR_GROUP
    for values in lists:
        for raw in values.split("|"):
            if normalise_token(raw) not in vocab:
                hint = suggest(raw, vocab)
                fix = f" (did you mean '{hint}'?)" if hint else ""
                what = "an offer tag" if kind == "offer" else "a service type or group"
                return text, f"rule '{text}': '{raw}' is not {what}{fix}"
    normal = [kind] + ["|".join(normalise_token(v) for v in p.split("|")) for p in parts[1:]]
    return ":".join(normal), None


def _parse_standards(table: Table, problems: Problems) -> list[Standard]:
    standards: list[Standard] = []
    known = _known(STANDARD_COLUMNS)
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        sid, text, source = c.required("id"), c.required("standard"), c.required("source")
        rule, message = parse_rule(c.required("rule"))
        if message and c.text("rule"):
            c.error(message)
        severity = c.choice("severity", ("high", "medium", "low"), "a severity") or "medium"
        if not c.ok:
            continue
        standards.append(
            Standard(
                id=sid,
                standard=text,
                source=source,
                rule=rule,
                severity=severity,  # checked by choice()
                suggestion=c.text("suggestion"),
                line=row.line,
            )
        )
    return standards


def _parse_personas(table: Table, problems: Problems) -> list[Persona]:
    personas: list[Persona] = []
    tags = (*OFFER_TAGS, "women_only")
    known = _known(PERSONA_COLUMNS)
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        pid, name = c.required("id"), c.required("name")
        entry = c.strict_list("entry_types", SERVICE_TYPES, "a service type")
        if not entry and c.text("entry_types") == "":
            c.required("entry_types")
        needs = c.strict_list("needs_any", tags, "an offer tag")
        avoid = c.strict_list("avoid_types", SERVICE_TYPES, "a service type")
        circumstance = c.choice("circumstance", CIRCUMSTANCES, "a circumstance")
        if not c.ok:
            continue
        personas.append(
            Persona(
                id=pid,
                name=name,
                description=c.text("description"),
                circumstance=circumstance,
                entry_types=entry,
                needs_any=needs,
                avoid_types=avoid,
                source=c.text("source"),
                line=row.line,
            )
        )
    return personas


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

    def label(name: str) -> str:
        return f"{folder.rstrip('/')}/{name}" if folder else name

    def table(name: str, columns: tuple[list[str], list[str]]) -> Table | None:
        data, file = files.get(name), label(name)
        if data is None and name in ("standards.csv", "personas.csv"):
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

    services = parse_services(services_t, problems) if services_t else []
    # Ids are checked across files only when services.csv could be read at all; otherwise every
    # link would repeat the one real problem.
    ids = {r.cells.get("id", "") for r in services_t.rows} if services_t else None
    links = _parse_links(links_t, ids, problems) if links_t else []
    journeys = _parse_journeys(journeys_t, ids, problems) if journeys_t else []
    areas = _parse_areas(areas_t, problems) if areas_t else []
    standards = _parse_standards(standards_t, problems) if standards_t else []
    personas = _parse_personas(personas_t, problems) if personas_t else []

    if services_t and not services_t.rows:
        problems.error(services_t.file, 2, "there are no services under the header")
    local = {s.area for s in services if not s.is_national}
    _warn_near_duplicate_areas(services, label("services.csv"), problems)
    for area in areas:
        if local and area.area not in local:
            hint = suggest(area.area, sorted(local))
            fix = f" (did you mean '{hint}'?)" if hint else ""
            problems.warn(
                label("areas.csv"), area.line, f"no service is in area '{area.area}'{fix}"
            )

    order = {label(name): i for i, name in enumerate((*MAP_FILES, "standards.csv", "personas.csv"))}
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
        warnings=tuple(str(p) for p in problems.warnings),
    )


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
    """The bytes of the map files present in `folder` (case-insensitive names)."""
    path = Path(folder)
    wanted = {*MAP_FILES, "standards.csv", "personas.csv"}
    return {
        p.name.lower(): p.read_bytes()
        for p in sorted(path.iterdir())
        if p.is_file() and p.name.lower() in wanted
    }


def load_map(folder: str | Path) -> ServiceMap:
    """Load and check a map folder; raises `MapError` listing every problem."""
    path = Path(folder)
    if not path.is_dir():
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
    return parse_map(files, str(path))
