"""Reading Open Referral (HSDS 3.0 / Open Referral UK) data into plain service records.

Two shapes are read, with no network use:

- a **tabular package**: a folder or zip of CSV files (`services.csv`, `organizations.csv`,
  `locations.csv`, `service_at_location.csv`, `addresses.csv`, `attributes.csv`,
  `taxonomy_terms.csv`, `taxonomies.csv`; the UK profile's singular names such as
  `attribute.csv` and `address.csv` too), with a `datapackage.json` whose resource paths are
  followed when present;
- **saved API pages**: a folder of JSON files saved from an HSDS `/services` endpoint (Page
  objects with `contents`, Open Referral UK 1.0 pages with `content`, single services, and
  `/service_at_locations` pages, whose items carry their service).

Either way the result is a list of `Record`s (a service with its organisation's name, its
taxonomy terms and its locations), so `oruk.py` maps one shape to the journeymap contract.
Missing references are warnings (real directories are untidy); a file that cannot be read is
an error, as `FILE:LINE`.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from journeymap.problems import Problems
from journeymap.read.csvtable import Table, read_table

__all__ = ["Place", "Record", "Term", "as_text", "read_records", "term_key"]

#: Larger zips than this (uncompressed) are refused rather than read into memory.
MAX_ZIP_BYTES = 512 * 1024 * 1024
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


def term_key(value: str) -> str:
    """How terms are compared: case, apostrophes, `&`/`and` and punctuation do not matter."""
    text = value.lower().replace("’", "'").replace("'", "").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


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


# --------------------------------------------------------------------------- reading files


def as_text(value: Any) -> str:
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

    def _file_for(self, name: str) -> str | None:
        """The file holding table `name`: datapackage.json's path first, then usual names."""
        candidates = [self.paths[name]] if name in self.paths else []
        return next((c for c in [*candidates, *TABLE_FILES[name]] if c in self.files), None)

    def table(self, name: str) -> Table | None:
        file_name = self._file_for(name)
        if file_name is None:
            return None
        real, data = self.files[file_name]
        required, optional = TABLE_COLUMNS[name]
        return read_table(
            data,
            self._where(PurePosixPath(real).name),
            self.problems,
            required=required,
            optional=optional,
        )

    def read(self) -> tuple[list[Record], int]:
        """Every service as a Record, and the number of organisations."""
        if self._file_for("service") is None:
            listed = self.paths.get("service")
            self.problems.error(
                self._where(listed or "services.csv"),
                1,
                "datapackage.json lists this file for services, but it is not in the package"
                if listed
                else "the file is missing; an Open Referral package needs services.csv",
            )
            return [], 0
        services_t = self.table("service")
        if services_t is None:
            return [], 0  # its header is wrong; the problem is recorded
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
            start = max(text.find(json.dumps(as_text(item.get("id")))), 0)
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
                    self.orgs.setdefault(as_text(item["id"]), as_text(item["name"]))
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
        sid, name = as_text(item.get("id")), as_text(item.get("name"))
        if not sid or not name:
            self.problems.error(where, line, "a service here has no id or no name")
            return
        org = item.get("organization")
        record = Record(
            id=sid,
            name=name,
            file=where,
            line=line,
            description=as_text(item.get("description")),
            url=as_text(item.get("url")),
            status=as_text(item.get("status")),
            provider=as_text(org.get("name")) if isinstance(org, dict) else "",
            organization_id=as_text(item.get("organization_id"))
            or (as_text(org.get("id")) if isinstance(org, dict) else ""),
            interpreters=bool(as_text(item.get("interpretation_services"))),
        )
        if isinstance(org, dict) and org.get("id") and org.get("name"):
            self.orgs.setdefault(as_text(org["id"]), as_text(org["name"]))
        if as_text(item.get("eligibility_description")):
            record.eligibility.append(as_text(item["eligibility_description"]))
        for attribute in _dicts(item.get("attributes")):
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict):
                record.terms.append(_term(term))
        for link in _dicts(item.get("service_taxonomys")):  # ORUK 1.0
            taxonomy = link.get("taxonomy")
            if isinstance(taxonomy, dict):
                record.terms.append(_term(taxonomy))
        for rule in _dicts(item.get("eligibilitys")):  # ORUK 1.0
            if as_text(rule.get("eligibility")):
                record.eligibility.append(as_text(rule["eligibility"]))
            if as_text(rule.get("gender")).lower() in ("female", "women", "woman", "f"):
                record.female_only = True
            for taxonomy in _dicts(rule.get("taxonomys")):
                record.terms.append(_term(taxonomy))
        for sal in _dicts(item.get("service_at_locations")):
            location = sal.get("location")
            if isinstance(location, dict) and as_text(location.get("id")):
                lid = as_text(location["id"])
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
    taxonomy = as_text(data.get("vocabulary")) or as_text(data.get("taxonomy"))
    if not taxonomy and isinstance(detail, dict):
        taxonomy = as_text(detail.get("name"))
    code = as_text(data.get("code")) or as_text(data.get("id"))
    name, uri = as_text(data.get("name")), as_text(data.get("term_uri"))
    return Term(code=code, name=name, uri=uri, taxonomy=taxonomy)


def _place(location: dict[str, Any], where: str, line: int) -> Place:
    place = Place(
        id=as_text(location.get("id")),
        name=as_text(location.get("name")),
        kind=as_text(location.get("location_type")),
        latitude=location.get("latitude"),
        longitude=location.get("longitude"),
        file=where,
        line=line,
    )
    addresses = _dicts(location.get("addresses")) + _dicts(location.get("physical_addresses"))
    addresses.sort(key=lambda a: as_text(a.get("address_type")).lower() not in ("", "physical"))
    for address in addresses:
        place.postcode = as_text(address.get("postal_code"))
        place.town = as_text(address.get("city"))
        break
    return place


def read_records(path: Path, problems: Problems) -> tuple[list[Record], int, str]:
    """Every service in the package or pages at `path`, the number of organisations, the shape.

    The shape is 'tabular' or 'api'. Problems go to `problems`; the caller decides whether
    there are errors. Cost: linear in the size of the files.
    """
    files = _read_source(path, problems)
    if not files:
        if not problems.has_errors:
            problems.error(
                str(path),
                1,
                "no CSV or JSON files here; give the folder (or .zip) of the Open Referral CSV "
                "files, or a folder of JSON pages saved from its /services endpoint",
            )
        return [], 0, ""
    root = _root(files)
    names = {PurePosixPath(n).name.lower() for n in files if str(PurePosixPath(n).parent) == root}
    if names & {"datapackage.json", *TABLE_FILES["service"]} or any(
        n.endswith(".csv") for n in names
    ):
        label = str(path) if root == "." else f"{path}/{root}"
        records, organisations = _Tabular(files, root, label, problems).read()
        return records, organisations, "tabular"
    records, organisations = _Pages(files, str(path), problems).read()
    return records, organisations, "api"
