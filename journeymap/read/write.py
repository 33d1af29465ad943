"""ServiceMap → CSV files in the contract's shape (DESIGN §3), for round trips and imports.

These files are for journeymap and other tools to read back, so cells are written exactly as
they are (no spreadsheet `'` guard: that would change the data); extra columns come after the
contract's own, in the order they were first seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from journeymap.models import Area, Journey, Link, Persona, Service, ServiceMap, Standard
from journeymap.read.actions import ACTION_FILE, actions_csv
from journeymap.read.atomic import write_files
from journeymap.read.load import (
    AREA_COLUMNS,
    JOURNEY_COLUMNS,
    LINK_COLUMNS,
    PERSONA_COLUMNS,
    SERVICE_COLUMNS,
    STANDARD_COLUMNS,
    parse_map,
)
from journeymap.read.spreadsheet import table_csv

__all__ = ["LINK_FIELDS", "SERVICE_FIELDS", "field_text", "map_files", "write_map"]

# The contract's own columns, in its order: the same lists the loader checks against.
SERVICE_FIELDS = [*SERVICE_COLUMNS[0], *SERVICE_COLUMNS[1]]
LINK_FIELDS = [*LINK_COLUMNS[0], *LINK_COLUMNS[1]]
JOURNEY_FIELDS = [*JOURNEY_COLUMNS[0], *JOURNEY_COLUMNS[1]]
AREA_FIELDS = [*AREA_COLUMNS[0], *AREA_COLUMNS[1]]
STANDARD_FIELDS = [*STANDARD_COLUMNS[0], *STANDARD_COLUMNS[1]]
PERSONA_FIELDS = [*PERSONA_COLUMNS[0], *PERSONA_COLUMNS[1]]


def field_text(value: object) -> str:
    """A model field as the text a CSV cell holds (yes/no, `;`-lists, blank for none)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)


def _table(
    fields: Sequence[str], rows: Iterable[tuple[dict[str, object], dict[str, str]]]
) -> bytes:
    rows = list(rows)
    extra: dict[str, None] = {}
    for _, more in rows:
        extra.update(dict.fromkeys(more))
    return table_csv(
        [*fields, *extra],
        (
            [field_text(values[f]) for f in fields] + [more.get(e, "") for e in extra]
            for values, more in rows
        ),
    )


def _service(s: Service) -> dict[str, object]:
    return {f: getattr(s, f) for f in SERVICE_FIELDS}


def _link(link: Link) -> dict[str, object]:
    return {
        "from": link.source,
        "to": link.target,
        "kind": link.kind,
        "two_way": link.two_way,
        "formal": link.formal,
        "notes": link.notes,
    }


def _steps(journeys: Iterable[Journey]) -> Iterable[tuple[dict[str, object], dict[str, str]]]:
    for journey in journeys:
        for step in journey.steps:
            yield {f: getattr(step, f) for f in JOURNEY_FIELDS}, step.extra


def _area(area: Area) -> dict[str, object]:
    return {f: getattr(area, f) for f in AREA_FIELDS}


@cache
def _default_checklists() -> tuple[tuple[Standard, ...], tuple[Persona, ...]]:
    """The standards and personas shipped in `data/`, as a map without its own would load them."""
    probe = parse_map(
        {"services.csv": b"id,name,type,area\nx,x,other,x\n", "links.csv": b"from,to,kind\n"}
    )
    return probe.standards, probe.personas


def _without_lines(records: Sequence[Standard] | Sequence[Persona]) -> list[dict[str, object]]:
    return [r.model_dump(exclude={"line"}) for r in records]


def map_files(smap: ServiceMap) -> dict[str, bytes]:
    """The map as CSV file contents keyed by file name; journeys, areas and actions only when
    present.

    `standards.csv` and `personas.csv` are written only when the map's own differ from the
    defaults in `data/`, so a folder written out keeps following the shipped defaults.
    Cost: linear in the size of the map (the defaults are read once per process).
    """
    files = {
        "services.csv": _table(SERVICE_FIELDS, ((_service(s), s.extra) for s in smap.services)),
        "links.csv": _table(LINK_FIELDS, ((_link(k), k.extra) for k in smap.links)),
    }
    if smap.journeys:
        files["journeys.csv"] = _table(JOURNEY_FIELDS, _steps(smap.journeys))
    if smap.areas:
        files["areas.csv"] = _table(AREA_FIELDS, ((_area(a), a.extra) for a in smap.areas))
    if smap.actions is not None:
        files[ACTION_FILE] = actions_csv(smap.actions)
    standards, personas = _default_checklists()
    if _without_lines(smap.standards) != _without_lines(standards):
        files["standards.csv"] = _table(
            STANDARD_FIELDS,
            (({f: getattr(s, f) for f in STANDARD_FIELDS}, {}) for s in smap.standards),
        )
    if _without_lines(smap.personas) != _without_lines(personas):
        files["personas.csv"] = _table(
            PERSONA_FIELDS,
            (({f: getattr(p, f) for f in PERSONA_FIELDS}, {}) for p in smap.personas),
        )
    return files


def write_map(smap: ServiceMap, folder: str | Path) -> list[Path]:
    """Write the map's CSV files into `folder` (created if needed); returns the paths written."""
    return write_files(folder, map_files(smap))
