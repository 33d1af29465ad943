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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from journeymap.labels import did_you_mean
from journeymap.models import Link, Service, ServiceMap
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.csvtable import read_table
from journeymap.read.load import parse_map
from journeymap.read.oruk_files import read_records
from journeymap.read.oruk_records import Place, Record, as_text, term_key
from journeymap.read.write import map_files
from journeymap.resources import DATA_DIR
from journeymap.vocab import NATIONAL, SERVICE_TYPES

__all__ = [
    "TYPE_MAP",
    "WOMEN_ONLY",
    "ImportResult",
    "guess_type",
    "import_oruk",
    "read_type_map",
    "safe_id",
]

#: The bundled mapping of taxonomy terms to service types; copy it to edit it (`--type-map`).
TYPE_MAP = DATA_DIR / "oruk_type_map.csv"
#: In the mapping file, a term mapped to this marks the service as for women only.
WOMEN_ONLY = "women_only"
#: A location shared by more services than this is probably an office address: say so.
CROWDED_LOCATION = 12

UNKNOWN_AREA = "unknown"
SKIPPED_STATUSES = ("inactive", "defunct")

#: Keywords tried on a service's name, then its terms' names, then its description, when no
#: taxonomy term decided the type. Order matters: the more specific phrases come first.
KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (stype, re.compile(pattern, re.IGNORECASE))
    for stype, pattern in (
        ("family_court", r"family drug (and|&) alcohol court|\bfdac\b|family court"),
        ("post_removal_support", r"\bpause\b|post[- ]removal|recurrent care"),
        ("family_residential", r"family residential|mother and baby unit"),
        ("residential_rehab", r"residential (drug |alcohol )?(rehab|treatment|recovery)"),
        ("inpatient_detox", r"\bdetox"),
        ("womens_health_hub", r"women'?s health hub"),
        ("sexual_violence", r"sexual violence|\brape\b|sexual assault|\bsarc\b"),
        ("domestic_abuse", r"domestic (abuse|violence)|women'?s aid\b|\brefuges?\b|\bidva\b"),
        ("womens_centre", r"women'?s cent(re|er)"),
        (
            "drug_alcohol_treatment",
            r"drugs? (and|&) alcohol|alcohol (and|&) drugs?|substance (mis)?use"
            r"|\b(drug|alcohol) (service|support|treatment|team)s?\b|addiction",
        ),
        ("midwifery", r"midwi|maternity|ante-?natal"),
        ("sexual_health", r"sexual health|contracepti|\bgum\b"),
        ("mental_health", r"mental health|counsell?ing|talking therap|psycholog"),
        ("pharmacy", r"pharmac|chemist"),
        ("hospital", r"hospital|\ba ?& ?e\b|emergency department"),
        ("gp", r"\bgps?\b|general practi|medical (practice|centre)|\bsurgery\b|health centre"),
        ("probation", r"probation"),
        ("prison", r"\bprisons?\b|\bhmp\b"),
        ("police_custody", r"police custody|liaison (and|&) diversion"),
        ("childrens_social_care", r"children'?s (social care|services)|child protection"),
        ("early_help", r"early help|family hubs?\b|children'?s cent(re|er)"),
        ("housing", r"housing|homeless|hostel|accommodation"),
        ("outreach", r"outreach"),
        ("peer_support", r"peer (support|mentor)|mutual aid|support group"),
    )
)

#: Eligibility wording that says a service is for women only.
WOMEN_ONLY_TEXT = re.compile(
    r"\b(women|woman|female|females|ladies)([- ]only|\s+and\s+girls\s+only)\b"
    r"|\bonly\s+(for|open\s+to)\s+(women|females)\b|\bfor\s+women\s+only\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ImportResult:
    """The imported map and what the commissioner should look at next.

    `smap` has passed the data contract's own check (`load.parse_map`); `untyped` are the
    services whose type could not be decided (written as `other`); `warnings` are the problems
    that did not stop the import; `shape` is 'tabular' or 'api'.
    """

    smap: ServiceMap
    untyped: tuple[Service, ...]
    warnings: tuple[Problem, ...]
    shape: str
    organisations: int
    skipped: int


def read_type_map(path: str | Path | None = None) -> dict[str, str]:
    """The term → service type (or `women_only`) mapping from a CSV with columns `term, type`.

    Returns keys as `term_key` makes them. Raises `MapError` listing every bad row.
    Cost: one pass over the file.
    """
    path = Path(path) if path is not None else TYPE_MAP
    problems = Problems()
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(str(path), 1, f"cannot read the file: {exc.strerror or exc}")
        raise MapError([problem]) from exc
    table = read_table(data, str(path), problems, required=["term", "type"], optional=["note"])
    mapping: dict[str, str] = {}
    first: dict[str, int] = {}
    choices = (*SERVICE_TYPES, WOMEN_ONLY)
    for row in table.rows if table else []:
        term, value = row.cells.get("term", ""), row.cells.get("type", "")
        target = "_".join(value.lower().replace("-", " ").split())
        if not term or not value:
            problems.error(str(path), row.line, "give both a term and a type")
            continue
        if target not in choices:
            fix = did_you_mean(value, choices, otherwise="a service type, or women_only")
            problems.error(str(path), row.line, f"type '{value}' is not a service type{fix}")
            continue
        key = term_key(term)
        if key in mapping and mapping[key] != target:
            problems.error(
                str(path),
                row.line,
                f"term '{term}' is mapped to '{mapping[key]}' on line {first[key]} already",
            )
            continue
        mapping[key] = target
        first.setdefault(key, row.line)
    if problems.has_errors:
        raise MapError(problems.items)
    return mapping


def guess_type(record: Record, mapping: Mapping[str, str]) -> tuple[str, str]:
    """(service type, why) for a service: mapped term, else a keyword, else ('other', '').

    Terms are tried in the order the directory lists them; keywords on the name first, then
    the terms' own names, then the description. Cost: terms × keys, plus the keyword scan.
    """
    for term in record.terms:
        for key in term.forms():
            target = mapping.get(key)
            if target and target != WOMEN_ONLY:
                return target, f"term '{term.label}'"
    places = (
        ("name", record.name),
        ("term", " | ".join(t.name for t in record.terms if t.name)),
        ("description", record.description),
    )
    for where, text in places:
        if not text:
            continue
        for stype, pattern in KEYWORDS:
            hit = pattern.search(text)
            if hit:
                return stype, f"keyword '{hit.group(0)}' in {where}"
    return "other", ""


def _women_only(record: Record, mapping: Mapping[str, str]) -> bool:
    if record.female_only:
        return True
    if any(mapping.get(k) == WOMEN_ONLY for t in record.terms for k in t.forms()):
        return True
    return any(WOMEN_ONLY_TEXT.search(text) for text in (*record.eligibility, record.name))


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


def _build(
    records: Iterable[Record],
    mapping: Mapping[str, str],
    area: str | None,
    problems: Problems,
) -> tuple[list[Service], list[Link], list[Service], int]:
    services: list[Service] = []
    untyped: list[Service] = []
    skipped = 0
    taken: set[str] = set()
    warned: set[str] = set()
    at_place: dict[str, list[tuple[str, Place]]] = {}
    for record in records:
        file, line = record.where
        status = record.status.lower()
        if status in SKIPPED_STATUSES:
            problems.warn(file, line, f"service '{record.name}' is {status}; not imported")
            skipped += 1
            continue
        sid = safe_id(record.id, taken)
        stype, why = guess_type(record, mapping)
        coords, postcode, town = None, "", ""
        for place in record.places:
            found = _coordinates(place, problems, warned)
            if found and coords is None and place.physical:
                coords = found
                postcode = postcode or place.postcode
            town = town or place.town
        postcode = postcode or next((p.postcode for p in record.places if p.postcode), "")
        service_area = area or town
        if not service_area:
            problems.warn(
                file,
                line,
                f"service '{record.name}' has no address with a town; its area is "
                f"'{UNKNOWN_AREA}' (give --area, or edit the area column)",
            )
            service_area = UNKNOWN_AREA
        elif service_area.lower() == NATIONAL:
            service_area = NATIONAL
        service = Service(
            id=sid,
            name=record.name,
            type=stype,
            area=service_area,
            provider=record.provider,
            women_only=_women_only(record, mapping),
            offers=("interpreters",) if record.interpreters else (),
            postcode=postcode,
            latitude=coords[0] if coords else None,
            longitude=coords[1] if coords else None,
            url=record.url,
            description=record.description,
            extra={
                "oruk_id": record.id,
                "oruk_terms": "; ".join(dict.fromkeys(t.label for t in record.terms if t.label)),
                "type_from": why or "not decided: please set the type",
            },
            line=0,
        )
        services.append(service)
        if stype == "other" and not why:
            untyped.append(service)
        for place in record.places:
            if place.physical:
                at_place.setdefault(place.id, []).append((sid, place))
    return services, _co_locations(at_place, problems), untyped, skipped


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
    src: str | Path, area: str | None = None, type_map: str | Path | None = None
) -> ImportResult:
    """Read an Open Referral package (folder or zip of CSVs) or a folder of saved API pages.

    `area` is given to every service; without it, each service's area is its address's town.
    `type_map` is a term → type CSV (default: the bundled `data/oruk_type_map.csv`).
    Returns the checked map and what needs the commissioner's eye; raises `MapError` with every
    problem (as FILE:LINE) when the package cannot be read. Writes nothing.
    Cost: linear in the size of the package, plus one link per pair of services at a location.
    """
    mapping = read_type_map(type_map)
    path = Path(src)
    problems = Problems()
    records, organisations, shape = read_records(path, problems)
    if problems.has_errors:
        raise MapError(problems.items)
    services, links, untyped, skipped = _build(records, mapping, area, problems)
    if not services:
        problems.error(str(path), 1, "there are no active services to import")
        raise MapError(problems.items)
    if not area:
        problems.warn(
            str(path),
            1,
            "no --area given: each service's area is the town of its address; check the area "
            "column matches your commissioning areas",
        )
    smap = ServiceMap(services=tuple(services), links=tuple(links))
    checked = parse_map(map_files(smap))  # the contract's own check: a bug must not be written
    return ImportResult(
        smap=checked,
        untyped=tuple(untyped),
        warnings=tuple(p for p in problems.items if p.warning),
        shape=shape,
        organisations=organisations,
        skipped=skipped,
    )
