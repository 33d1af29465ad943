"""Saved Open Referral API pages (HSDS 3.0 or Open Referral UK 1.0 JSON) → `Record`s.

One JSON file or a folder of them, saved from a directory's API: HSDS / ORUK 3.0 Page objects
(`contents`, `total_items`), Open Referral UK 1.0 pages (`content`, `totalElements`), a whole
feed saved as one array, single full services, and `/service_at_locations` pages, whose items
carry their service. The API's root (`api_details`), organisations, taxonomies and locations
are recognised and skipped with a note. A service met on several pages is merged into one
record. Problems are `FILE:LINE: record N (id X): …`, the line of the service's id and its
place in the file, so a feed saved on one line still finds the record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from journeymap.labels import join_words, plural
from journeymap.problems import Problems
from journeymap.read.oruk_records import Place, Record, Term, as_text

__all__ = ["kind_of", "read_pages"]


def read_pages(
    files: Mapping[str, bytes], label: str, problems: Problems
) -> tuple[list[Record], int]:
    """Every service in the JSON files of `files`, and the number of organisations named.
    `label` goes before file names in messages ('' when the names are the user's own paths).
    Cost: linear in the size of the files (each is searched once, in order, for line numbers).
    """
    return _Pages(files, label, problems).read()


#: Keys only a service has (an organisation or a location has none of them).
_SERVICE_KEYS = (
    "status",
    "service_at_locations",
    "organization",
    "organization_id",
    "service_taxonomys",
    "eligibility_description",
    "eligibilitys",
    "pc_targetAudience",
    "service_areas",
    "schedules",
    "attending_type",
    "deliverable_type",
)
_ORGANISATION_KEYS = ("website", "logo", "organization_identifiers", "legal_status", "services")
_TAXONOMY_KEYS = ("taxonomy_terms", "term_uri", "parent_id", "vocabulary", "term", "version")


def kind_of(item: dict[str, Any]) -> str:
    """'service', 'organisation', 'taxonomy', 'location' or 'other', by the keys an item has
    (saved pages mix them: a folder may hold /organizations and /taxonomies pages too)."""
    if isinstance(item.get("service"), dict):
        return "service"  # a /service_at_locations item
    if "location_type" in item or "physical_addresses" in item:
        return "location"
    if any(key in item for key in _SERVICE_KEYS):
        return "service"
    if any(key in item for key in _ORGANISATION_KEYS):
        return "organisation"
    if any(key in item for key in _TAXONOMY_KEYS):
        return "taxonomy"
    if "addresses" in item:
        return "location"
    if "id" in item and "name" in item and "description" in item:
        return "service"  # a plain list of services, as some feeds are
    return "other"


def _is_api_details(page: dict[str, Any]) -> bool:
    """The API's root (`/`): its version and where its OpenAPI file is, no data."""
    return "version" in page and ("openapi_url" in page or "profile" in page) and "id" not in page


_SKIPPED_WORDS = {
    "organisation": ("organisation", "organisations"),
    "taxonomy": ("taxonomy or term", "taxonomies or terms"),
    "location": ("location", "locations"),
    "other": ("item of another kind", "items of other kinds"),
}


class _Pages:
    """Reads saved HSDS / ORUK API responses into `Record`s, merging repeats of a service."""

    def __init__(self, files: Mapping[str, bytes], label: str, problems: Problems):
        self.files = {n: d for n, d in files.items() if PurePosixPath(n).suffix.lower() == ".json"}
        self.label, self.problems = label, problems
        self.records: dict[str, Record] = {}
        self.nameless: list[Record] = []
        self.orgs: dict[str, str] = {}

    def _where(self, name: str) -> str:
        return f"{self.label.rstrip('/')}/{name}" if self.label else name

    def read(self) -> tuple[list[Record], int]:
        for name in sorted(self.files):
            self._file(name, self.files[name])
        for record in self.records.values():
            if not record.provider and record.organization_id:
                record.provider = self.orgs.get(record.organization_id, "")
        if not self.records and not self.nameless and not self.problems.has_errors:
            self.problems.error(
                self._where("") if self.label else self._where(next(iter(self.files), "")),
                1,
                "no services were found in these JSON files; save the pages of the directory's "
                "/services endpoint here (or give the folder of its CSV files)",
            )
        providers = {r.provider for r in self.records.values() if r.provider}
        return [*self.records.values(), *self.nameless], len(providers)

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
        if name.lower() == "datapackage.json":
            return
        if isinstance(page, dict) and isinstance(page.get("contents"), list):
            items = page["contents"]  # HSDS 3.0 / ORUK 3.0 pages
        elif isinstance(page, dict) and isinstance(page.get("content"), list):
            items = page["content"]  # Open Referral UK 1.0 pages
        elif isinstance(page, list):
            items = page  # a whole feed saved as one array
        elif isinstance(page, dict) and _is_api_details(page):
            version = as_text(page.get("version"))
            self.problems.warn(
                where,
                1,
                "note: this is the directory API's description (its root, /"
                + (f", version {version}" if version else "")
                + "), not services; skipped",
            )
            return
        elif isinstance(page, dict) and "id" in page:
            items = [page]  # one service, as /services/{id} gives it
        else:
            self.problems.warn(
                where,
                1,
                "note: this is not an Open Referral page or service (no 'contents' list, "
                "no 'id'); skipped",
            )
            return
        skipped: dict[str, int] = {}
        cursor, line = 0, 1
        for number, item in enumerate(items, start=1):
            kind = kind_of(item) if isinstance(item, dict) else "other"
            if kind != "service":
                if kind == "organisation" and item.get("id") and item.get("name"):
                    self.orgs.setdefault(as_text(item["id"]), as_text(item["name"]))
                skipped[kind] = skipped.get(kind, 0) + 1
                continue
            at = text.find(json.dumps(as_text(item.get("id"))), cursor)
            if at >= 0:  # pages list services in order: search on from the last one
                line += text.count("\n", cursor, at)
                cursor = at
            service = item
            if isinstance(item.get("service"), dict):  # a /service_at_locations item
                service = dict(item["service"])
                if isinstance(item.get("location"), dict):
                    service["service_at_locations"] = [{"location": item["location"]}]
            self._service(service, where, line, number, text, cursor)
        if skipped:
            told = [
                plural(count, _SKIPPED_WORDS[kind][0], _SKIPPED_WORDS[kind][1])
                for kind, count in skipped.items()
            ]
            self.problems.warn(
                where,
                1,
                f"note: {join_words(told)} here {'is' if sum(skipped.values()) == 1 else 'are'} "
                "not a service; skipped",
            )

    def _service(
        self, item: dict[str, Any], where: str, line: int, number: int, text: str, start: int
    ) -> None:
        sid, name = as_text(item.get("id")), as_text(item.get("name"))
        org = item.get("organization")
        record = Record(
            id=sid,
            name=name,
            file=where,
            line=line,
            record=number,
            description=as_text(item.get("description")),
            status=as_text(item.get("status")),
            provider=as_text(org.get("name")) if isinstance(org, dict) else "",
            organization_id=as_text(item.get("organization_id"))
            or (as_text(org.get("id")) if isinstance(org, dict) else ""),
            interpreters=bool(as_text(item.get("interpretation_services"))),
        )
        if sid and name:
            record.url = self._checked(record, item.get("url"), "url", _is_url)
            record.email = self._checked(record, item.get("email"), "email", _is_email)
        if not sid:
            self.problems.warn(where, line, f"{record.about}this service has no id; not imported")
            return
        if not name:  # kept aside, so that it is listed in left-out.csv
            self.nameless.append(record)
            return
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
            elif as_text(rule.get("gender")):
                record.audiences.append(as_text(rule["gender"]))
            for taxonomy in _dicts(rule.get("taxonomys")):
                record.terms.append(_term(taxonomy))
        for audience in _dicts(item.get("pc_targetAudience")):  # Placecube's ORUK extension
            label = as_text(audience.get("audienceType")) or as_text(audience.get("id"))
            if label and label not in record.audiences:
                record.audiences.append(label)
        for sal in _dicts(item.get("service_at_locations")):
            location = sal.get("location")
            if isinstance(location, dict) and as_text(location.get("id")):
                lid = json.dumps(as_text(location["id"]))
                at = text.find(lid, start)
                here = line + text.count("\n", start, at) if at >= 0 else line
                record.places.append(_place(location, where, here))
        self._merge(record)

    def _checked(self, record: Record, value: Any, field: str, good: Any) -> str:
        """`value` as text when it is a good `field`, else '' with a warning saying why."""
        if value is None or value == "":
            return ""
        shown = as_text(value) if isinstance(value, str) else json.dumps(value)
        if isinstance(value, str) and good(value.strip()):
            return value.strip()
        what = "a web address (https://…)" if field == "url" else "an email address"
        self.problems.warn(
            record.file,
            record.line,
            f"{record.about}the {field} {shown!r} is not {what}; imported without it",
        )
        return ""

    def _merge(self, new: Record) -> None:
        old = self.records.get(new.id)
        if old is None:
            self.records[new.id] = new
            return
        for name in ("description", "url", "email", "status", "provider", "organization_id"):
            if not getattr(old, name):
                setattr(old, name, getattr(new, name))
        old.interpreters = old.interpreters or new.interpreters
        old.female_only = old.female_only or new.female_only
        old.eligibility += [e for e in new.eligibility if e not in old.eligibility]
        old.terms += [t for t in new.terms if t not in old.terms]
        old.audiences += [a for a in new.audiences if a not in old.audiences]
        known = {p.id: p for p in old.places}
        for place in new.places:
            same = known.get(place.id)
            if same is None:
                old.places.append(place)
                continue
            # a fuller copy fills the gaps
            for name in ("name", "kind", "postcode", "town", "admin_area"):
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
        place.admin_area = as_text(address.get("admin_area")) or as_text(address.get("region"))
        break
    return place


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _is_email(value: str) -> bool:
    return bool(_EMAIL.fullmatch(value))


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in value
