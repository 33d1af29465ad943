"""Open Referral (HSDS 3.0 / Open Referral UK) service directories → a journeymap map.

Councils already publish their directories of local services in this format, so a
commissioner should not have to retype them. Two shapes are read, with no network use:

- a **tabular package**: a folder or zip of CSV files (`services.csv`, `organizations.csv`,
  `locations.csv`, `service_at_location.csv`, `addresses.csv`, `attributes.csv`,
  `taxonomy_terms.csv`, `taxonomies.csv`; the UK profile's singular names such as
  `attribute.csv` and `address.csv` too), with a `datapackage.json` whose resource paths are
  followed when present;
- **saved API pages**: a folder of JSON files saved from an HSDS `/services` endpoint (Page
  objects with `contents`, Open Referral UK 1.0 pages with `content`, single services, and
  `/service_at_locations` pages, whose items carry their service).

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

import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .csvfile import MapError, Problem, Problems, Table, read_table
from .load import DATA_DIR, parse_map
from .models import Link, Service, ServiceMap
from .vocab import NATIONAL, SERVICE_TYPES, suggest
from .write import map_files

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
#: Larger zips than this (uncompressed) are refused rather than read into memory.
MAX_ZIP_BYTES = 512 * 1024 * 1024
#: A location shared by more services than this is probably an office address: say so.
CROWDED_LOCATION = 12

UNKNOWN_AREA = "unknown"
SKIPPED_STATUSES = ("inactive", "defunct")

#: Table name (as in HSDS's datapackage.json) → file names publishers use for it.
TABLE_FILES: dict[str, tuple[str, ...]] = {
    "service": ("services.csv", "service.csv"),
    "organization": (
        "organizations.csv",
        "organization.csv",
        "organisations.csv",
        "organisation.csv",
    ),
    "location": ("locations.csv", "location.csv"),
    "service_at_location": ("service_at_location.csv", "service_at_locations.csv"),
    "address": ("addresses.csv", "address.csv"),
    "attribute": ("attributes.csv", "attribute.csv"),
    "taxonomy_term": ("taxonomy_terms.csv", "taxonomy_term.csv"),
    "taxonomy": ("taxonomies.csv", "taxonomy.csv"),
}

#: The columns read from each table (required, optional). HSDS requires more; only what the
#: import uses is insisted on, because publishers often leave out columns they do not fill.
TABLE_COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "service": (
        ["id", "name"],
        [
            "organization_id",
            "description",
            "url",
            "status",
            "eligibility_description",
            "interpretation_services",
        ],
    ),
    "organization": (["id", "name"], []),
    "location": (["id"], ["location_type", "name", "latitude", "longitude"]),
    "service_at_location": (["service_id", "location_id"], []),
    "address": (["location_id"], ["postal_code", "city", "address_type"]),
    "attribute": (["link_id", "taxonomy_term_id"], ["link_entity"]),
    "taxonomy_term": (["id"], ["code", "name", "term_uri", "taxonomy", "taxonomy_id"]),
    "taxonomy": (["id"], ["name"]),
}

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
    description: str = ""
    url: str = ""
    status: str = ""
    provider: str = ""
    organization_id: str = ""
    eligibility: list[str] = field(default_factory=list)
    female_only: bool = False
    interpreters: bool = False
    terms: list[Term] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    @property
    def where(self) -> tuple[str, int]:
        return self.file, self.line


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


# --------------------------------------------------------------------------- the type map


def term_key(value: str) -> str:
    """How terms are compared: case, apostrophes, `&`/`and` and punctuation do not matter."""
    text = value.lower().replace("’", "'").replace("'", "").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


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
            hint = suggest(value, choices)
            fix = f" (did you mean '{hint}'?)" if hint else " (a service type, or women_only)"
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


# --------------------------------------------------------------------------- reading files


def _text(value: Any) -> str:
    """A JSON or CSV value as trimmed text ('' for null)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_source(src: Path, problems: Problems) -> dict[str, bytes]:
    """The package's files keyed by name (relative, posix), from a folder or a zip."""
    label = str(src)
    if src.is_dir():
        files: dict[str, bytes] = {}
        for path in sorted(src.rglob("*")):
            rel = path.relative_to(src)
            if path.is_file() and len(rel.parts) <= 2 and path.suffix.lower() in (".csv", ".json"):
                files[rel.as_posix()] = path.read_bytes()
        return files
    if not src.exists():
        problems.error(label, 1, "there is no such file or folder")
        return {}
    if not zipfile.is_zipfile(src):
        problems.error(
            label,
            1,
            "this is not a folder or a zip file; give the folder (or .zip) of the Open "
            "Referral CSV files, or a folder of saved JSON pages",
        )
        return {}
    try:
        with zipfile.ZipFile(src) as archive:
            members = [
                m
                for m in archive.infolist()
                if not m.is_dir()
                and PurePosixPath(m.filename).suffix.lower() in (".csv", ".json")
                and not PurePosixPath(m.filename).name.startswith(("._", "."))
            ]
            if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
                problems.error(label, 1, "the zip unpacks to more than 512 MB; unzip it first")
                return {}
            return {m.filename: archive.read(m) for m in members}
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        problems.error(label, 1, f"the zip file cannot be read ({exc})")
        return {}


def _root(files: Mapping[str, bytes]) -> str:
    """The folder inside a zip that holds the package (zips often add one top folder)."""
    markers = {"datapackage.json", *TABLE_FILES["service"]}
    folders = sorted(
        {str(PurePosixPath(n).parent) for n in files if PurePosixPath(n).name.lower() in markers},
        key=len,
    )
    if folders:
        return folders[0]
    tops = {PurePosixPath(n).parts[0] for n in files if len(PurePosixPath(n).parts) > 1}
    if len(tops) == 1 and all(len(PurePosixPath(n).parts) > 1 for n in files):
        return tops.pop()
    return "."


def _line_of(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


# --------------------------------------------------------------------------- tabular package


class _Tabular:
    """Reads an HSDS tabular package into `Record`s."""

    def __init__(self, files: Mapping[str, bytes], root: str, label: str, problems: Problems):
        self.problems, self.label = problems, label
        inside = {}
        for name, data in files.items():
            path = PurePosixPath(name)
            if str(path.parent) == root:
                inside[path.name.lower()] = (name, data)
        self.files = inside
        self.paths = self._datapackage()

    def _where(self, name: str) -> str:
        return f"{self.label.rstrip('/')}/{name}"

    def _datapackage(self) -> dict[str, str]:
        """Table name → file name, from datapackage.json's resources (when it has them)."""
        found = self.files.get("datapackage.json")
        if found is None:
            return {}
        name, data = found
        try:
            package = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.problems.error(self._where(name), 1, "datapackage.json is not UTF-8 text")
            return {}
        except json.JSONDecodeError as exc:
            self.problems.error(
                self._where(name), exc.lineno, f"datapackage.json is not valid JSON ({exc.msg})"
            )
            return {}
        resources = package.get("resources") if isinstance(package, dict) else None
        paths = {}
        for resource in resources if isinstance(resources, list) else []:
            if isinstance(resource, dict) and isinstance(resource.get("path"), str):
                table = str(resource.get("name", "")).lower()
                paths[table] = PurePosixPath(resource["path"]).name.lower()
        return paths

    def table(self, name: str) -> Table | None:
        candidates = [self.paths[name]] if name in self.paths else []
        candidates += list(TABLE_FILES[name])
        for file_name in candidates:
            if file_name in self.files:
                real, data = self.files[file_name]
                required, optional = TABLE_COLUMNS[name]
                return read_table(
                    data,
                    self._where(PurePosixPath(real).name),
                    self.problems,
                    required=required,
                    optional=optional,
                )
        return None

    def read(self) -> tuple[list[Record], int]:
        """Every service as a Record, and the number of organisations."""
        services_t = self.table("service")
        if services_t is None:
            if "service" not in self.paths or self.paths["service"] in self.files:
                self.problems.error(
                    self._where("services.csv"),
                    1,
                    "the file is missing; an Open Referral package needs services.csv",
                )
            else:
                self.problems.error(
                    self._where(self.paths["service"]),
                    1,
                    "datapackage.json lists this file for services, but it is not in the package",
                )
            return [], 0
        orgs = {r.cells["id"]: r.cells["name"] for r in self._rows("organization") if r.cells["id"]}
        vocab = {r.cells["id"]: r.cells.get("name", "") for r in self._rows("taxonomy")}
        terms = {
            r.cells["id"]: Term(
                code=r.cells.get("code", ""),
                name=r.cells.get("name", ""),
                uri=r.cells.get("term_uri", ""),
                taxonomy=r.cells.get("taxonomy", "")
                or vocab.get(r.cells.get("taxonomy_id", ""), ""),
            )
            for r in self._rows("taxonomy_term")
        }
        places = self._places()
        records: dict[str, Record] = {}
        file = services_t.file
        for row in services_t.rows:
            sid, name = row.cells["id"], row.cells["name"]
            if not sid:
                self.problems.error(file, row.line, "'id' is empty; every service needs one")
            if not name:
                self.problems.error(file, row.line, "'name' is empty; every service needs one")
            if sid in records:
                self.problems.error(
                    file,
                    row.line,
                    f"service id '{sid}' is used twice (first on line {records[sid].line})",
                )
            if not sid or not name or sid in records:
                continue
            org = row.cells.get("organization_id", "")
            eligibility = row.cells.get("eligibility_description", "")
            records[sid] = Record(
                id=sid,
                name=name,
                file=file,
                line=row.line,
                description=row.cells.get("description", ""),
                url=row.cells.get("url", ""),
                status=row.cells.get("status", ""),
                provider=orgs.get(org, ""),
                organization_id=org,
                eligibility=[eligibility] if eligibility else [],
                interpreters=bool(row.cells.get("interpretation_services", "")),
            )
            if org and org not in orgs:
                self.problems.warn(
                    file,
                    row.line,
                    f"organization_id '{org}' is not in organizations.csv; provider left blank",
                )
        self._link_places(records, places)
        self._link_terms(records, terms)
        return list(records.values()), len(orgs)

    def _rows(self, name: str) -> list[Any]:
        table = self.table(name)
        return table.rows if table else []

    def _places(self) -> dict[str, Place]:
        table = self.table("location")
        places: dict[str, Place] = {}
        for row in table.rows if table else []:
            c = row.cells
            if c["id"] and c["id"] not in places:
                places[c["id"]] = Place(
                    id=c["id"],
                    name=c.get("name", ""),
                    kind=c.get("location_type", ""),
                    latitude=c.get("latitude", ""),
                    longitude=c.get("longitude", ""),
                    file=table.file if table else "",
                    line=row.line,
                )
        best: dict[str, bool] = {}
        for row in self._rows("address"):
            place = places.get(row.cells["location_id"])
            if place is None:
                continue
            physical = row.cells.get("address_type", "").lower() in ("", "physical")
            if place.id in best and (best[place.id] or not physical):
                continue  # a physical address beats a postal one; the first of a kind wins
            best[place.id] = physical
            place.postcode = row.cells.get("postal_code", "")
            place.town = row.cells.get("city", "")
        return places

    def _link_places(self, records: dict[str, Record], places: dict[str, Place]) -> None:
        table = self.table("service_at_location")
        for row in table.rows if table else []:
            sid, lid = row.cells["service_id"], row.cells["location_id"]
            record, place = records.get(sid), places.get(lid)
            if record is None or place is None:
                missing = (
                    f"service_id '{sid}' is not in services.csv"
                    if record is None
                    else f"location_id '{lid}' is not in locations.csv"
                )
                if table is not None:
                    self.problems.warn(table.file, row.line, f"{missing}; row skipped")
                continue
            if place not in record.places:
                record.places.append(place)

    def _link_terms(self, records: dict[str, Record], terms: dict[str, Term]) -> None:
        table = self.table("attribute")
        for row in table.rows if table else []:
            entity = row.cells.get("link_entity", "").lower()
            record = records.get(row.cells["link_id"])
            if record is None or entity not in ("", "service"):
                if entity == "service" and table is not None:
                    self.problems.warn(
                        table.file,
                        row.line,
                        f"link_id '{row.cells['link_id']}' is not in services.csv; row skipped",
                    )
                continue
            term = terms.get(row.cells["taxonomy_term_id"])
            if term is None:
                if table is not None:
                    self.problems.warn(
                        table.file,
                        row.line,
                        f"taxonomy_term_id '{row.cells['taxonomy_term_id']}' is not in "
                        "taxonomy_terms.csv; row skipped",
                    )
                continue
            if term not in record.terms:
                record.terms.append(term)


# --------------------------------------------------------------------------- JSON pages


def _looks_like_service(item: dict[str, Any]) -> bool:
    if "location_type" in item or not item.get("name"):
        return False
    return any(
        key in item
        for key in (
            "status",
            "service_at_locations",
            "organization",
            "organization_id",
            "service_taxonomys",
            "eligibility_description",
        )
    )


class _Pages:
    """Reads saved HSDS / ORUK API responses into `Record`s, merging repeats of a service."""

    def __init__(self, files: Mapping[str, bytes], label: str, problems: Problems):
        self.files = {n: d for n, d in files.items() if PurePosixPath(n).suffix.lower() == ".json"}
        self.label, self.problems = label, problems
        self.records: dict[str, Record] = {}
        self.orgs: dict[str, str] = {}

    def _where(self, name: str) -> str:
        return f"{self.label.rstrip('/')}/{name}"

    def read(self) -> tuple[list[Record], int]:
        for name in sorted(self.files):
            self._file(name, self.files[name])
        for record in self.records.values():
            if not record.provider and record.organization_id:
                record.provider = self.orgs.get(record.organization_id, "")
        if not self.records and not self.problems.has_errors:
            self.problems.error(
                self._where(""),
                1,
                "no services were found in these JSON files; save the pages of the directory's "
                "/services endpoint here (or give the folder of its CSV files)",
            )
        providers = {r.provider for r in self.records.values() if r.provider}
        return list(self.records.values()), len(providers)

    def _file(self, name: str, data: bytes) -> None:
        where = self._where(name)
        try:
            text = data.decode("utf-8-sig")
            page = json.loads(text)
        except UnicodeDecodeError:
            self.problems.error(where, 1, "this JSON file is not UTF-8 text")
            return
        except json.JSONDecodeError as exc:
            self.problems.error(where, exc.lineno, f"this is not valid JSON ({exc.msg})")
            return
        if isinstance(page, dict) and isinstance(page.get("contents"), list):
            items = page["contents"]
        elif isinstance(page, dict) and isinstance(page.get("content"), list):
            items = page["content"]  # Open Referral UK 1.0 pages
        elif isinstance(page, list):
            items = page
        elif isinstance(page, dict) and "id" in page:
            items = [page]
        else:
            self.problems.error(
                where,
                1,
                "this is not an Open Referral page: expected a 'contents' list or one service",
            )
            return
        others = 0
        for item in items:
            if not isinstance(item, dict):
                others += 1
                continue
            start = max(text.find(json.dumps(_text(item.get("id")))), 0)
            line = text.count("\n", 0, start) + 1
            if isinstance(item.get("service"), dict):  # a /service_at_locations item
                service = dict(item["service"])
                if isinstance(item.get("location"), dict):
                    service["service_at_locations"] = [{"location": item["location"]}]
                self._service(service, where, line, text, start)
            elif _looks_like_service(item):
                self._service(item, where, line, text, start)
            else:
                if item.get("id") and item.get("name") and "location_type" not in item:
                    self.orgs.setdefault(_text(item["id"]), _text(item["name"]))
                others += 1
        if others and name.lower() != "datapackage.json":
            self.problems.warn(
                where,
                1,
                f"{others} item{'s' if others != 1 else ''} here "
                f"{'are' if others != 1 else 'is'} not a service (an organisation or a "
                "location); not imported as services",
            )

    def _service(self, item: dict[str, Any], where: str, line: int, text: str, start: int) -> None:
        sid, name = _text(item.get("id")), _text(item.get("name"))
        if not sid or not name:
            self.problems.error(where, line, "a service here has no id or no name")
            return
        org = item.get("organization")
        record = Record(
            id=sid,
            name=name,
            file=where,
            line=line,
            description=_text(item.get("description")),
            url=_text(item.get("url")),
            status=_text(item.get("status")),
            provider=_text(org.get("name")) if isinstance(org, dict) else "",
            organization_id=_text(item.get("organization_id"))
            or (_text(org.get("id")) if isinstance(org, dict) else ""),
            interpreters=bool(_text(item.get("interpretation_services"))),
        )
        if isinstance(org, dict) and org.get("id") and org.get("name"):
            self.orgs.setdefault(_text(org["id"]), _text(org["name"]))
        if _text(item.get("eligibility_description")):
            record.eligibility.append(_text(item["eligibility_description"]))
        for attribute in _dicts(item.get("attributes")):
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict):
                record.terms.append(_term(term))
        for link in _dicts(item.get("service_taxonomys")):  # ORUK 1.0
            taxonomy = link.get("taxonomy")
            if isinstance(taxonomy, dict):
                record.terms.append(_term(taxonomy))
        for rule in _dicts(item.get("eligibilitys")):  # ORUK 1.0
            if _text(rule.get("eligibility")):
                record.eligibility.append(_text(rule["eligibility"]))
            if _text(rule.get("gender")).lower() in ("female", "women", "woman", "f"):
                record.female_only = True
            for taxonomy in _dicts(rule.get("taxonomys")):
                record.terms.append(_term(taxonomy))
        for sal in _dicts(item.get("service_at_locations")):
            location = sal.get("location")
            if isinstance(location, dict) and _text(location.get("id")):
                lid = _text(location["id"])
                record.places.append(
                    _place(location, where, _line_of(text, json.dumps(lid), start))
                )
        self._merge(record)

    def _merge(self, new: Record) -> None:
        old = self.records.get(new.id)
        if old is None:
            self.records[new.id] = new
            return
        for name in ("description", "url", "status", "provider", "organization_id"):
            if not getattr(old, name):
                setattr(old, name, getattr(new, name))
        old.interpreters = old.interpreters or new.interpreters
        old.female_only = old.female_only or new.female_only
        old.eligibility += [e for e in new.eligibility if e not in old.eligibility]
        old.terms += [t for t in new.terms if t not in old.terms]
        known = {p.id: p for p in old.places}
        for place in new.places:
            same = known.get(place.id)
            if same is None:
                old.places.append(place)
                continue
            for name in ("name", "kind", "postcode", "town"):  # a fuller copy fills the gaps
                if not getattr(same, name):
                    setattr(same, name, getattr(place, name))


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _term(data: dict[str, Any]) -> Term:
    detail = data.get("taxonomy_detail")
    taxonomy = _text(data.get("vocabulary")) or _text(data.get("taxonomy"))
    if not taxonomy and isinstance(detail, dict):
        taxonomy = _text(detail.get("name"))
    code = _text(data.get("code")) or _text(data.get("id"))
    return Term(
        code=code, name=_text(data.get("name")), uri=_text(data.get("term_uri")), taxonomy=taxonomy
    )


def _place(location: dict[str, Any], where: str, line: int) -> Place:
    place = Place(
        id=_text(location.get("id")),
        name=_text(location.get("name")),
        kind=_text(location.get("location_type")),
        latitude=location.get("latitude"),
        longitude=location.get("longitude"),
        file=where,
        line=line,
    )
    addresses = _dicts(location.get("addresses")) + _dicts(location.get("physical_addresses"))
    addresses.sort(key=lambda a: _text(a.get("address_type")).lower() not in ("", "physical"))
    for address in addresses:
        place.postcode = _text(address.get("postal_code"))
        place.town = _text(address.get("city"))
        break
    return place


# --------------------------------------------------------------------------- to the map


def _coordinates(place: Place, problems: Problems, warned: set[str]) -> tuple[float, float] | None:
    """Checked (latitude, longitude) of a place, or None; a bad pair is warned about once."""
    raw = (_text(place.latitude), _text(place.longitude))
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
    files = _read_source(path, problems)
    records: list[Record] = []
    organisations = 0
    shape = ""
    if files:
        root = _root(files)
        names = {
            PurePosixPath(n).name.lower() for n in files if str(PurePosixPath(n).parent) == root
        }
        tabular = bool(names & {"datapackage.json", *TABLE_FILES["service"]}) or any(
            n.endswith(".csv") for n in names
        )
        if tabular:
            shape = "tabular"
            label = str(path) if root == "." else f"{path}/{root}"
            records, organisations = _Tabular(files, root, label, problems).read()
        else:
            shape = "api"
            records, organisations = _Pages(files, str(path), problems).read()
    elif not problems.has_errors:
        problems.error(
            str(path),
            1,
            "no CSV or JSON files here; give the folder (or .zip) of the Open Referral CSV "
            "files, or a folder of JSON pages saved from its /services endpoint",
        )
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
