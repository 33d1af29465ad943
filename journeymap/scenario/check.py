"""Checking each change of a scenario against the map, the way the CSV files are checked.

`read` turns every `[[table]]` of the file into an `Entry` (a CSV-like row that knows its line);
`Checker` looks at each one against the map and builds the changes. Cells are checked with the
loader's own `Cells` and `parse_services`, so a type, kind or yes/no means the same here as in a
spreadsheet, and every problem is kept (never raised) as `FILE:LINE: [[table]] #N: …`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from journeymap.labels import did_you_mean
from journeymap.models import Link, Service, ServiceMap
from journeymap.problems import Problems
from journeymap.read.cells import Cells
from journeymap.read.csvtable import Row, Table
from journeymap.read.load import parse_services
from journeymap.scenario.changes import FIELDS, SERVICE_FIELDS, LinkRef, OfferChange
from journeymap.vocab import LINK_KINDS, NATIONAL, OFFER_TAGS, normalise_token

__all__ = ["Checker", "Entry"]


@dataclass
class Entry:
    """One `[[table]]` entry as a CSV-like row, with what it needs to report problems."""

    table: str
    number: int  # 1-based, as a person counts entries
    line: int
    cells: dict[str, str]
    file: str
    problems: Problems

    @property
    def label(self) -> str:
        return f"[[{self.table}]] #{self.number}"

    def error(self, message: str) -> None:
        self.problems.error(self.file, self.line, f"{self.label}: {message}")

    def warn(self, message: str) -> None:
        self.problems.warn(self.file, self.line, f"{self.label}: {message}")

    def checked(self) -> tuple[Cells, Problems]:
        """A loader `Cells` over this entry whose problems land in a scratch list.

        `adopt` moves them over with this entry's label, so they read like every other
        scenario problem while the checks and wording stay the loader's.
        """
        scratch = Problems()
        return Cells(self.file, Row(self.line, self.cells), scratch, FIELDS[self.table]), scratch

    def adopt(self, scratch: Problems) -> bool:
        """Move scratch problems over, labelled; True when none of them was an error."""
        for p in scratch.items:
            (self.warn if p.warning else self.error)(p.message)
        return not scratch.has_errors


class Checker:
    """Checks every entry against the map and builds the changes. Problems never raise here.

    The tables are checked one method each, in the order of `read.parse_scenario`: services
    removed, services added, links removed, links added, offers. A later table can name a
    service that an earlier one added or removed, so the order matters.
    """

    def __init__(self, smap: ServiceMap, file: str, problems: Problems) -> None:
        self.smap, self.file, self.problems = smap, file, problems
        self.services = {s.id: s for s in smap.services}
        self.removed: dict[str, Entry] = {}
        self.added: dict[str, Service] = {}
        self._final: tuple[tuple[int, int], list[str]] = ((-1, -1), [])

    # ids ---------------------------------------------------------------------------------

    def final_ids(self) -> list[str]:
        """The ids once the scenario is applied, sorted, for a message's "did you mean" (kept
        until a service is added or removed: sorting a national map's ids takes 20 ms)."""
        now = (len(self.removed), len(self.added))  # they only grow
        if self._final[0] != now:
            self._final = (now, sorted((set(self.services) - set(self.removed)) | set(self.added)))
        return self._final[1]

    @cached_property
    def map_ids(self) -> list[str]:
        """The map's own ids, sorted, for a message's "did you mean"."""
        return sorted(self.services)

    def known(self, entry: Entry, col: str, *, after: bool) -> str:
        """The entry's service id in `col`, checked; "" when missing or unknown.

        `after` True: the id must exist once the scenario is applied (added ones count,
        removed ones do not); False: it must be in the map as it is.
        """
        sid = entry.cells.get(col, "")
        if not sid:
            entry.error(f"'{col}' is empty; give a service id")
            return ""
        if after and sid in self.removed and sid not in self.added:
            where = self.removed[sid]
            entry.error(
                f"{col} '{sid}' is removed by this scenario ({where.label}, line {where.line})"
            )
            return ""
        if after:
            present = sid in self.added or (sid in self.services and sid not in self.removed)
        else:
            present = sid in self.services
        if present:
            return sid
        fix = did_you_mean(sid, self.final_ids() if after else self.map_ids)
        extra = " or added by this scenario" if after else ""
        entry.error(f"{col} '{sid}' is not a service in the map{extra}{fix}")
        return ""

    def service(self, sid: str) -> Service:
        return self.added.get(sid) or self.services[sid]

    # tables -----------------------------------------------------------------------------

    def remove_service(self, entries: list[Entry]) -> tuple[str, ...]:
        out: list[str] = []
        for entry in entries:
            sid = self.known(entry, "id", after=False)
            if not sid:
                continue
            if sid in self.removed:
                first = self.removed[sid]
                entry.warn(f"'{sid}' is already removed by {first.label} (line {first.line})")
                continue
            self.removed[sid] = entry
            out.append(sid)
        return tuple(out)

    def add_service(self, entries: list[Entry]) -> tuple[Service, ...]:
        out: list[Service] = []
        first: dict[str, Entry] = {}
        areas = [*self.smap.area_names(), NATIONAL]
        for entry in entries:
            scratch = Problems()
            table = Table(self.file, SERVICE_FIELDS, [Row(entry.line, entry.cells)])
            made = parse_services(table, scratch)
            ok = entry.adopt(scratch)
            sid = entry.cells.get("id", "")
            if sid in first:
                entry.error(f"id '{sid}' is added twice (first by {first[sid].label})")
                ok = False
            elif sid in self.services and sid not in self.removed:
                entry.error(
                    f"id '{sid}' is already a service in the map; choose a new id, or remove "
                    "the old service in a [[remove_service]] to replace it"
                )
                ok = False
            area = entry.cells.get("area", "")
            if area and area.lower() != NATIONAL and area not in areas:
                fix = did_you_mean(area, areas, otherwise=f"areas: {', '.join(areas)}")
                entry.error(f"area '{area}' is not an area of the map{fix}")
                ok = False
            if sid:
                first.setdefault(sid, entry)
            if ok and made:
                service = made[0].model_copy(update={"line": 0})
                self.added[service.id] = service
                out.append(service)
        return tuple(out)

    def remove_link(self, entries: list[Entry]) -> tuple[LinkRef, ...]:
        out: list[LinkRef] = []
        for entry in entries:
            c, scratch = entry.checked()
            kind = c.choice("kind", LINK_KINDS, "a link kind")
            ok = entry.adopt(scratch)
            source = self.known(entry, "from", after=False)
            target = self.known(entry, "to", after=False)
            if not (ok and source and target):
                continue
            ref = LinkRef(source, target, kind)
            if not any(ref.matches(link) for link in self.smap.links):
                what = f"{kind} link" if kind else "link"
                entry.error(
                    f"the map has no {what} from '{source}' to '{target}'{self._links_of(source)}"
                )
                continue
            for sid in (source, target):
                if sid in self.removed:
                    entry.warn(f"this link goes anyway with '{sid}' ({self.removed[sid].label})")
            out.append(ref)
        return tuple(out)

    def _links_of(self, sid: str) -> str:
        ends = [
            f"{link.target if link.source == sid else link.source} ({link.kind})"
            for link in self.smap.links
            if sid in (link.source, link.target)
        ]
        if not ends:
            return f"; '{sid}' has no links"
        more = f" and {len(ends) - 6} more" if len(ends) > 6 else ""
        return f"; '{sid}' is linked with: {', '.join(ends[:6])}{more}"

    def add_link(self, entries: list[Entry], removing: Iterable[LinkRef]) -> tuple[Link, ...]:
        out: list[Link] = []
        removing = list(removing)
        for entry in entries:
            c, scratch = entry.checked()
            kind = c.choice("kind", LINK_KINDS, "a link kind")
            if not c.text("kind"):
                c.required("kind")
            two_way = c.boolean("two_way")
            formal = c.boolean("formal")
            ok = entry.adopt(scratch)
            source = self.known(entry, "from", after=True)
            target = self.known(entry, "to", after=True)
            if source and source == target:
                entry.error(f"the link goes from '{source}' to itself")
                continue
            if not (ok and source and target):
                continue
            link = Link(
                source=source,
                target=target,
                kind=kind,  # checked against LINK_KINDS above
                two_way=bool(two_way),
                formal=bool(formal),
                notes=entry.cells.get("notes", ""),
            )
            same = [
                k
                for k in self.smap.links
                if (k.source, k.target, k.kind) == (source, target, kind)
                and not any(r.matches(k) for r in removing)
            ]
            if same:
                where = f" (links.csv line {same[0].line})" if same[0].line else ""
                entry.warn(f"the map already has this {kind} link{where}; it is added again")
            if any((k.source, k.target, k.kind) == (source, target, kind) for k in out):
                entry.warn(f"the same {kind} link {source} -> {target} is added twice")
            out.append(link)
        return tuple(out)

    def offers(self, entries: list[Entry], *, adding: bool) -> tuple[OfferChange, ...]:
        out: list[OfferChange] = []
        for entry in entries:
            c, scratch = entry.checked()
            if not c.text("offers"):
                c.required("offers")
            # Adding: an unknown tag is kept as a custom one with a warning, as in services.csv.
            tags = c.tags("offers", OFFER_TAGS, "offer tag") if adding else ()
            ok = entry.adopt(scratch)
            sid = self.known(entry, "service", after=True)
            if not (ok and sid):
                continue
            have = self.service(sid).offers
            if adding:
                for tag in tags:
                    if tag in have:
                        entry.warn(f"'{sid}' already offers '{tag}'")
            else:
                taken = self._offered(entry, sid, have)
                if taken is None:
                    continue
                tags = taken
            out.append(OfferChange(sid, tags))
        return tuple(out)

    @staticmethod
    def _offered(entry: Entry, sid: str, have: tuple[str, ...]) -> tuple[str, ...] | None:
        """The tags to take away, each one the service offers now; None after any error."""
        tags: dict[str, None] = {}
        ok = True
        for raw in entry.cells.get("offers", "").split(";"):
            if not raw.strip():
                continue
            tag = normalise_token(raw)
            if tag in have:
                tags[tag] = None
                continue
            offered = f"it offers: {', '.join(have)}" if have else "it offers nothing"
            fix = did_you_mean(raw, have, otherwise=offered)
            entry.error(f"'{sid}' does not offer '{raw.strip()}', so it cannot stop{fix}")
            ok = False
        return tuple(tags) if ok else None
