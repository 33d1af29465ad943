"""An Open Referral tabular package (HSDS 3.0 CSV files, or the UK profile's) → `Record`s.

The package is a folder (or zip) of CSV files: `services.csv`, `organizations.csv`,
`locations.csv`, `service_at_location.csv`, `addresses.csv`, `attributes.csv`,
`taxonomy_terms.csv`, `taxonomies.csv`, the UK profile's singular names such as
`attribute.csv` and `address.csv` too, with a `datapackage.json` whose resource paths are
followed when present. Missing references are warnings (real directories are untidy); a file
that cannot be read is an error, as `FILE:LINE`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath

from journeymap.problems import Problems
from journeymap.read.csvtable import Row, Table, read_table
from journeymap.read.oruk_records import Place, Record, Term

__all__ = ["TABLE_COLUMNS", "TABLE_FILES", "read_tabular"]

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


def read_tabular(
    files: Mapping[str, bytes], root: str, label: str, problems: Problems
) -> tuple[list[Record], int]:
    """Every service of the package whose files are in folder `root` of `files` (names as in
    the package, posix), and the number of organisations. `label` goes before file names in
    messages. Cost: linear in the size of the files."""
    return _Tabular(files, root, label, problems).read()


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

    def _rows(self, name: str) -> list[Row]:
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
