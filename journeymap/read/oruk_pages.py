"""Saved Open Referral API pages (HSDS 3.0 or Open Referral UK 1.0 JSON) → `Record`s.

A folder of JSON files saved from a directory's `/services` endpoint: HSDS Page objects with
`contents`, Open Referral UK 1.0 pages with `content`, single services, and
`/service_at_locations` pages, whose items carry their service. A service met on several pages
is merged into one record. Problems are `FILE:LINE`, the line of the service's id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from journeymap.problems import Problems
from journeymap.read.oruk_records import Place, Record, Term, as_text

__all__ = ["read_pages"]


def read_pages(
    files: Mapping[str, bytes], label: str, problems: Problems
) -> tuple[list[Record], int]:
    """Every service in the JSON files of `files`, and the number of organisations named.
    `label` goes before file names in messages. Cost: linear in the size of the files."""
    return _Pages(files, label, problems).read()


def _line_of(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


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
