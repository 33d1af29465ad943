"""Open Referral (HSDS 3.0 / Open Referral UK) service directories → a journeymap map.

Councils already publish their directories of local services in this format, so a
commissioner should not have to retype them. `oruk_files` finds a directory's files (a
folder, or a zip read with the hardened reader), `oruk_tabular` and `oruk_pages` read a tabular
package or saved `/services` API pages into plain records (`oruk_records`); this module turns
those into a map.

What HSDS holds becomes the map: organisation → provider; the first usable location →
coordinates and postcode; services at the same physical location → `co_location` links (not
formal: the directory does not say); taxonomy terms → a service type through an editable
mapping file (`data/oruk_type_map.csv`), else keywords in the names and descriptions, else
`other` (listed, for the commissioner to fix). HSDS has no referral links: those she adds.

Real directories are untidy (the official example has latitude 100), so a bad value is a
warning and the value is left out; only a package that cannot be read is an error. Every
problem is `FILE:LINE`. Nothing is written here: `import_oruk` returns the map, which the
caller writes with `write.write_map` once there are no errors.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from journeymap.labels import plural
from journeymap.models import Link, Service, ServiceMap
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.csvtable import MAX_CELL
from journeymap.read.load import parse_map
from journeymap.read.oruk_files import read_records
from journeymap.read.oruk_html import html_to_text
from journeymap.read.oruk_records import Place, Record, as_text
from journeymap.read.oruk_type_map import TYPE_MAP, read_type_map
from journeymap.read.oruk_typing import MEN_ONLY, WOMEN_ONLY, gender_of, guess_type
from journeymap.read.write import map_files
from journeymap.vocab import NATIONAL

__all__ = [
    "MEN_ONLY",
    "TYPE_MAP",
    "WOMEN_ONLY",
    "ImportResult",
    "LeftOut",
    "guess_type",
    "import_oruk",
    "read_type_map",
    "safe_id",
]

#: A location shared by more services than this is probably an office address: say so.
CROWDED_LOCATION = 12

UNKNOWN_AREA = "unknown"
SKIPPED_STATUSES = ("inactive", "defunct")


@dataclass(frozen=True)
class LeftOut:
    """A directory entry not put on the map, and why (a row of `left-out.csv`)."""

    oruk_id: str
    name: str
    provider: str
    reason: str
    where: str

    @property
    def short(self) -> str:
        """The reason in a few words, for counts ('no type on a woman's journey 160')."""
        for start, words in _SHORT_REASONS:
            if self.reason.startswith(start):
                return words
        return self.reason


_SHORT_REASONS = (
    ("it matches no type", "no type on a woman's journey"),
    ("it is for men only", "men only"),
    ("its status", "inactive or defunct"),
    ("it has no name", "no name"),
)


@dataclass(frozen=True)
class ImportResult:
    """The imported map and what the commissioner should look at next.

    `smap` has passed the data contract's own check (`load.parse_map`); `untyped` are the
    services kept as `other` because nothing decided their type (only with `keep_all`);
    `left_out` the entries not put on the map, with the reason; `by_keyword` the services
    typed from their name or description rather than a term (worth a look); `women_only` and
    `men_only` how many kept services are for women or men only; `warnings` are the problems
    that did not stop the import; `shape` is 'tabular' or 'api'.
    """

    smap: ServiceMap
    untyped: tuple[Service, ...]
    warnings: tuple[Problem, ...]
    shape: str
    organisations: int
    skipped: int
    left_out: tuple[LeftOut, ...] = ()
    by_keyword: int = 0
    women_only: int = 0
    men_only: int = 0


def safe_id(raw: str, taken: set[str]) -> str:
    """`raw` as a map id (letters, digits, `-`, `_`, `.`), made unique against `taken`."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", raw.strip()).strip("-.") or "service"
    sid, n = base, 1
    while sid in taken:
        n += 1
        sid = f"{base}-{n}"
    taken.add(sid)
    return sid


# --------------------------------------------------------------------------- to the map


def _coordinates(place: Place, problems: Problems, warned: set[str]) -> tuple[float, float] | None:
    """Checked (latitude, longitude) of a place, or None; a bad pair is warned about once."""
    raw = (as_text(place.latitude), as_text(place.longitude))
    if not any(raw):
        return None
    message = ""
    try:
        lat, lon = float(raw[0]), float(raw[1])
    except ValueError:
        message = f"latitude '{raw[0]}' and longitude '{raw[1]}' are not both numbers"
    else:
        if not (math.isfinite(lat) and math.isfinite(lon)):
            message = "the coordinates are not numbers"
        elif not -90 <= lat <= 90:
            message = f"latitude {raw[0]} is out of range (it must be between -90 and 90)"
        elif not -180 <= lon <= 180:
            message = f"longitude {raw[1]} is out of range (it must be between -180 and 180)"
        elif lat == 0 and lon == 0:
            message = "the coordinates are 0, 0 (a placeholder, not a place)"
    if message:
        if place.id not in warned:
            warned.add(place.id)
            problems.warn(place.file, place.line, f"{message}; imported without coordinates")
        return None
    return lat, lon


@dataclass
class _Built:
    services: list[Service]
    links: list[Link]
    untyped: list[Service]
    left_out: list[LeftOut]
    skipped: int = 0
    by_keyword: int = 0
    women: int = 0
    men: int = 0


def _plain(record: Record, problems: Problems) -> None:
    """The record's HTML as plain text, and any cell still over the limit cut, with a warning:
    a real feed always imports (DESIGN §8)."""
    raw = record.description
    record.name = html_to_text(record.name)
    record.description = html_to_text(raw)
    record.eligibility = [html_to_text(e) for e in record.eligibility]
    file, line = record.where
    if len(raw) > MAX_CELL:
        problems.warn(
            file,
            line,
            f"{record.about}the description is {len(raw):,} characters of HTML (with inline "
            f"images or markup); imported as {len(record.description):,} characters of plain "
            "text",
        )
    for field in ("name", "description", "url"):
        value = getattr(record, field)
        if len(value) > MAX_CELL:
            setattr(record, field, value[: MAX_CELL - 1] + "…")
            problems.warn(
                file,
                line,
                f"{record.about}the {field} is {len(value):,} characters, more than a cell "
                f"holds ({MAX_CELL:,}); cut to fit",
            )


def _area_of(record: Record, area: str | None) -> str:
    """`--area`, else the local authority of its address (ORUK 3.0 `admin_area` or `region`,
    a physical address first), else its town, else its postcode district, else ''."""
    if area:
        return area
    places = sorted(record.places, key=lambda p: not p.physical)
    for field in ("admin_area", "town"):
        found = next((getattr(p, field) for p in places if getattr(p, field)), "")
        if found:
            return found
    postcode = next((p.postcode for p in places if p.postcode), "")
    return postcode.split()[0].upper() if " " in postcode.strip() else ""


def _reason(record: Record, stype: str, why: str, men: bool, keep_all: bool) -> str:
    """Why an entry is left off the map, or '' to keep it."""
    status = record.status.lower()
    if status in SKIPPED_STATUSES:
        return f"its status is {status}"
    if not record.name:
        return "it has no name in the directory"
    if keep_all:
        return ""
    if men:
        return "it is for men only (--keep-all keeps men-only services)"
    if stype == "other" and not why:
        return (
            "it matches no type of service on a woman's journey (its name, terms and "
            "description were read); set a type and add it to services.csv if it is one"
        )
    return ""


def _build(
    records: Iterable[Record],
    mapping: Mapping[str, str],
    area: str | None,
    problems: Problems,
    keep_all: bool,
    source: str,
) -> _Built:
    built = _Built([], [], [], [])
    taken: set[str] = set()
    warned: set[str] = set()
    unknown: list[str] = []
    at_place: dict[str, list[tuple[str, Place]]] = {}
    for record in records:
        file, line = record.where
        _plain(record, problems)
        stype, why = guess_type(record, mapping)
        gender = gender_of(record, mapping)
        reason = _reason(record, stype, why, gender.only == "men", keep_all)
        if not record.name:
            problems.warn(
                file,
                line,
                f"{record.about}this service has no name; not imported (listed in left-out.csv)",
            )
        if reason:
            built.skipped += record.status.lower() in SKIPPED_STATUSES
            built.left_out.append(
                LeftOut(
                    record.id,
                    record.name,
                    record.provider,
                    reason,
                    f"{file}:{line}" + (f" record {record.record}" if record.record else ""),
                )
            )
            continue
        sid = safe_id(record.id, taken)
        coords, postcode = None, ""
        for place in record.places:
            found = _coordinates(place, problems, warned)
            if found and coords is None and place.physical:
                coords = found
                postcode = postcode or place.postcode
        postcode = postcode or next((p.postcode for p in record.places if p.postcode), "")
        service_area = _area_of(record, area)
        if not service_area:
            unknown.append(record.name)
            service_area = UNKNOWN_AREA
        elif service_area.lower() == NATIONAL:
            service_area = NATIONAL
        extra = {
            "oruk_id": record.id,
            "oruk_terms": "; ".join(dict.fromkeys(t.label for t in record.terms if t.label)),
            "type_from": why or "not decided: please set the type",
        }
        if record.audiences:
            extra["oruk_audiences"] = "; ".join(record.audiences)
        if gender.only:
            extra["gender_from"] = f"{gender.only} only: {gender.why}"
        if record.email:
            extra["email"] = record.email
        service = Service(
            id=sid,
            name=record.name,
            type=stype,
            area=service_area,
            provider=record.provider,
            women_only=gender.only == "women",
            offers=("interpreters",) if record.interpreters else (),
            postcode=postcode,
            latitude=coords[0] if coords else None,
            longitude=coords[1] if coords else None,
            url=record.url,
            description=record.description,
            extra=extra,
            line=0,
        )
        built.services.append(service)
        built.by_keyword += why.startswith("keyword")
        built.women += gender.only == "women"
        built.men += gender.only == "men"
        if stype == "other" and not why:
            built.untyped.append(service)
        for place in record.places:
            if place.physical:
                at_place.setdefault(place.id, []).append((sid, place))
    if unknown:
        shown = "; ".join(unknown[:3]) + ("; …" if len(unknown) > 3 else "")
        problems.warn(
            source,
            1,
            f"{plural(len(unknown), 'service')} ({shown}) "
            f"{'has' if len(unknown) == 1 else 'have'} no address to take an area from, so "
            f"{'its' if len(unknown) == 1 else 'their'} area is '{UNKNOWN_AREA}' (give --area, "
            "or edit the area column)",
        )
    built.links = _co_locations(at_place, problems)
    return built


def _co_locations(at_place: dict[str, list[tuple[str, Place]]], problems: Problems) -> list[Link]:
    """One co_location link per pair of services sharing a physical location."""
    notes: dict[tuple[str, str], list[str]] = {}
    for members in at_place.values():
        place = members[0][1]
        ids = sorted(dict.fromkeys(sid for sid, _ in members))
        if len(ids) > CROWDED_LOCATION:
            problems.warn(
                place.file,
                place.line,
                f"location '{place.name or place.id}' is shared by {len(ids)} services, so "
                f"{len(ids) * (len(ids) - 1) // 2} co-location links were made; check it is a "
                "building where they meet women, not an office address",
            )
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                notes.setdefault((a, b), []).append(place.name or place.id)
    return [
        Link(
            source=a,
            target=b,
            kind="co_location",
            formal=False,
            notes="same location in the Open Referral directory: " + "; ".join(where),
        )
        for (a, b), where in sorted(notes.items())
    ]


def import_oruk(
    src: str | Path,
    area: str | None = None,
    type_map: str | Path | None = None,
    *,
    keep_all: bool = False,
) -> ImportResult:
    """Read an Open Referral directory: a feed saved as one JSON file, a folder or zip of saved
    JSON pages, or a tabular package (folder or zip of CSVs).

    `area` is given to every service; without it, each service's area is its address's local
    authority (or town, or postcode district). `type_map` is a term → type CSV (default: the
    bundled `data/oruk_type_map.csv`). Entries that match no type on a woman's journey, and
    men-only services, are left out (`ImportResult.left_out`) unless `keep_all`.
    Returns the checked map and what needs the commissioner's eye; raises `MapError` with every
    problem (as FILE:LINE) when the directory cannot be read. Writes nothing.
    Cost: linear in the size of the directory, plus one link per pair of services at a location.
    """
    mapping = read_type_map(type_map)
    path = Path(src)
    problems = Problems()
    records, organisations, shape = read_records(path, problems)
    if problems.has_errors:
        raise MapError(problems.items)
    built = _build(records, mapping, area, problems, keep_all, str(path))
    if not built.services:
        reasons = Counter(r.short for r in built.left_out)
        told = (
            (
                f"; all {len(built.left_out)} entries were left out ("
                if len(built.left_out) > 1
                else "; its only entry was left out ("
            )
            + ", ".join(f"{why} {n}" for why, n in reasons.most_common())
            + "; --keep-all keeps those of no type and men-only ones)"
            if built.left_out
            else ""
        )
        problems.error(str(path), 1, f"there are no active services to import{told}")
        raise MapError(problems.items)
    if not area:
        problems.warn(
            str(path),
            1,
            "no --area given: each service's area is the local authority or town of its "
            "address; check the area column matches your commissioning areas",
        )
    smap = ServiceMap(services=tuple(built.services), links=tuple(built.links))
    checked = parse_map(map_files(smap))  # the contract's own check: a bug must not be written
    return ImportResult(
        smap=checked,
        untyped=tuple(built.untyped),
        warnings=tuple(p for p in problems.items if p.warning),
        shape=shape,
        # saved pages name organisations only through their services: count the kept ones'
        organisations=organisations
        if shape == "tabular"
        else len({s.provider for s in built.services if s.provider}),
        skipped=built.skipped,
        left_out=tuple(built.left_out),
        by_keyword=built.by_keyword,
        women_only=built.women,
        men_only=built.men,
    )
