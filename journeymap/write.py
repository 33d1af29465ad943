"""ServiceMap → CSV files in the contract's shape (DESIGN §3), for round trips and imports.

These files are for journeymap and other tools to read back, so cells are written exactly as
they are (no spreadsheet `'` guard: that would change the data); extra columns come after the
contract's own, in the order they were first seen.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from .atomic import write_atomic
from .load import AREA_COLUMNS, JOURNEY_COLUMNS, LINK_COLUMNS, SERVICE_COLUMNS
from .models import Area, Journey, Link, Service, ServiceMap

__all__ = ["map_files", "write_map"]

# The contract's own columns, in its order: the same lists the loader checks against.
SERVICE_FIELDS = [*SERVICE_COLUMNS[0], *SERVICE_COLUMNS[1]]
LINK_FIELDS = [*LINK_COLUMNS[0], *LINK_COLUMNS[1]]
JOURNEY_FIELDS = [*JOURNEY_COLUMNS[0], *JOURNEY_COLUMNS[1]]
AREA_FIELDS = [*AREA_COLUMNS[0], *AREA_COLUMNS[1]]


def _cell(value: object) -> str:
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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*fields, *extra])
    for values, more in rows:
        writer.writerow([_cell(values[f]) for f in fields] + [more.get(e, "") for e in extra])
    return out.getvalue().encode("utf-8")


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


def map_files(smap: ServiceMap) -> dict[str, bytes]:
    """The map as CSV file contents keyed by file name; journeys and areas only when present."""
    files = {
        "services.csv": _table(SERVICE_FIELDS, ((_service(s), s.extra) for s in smap.services)),
        "links.csv": _table(LINK_FIELDS, ((_link(k), k.extra) for k in smap.links)),
    }
    if smap.journeys:
        files["journeys.csv"] = _table(JOURNEY_FIELDS, _steps(smap.journeys))
    if smap.areas:
        files["areas.csv"] = _table(AREA_FIELDS, ((_area(a), a.extra) for a in smap.areas))
    return files


def write_map(smap: ServiceMap, folder: str | Path) -> list[Path]:
    """Write the map's CSV files into `folder` (created if needed); returns the paths written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in map_files(smap).items():
        write_atomic(target / name, data)
        written.append(target / name)
    return written
