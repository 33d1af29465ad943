"""What-if scenarios (DESIGN §7): a TOML file of changes → checked `Scenario` → a changed map.

A commissioner writes (or the app builds) a scenario such as "a treatment worker at the women's
centre once a week" as a few tables of changes, in the field names of the CSV files:

    name = "Treatment clinic at the women's centre"
    based_on = "CJI guide, Co-locating drug treatment in specialist women's services"

    [[add_link]]
    from = "fen-treatment"
    to = "fen-womens-centre"
    kind = "co_location"
    formal = true

It is checked against the map the way the CSV files are: every problem at once, each as
`FILE:LINE: [[table]] #N: what is wrong (did you mean …?)`, using the loader's own cell checks
(`load.Cells`, `load.parse_services`) so that a type, kind or yes/no means the same here as in
a spreadsheet. `apply_scenario` returns a new `ServiceMap` (models are frozen) and never touches
the map files. `scenario_toml` writes a scenario back as TOML (tomllib only reads), so the app
can offer what was built as a download that this module reads back to the same scenario.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.models import Journey, Link, Service, ServiceMap, Step
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.cells import Cells
from journeymap.read.csvtable import Row, Table
from journeymap.read.load import SERVICE_COLUMNS, parse_services
from journeymap.resources import SCENARIOS_DIR
from journeymap.vocab import LINK_KINDS, NATIONAL, OFFER_TAGS, normalise_token, suggest

__all__ = [
    "SCENARIOS_DIR",
    "TABLES",
    "Applied",
    "LinkRef",
    "OfferChange",
    "Scenario",
    "apply_scenario",
    "describe_changes",
    "example_scenarios",
    "load_scenario",
    "parse_scenario",
    "scenario_toml",
]

#: The example scenarios shipped with journeymap (modelled on the seeds' good practice).


#: The change tables, in the order they are written and described (DESIGN §7).
TABLES: tuple[str, ...] = (
    "add_service",
    "remove_service",
    "add_link",
    "remove_link",
    "add_offers",
    "remove_offers",
)
TOP_KEYS: tuple[str, ...] = ("name", "description", "based_on")

SERVICE_FIELDS: tuple[str, ...] = (*SERVICE_COLUMNS[0], *SERVICE_COLUMNS[1])
#: Fields each table accepts (the CSV column names), the required ones first.
FIELDS: dict[str, tuple[str, ...]] = {
    "add_service": SERVICE_FIELDS,
    "remove_service": ("id",),
    "add_link": ("from", "to", "kind", "two_way", "formal", "notes"),
    "remove_link": ("from", "to", "kind"),
    "add_offers": ("service", "offers"),
    "remove_offers": ("service", "offers"),
}


@dataclass(frozen=True)
class LinkRef:
    """A link to remove: from → to, of one kind or (kind "") of any kind.

    A link that runs both ways (co-location, joint working, two-way referral) also matches
    when it is listed the other way round in links.csv.
    """

    source: str
    target: str
    kind: str = ""

    def matches(self, link: Link) -> bool:
        if self.kind and link.kind != self.kind:
            return False
        same = (link.source, link.target) == (self.source, self.target)
        reverse = (link.target, link.source) == (self.source, self.target) and link.both_ways
        return same or reverse


@dataclass(frozen=True)
class OfferChange:
    """Offer tags added to, or taken from, one service."""

    service: str
    offers: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """A checked set of changes to one map. Services and links made here have `line` 0."""

    name: str
    description: str = ""
    based_on: str = ""
    add_service: tuple[Service, ...] = ()
    remove_service: tuple[str, ...] = ()
    add_link: tuple[Link, ...] = ()
    remove_link: tuple[LinkRef, ...] = ()
    add_offers: tuple[OfferChange, ...] = ()
    remove_offers: tuple[OfferChange, ...] = ()
    #: Problems that did not stop it (e.g. a custom offer tag), as `FILE:LINE: …` text.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, t) for t in TABLES)


# --- reading -------------------------------------------------------------------------------

#: A scenario is a few changes (the examples are 1-3 KB). Larger files, brackets nested deeper
#: or keys with many dotted parts are refused before the TOML reader sees them: Python's reader
#: recurses once per bracket (RecursionError) and needs memory quadratic in a key's dotted
#: parts (a 60 KB line `a.a.a… = 1` takes gigabytes), so a hostile upload could stop the app.
MAX_SCENARIO_BYTES = 1024 * 1024
MAX_NESTING = 16
MAX_DOTS = 32
MAX_CHANGES = 2000

_SHAPE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # multi-line basic string
    r"|'''.*?'''"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}.\n]",
    re.S,
)


def _guard(text: str, file: str) -> Problem | None:
    """Why the text is refused before parsing (too big, nested too deep, keys too dotted).

    Returns None for any ordinary scenario. Strings and comments are skipped, so dots and
    brackets inside them never count. Cost: one regular-expression pass over the text.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_SCENARIO_BYTES:
        return Problem(
            file,
            1,
            f"the scenario is {size / 1024:,.0f} KB; a scenario holds a few changes (the limit "
            f"is {MAX_SCENARIO_BYTES // 1024:,} KB). For a whole new map, edit the CSV files",
        )
    line, depth, dots = 1, 0, 0
    for m in _SHAPE.finditer(text):
        token = m.group()
        if token == "\n":
            line, dots = line + 1, 0
        elif token in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                return Problem(
                    file,
                    line,
                    f"brackets are nested more than {MAX_NESTING} deep here; a scenario needs "
                    "two at most (check for a stray '[' or '{')",
                )
        elif token in ("]", "}"):
            depth = max(0, depth - 1)
        elif token == ".":
            dots += 1
            if dots > MAX_DOTS:
                return Problem(
                    file,
                    line,
                    f"this line has more than {MAX_DOTS} dots outside quotes; a scenario's keys "
                    "are plain words such as from = or kind = (put text in quotes)",
                )
        else:
            line += token.count("\n")
    return None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


class _Lines:
    """Where things are in the TOML text, since tomllib gives no positions for values.

    The Nth `[[table]]` header of a table is the Nth entry of its list; lines inside
    multi-line strings are skipped. Cost: one pass over the text.
    """

    HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
    SINGLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
    KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

    def __init__(self, text: str):
        self.headers: dict[str, list[int]] = {}
        self.single: dict[str, int] = {}
        self.top_keys: dict[str, int] = {}
        self.count = text.count("\n") + 1
        in_string: str | None = None
        in_table = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is None:
                if m := self.HEADER.match(line):
                    self.headers.setdefault(m.group(1), []).append(number)
                    in_table = True
                elif m := self.SINGLE.match(line):
                    self.single.setdefault(m.group(1), number)
                    in_table = True
                elif (m := self.KEY.match(line)) and not in_table:
                    self.top_keys.setdefault(m.group(1), number)
            in_string = self._string_state(line, in_string)

    @staticmethod
    def _string_state(line: str, state: str | None) -> str | None:
        for quote in re.findall(r'"""|\'\'\'', line):
            if state is None:
                state = quote
            elif state == quote:
                state = None
        return state

    def entry(self, table: str, index: int) -> int:
        """Line of the `index`-th (0-based) `[[table]]` header, else of `table = …`, else 1."""
        found = self.headers.get(table, [])
        if index < len(found):
            return found[index]
        return self.top_keys.get(table) or self.single.get(table) or 1

    def key(self, name: str) -> int:
        """Line of a top-level key or table named `name`, else 1."""
        headers = self.headers.get(name, [0])
        return self.top_keys.get(name) or self.single.get(name) or headers[0] or 1


def _toml_problem(file: str, exc: tomllib.TOMLDecodeError, lines: int) -> Problem:
    message = str(exc)
    if m := _TOML_POSITION.search(message):
        line, column = int(m.group(1)), m.group(2)
        message = f"{message[: m.start()]} (column {column})"
    elif m := _TOML_END.search(message):
        line, message = lines, f"{message[: m.start()]} at the end of the file"
    else:
        line = 1
    return Problem(file, line, f"this is not valid TOML: {message}; check quotes and brackets")


def _cell_text(value: Any) -> str | None:
    """A TOML value as the text of a CSV cell, or None when it has no cell form."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(v.strip() for v in value)
    return None


@dataclass
class _Entry:
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


def _entries(
    data: dict[str, Any], table: str, where: _Lines, file: str, problems: Problems
) -> list[_Entry]:
    value = data.get(table)
    if value is None:
        return []
    if isinstance(value, dict):
        problems.error(
            file,
            where.key(table),
            f"[{table}] needs double brackets: write [[{table}]], one for each change",
        )
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.error(
            file,
            where.key(table),
            f"'{table}' should be a list of [[{table}]] tables, one for each change",
        )
        return []
    entries = []
    allowed = FIELDS[table]
    for i, raw in enumerate(value):
        entry = _Entry(table, i + 1, where.entry(table, i), {}, file, problems)
        for key, cell in raw.items():
            if key not in allowed:
                hint = _field_hint(key, allowed)
                fix = f"did you mean '{hint}'?" if hint else f"fields: {', '.join(allowed)}"
                entry.error(f"'{key}' is not a field of [[{table}]] ({fix})")
                continue
            text = _cell_text(cell)
            if text is None:
                entry.error(
                    f"'{key}' should be text, yes/no or a number, not {type(cell).__name__}"
                )
                continue
            entry.cells[key] = text
        entries.append(entry)
    return entries


def _field_hint(key: str, allowed: tuple[str, ...]) -> str | None:
    """The field a mistyped key meant; swapped letters first ('form' is 'from', not 'formal')."""
    token = normalise_token(key)
    same_letters = [f for f in allowed if sorted(f) == sorted(token)]
    return same_letters[0] if same_letters else suggest(key, allowed)


class _Checker:
    """Checks every entry against the map and builds the changes. Problems never raise here."""

    def __init__(self, smap: ServiceMap, file: str, problems: Problems):
        self.smap, self.file, self.problems = smap, file, problems
        self.services = {s.id: s for s in smap.services}
        self.removed: dict[str, _Entry] = {}
        self.added: dict[str, Service] = {}

    # ids ---------------------------------------------------------------------------------

    def final_ids(self) -> list[str]:
        return sorted((set(self.services) - set(self.removed)) | set(self.added))

    def known(self, entry: _Entry, col: str, *, after: bool) -> str:
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
        pool = self.final_ids() if after else sorted(self.services)
        if sid in pool:
            return sid
        hint = suggest(sid, pool)
        fix = f" (did you mean '{hint}'?)" if hint else ""
        extra = " or added by this scenario" if after else ""
        entry.error(f"{col} '{sid}' is not a service in the map{extra}{fix}")
        return ""

    def service(self, sid: str) -> Service:
        return self.added.get(sid) or self.services[sid]

    # tables -----------------------------------------------------------------------------

    def remove_service(self, entries: list[_Entry]) -> tuple[str, ...]:
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

    def add_service(self, entries: list[_Entry]) -> tuple[Service, ...]:
        out: list[Service] = []
        first: dict[str, _Entry] = {}
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
                hint = suggest(area, areas)
                fix = f"did you mean '{hint}'?" if hint else f"areas: {', '.join(areas)}"
                entry.error(f"area '{area}' is not an area of the map ({fix})")
                ok = False
            if sid:
                first.setdefault(sid, entry)
            if ok and made:
                service = made[0].model_copy(update={"line": 0})
                self.added[service.id] = service
                out.append(service)
        return tuple(out)

    def remove_link(self, entries: list[_Entry]) -> tuple[LinkRef, ...]:
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

    def add_link(self, entries: list[_Entry], removing: Iterable[LinkRef]) -> tuple[Link, ...]:
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

    def offers(self, entries: list[_Entry], *, adding: bool) -> tuple[OfferChange, ...]:
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
    def _offered(entry: _Entry, sid: str, have: tuple[str, ...]) -> tuple[str, ...] | None:
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
            hint = suggest(raw, list(have)) if have else None
            if hint:
                fix = f" (did you mean '{hint}'?)"
            else:
                fix = f" (it offers: {', '.join(have)})" if have else " (it offers nothing)"
            entry.error(f"'{sid}' does not offer '{raw.strip()}', so it cannot stop{fix}")
            ok = False
        return tuple(tags) if ok else None


def parse_scenario(data: bytes | str, smap: ServiceMap, file: str = "scenario.toml") -> Scenario:
    """Read and check a scenario against `smap`; raises `MapError` with every problem.

    `file` names the scenario in messages. Warnings (custom offer tags, links already in the
    map) travel on `Scenario.warnings`. Cost: one parse plus O(entries × links) checks.
    """
    problems = Problems()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MapError(
                [Problem(file, 1, "the scenario is not UTF-8 text; save it as UTF-8")]
            ) from None
    else:
        text = data
    refused = _guard(text, file)
    if refused:
        raise MapError([refused])
    where = _Lines(text)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MapError([_toml_problem(file, exc, where.count)]) from None
    except RecursionError:  # the guard's limits make this unreachable; never a traceback
        raise MapError(
            [Problem(file, 1, "this is not a scenario: brackets are nested far too deep")]
        ) from None
    changes = sum(len(v) for k, v in raw.items() if k in TABLES and isinstance(v, list))
    if changes > MAX_CHANGES:
        raise MapError(
            [
                Problem(
                    file,
                    1,
                    f"the scenario makes {changes:,} changes; the limit is {MAX_CHANGES:,} (a "
                    "scenario tries a few changes; for a new map, edit the CSV files)",
                )
            ]
        )

    for key in raw:
        if key not in (*TOP_KEYS, *TABLES):
            choices = (*TOP_KEYS, *TABLES)
            hint = suggest(key, choices)
            fix = f"did you mean '{hint}'?" if hint else f"use: {', '.join(choices)}"
            problems.error(file, where.key(key), f"'{key}' is not part of a scenario ({fix})")
    texts: dict[str, str] = {}
    for key in TOP_KEYS:
        value = raw.get(key, "")
        if not isinstance(value, str):
            problems.error(file, where.key(key), f"'{key}' should be text in quotes")
            value = ""
        texts[key] = value.strip()
    if not texts["name"]:
        problems.error(file, where.key("name"), 'the scenario needs a name, e.g. name = "…"')

    entries = {t: _entries(raw, t, where, file, problems) for t in TABLES}
    check = _Checker(smap, file, problems)
    remove_service = check.remove_service(entries["remove_service"])
    add_service = check.add_service(entries["add_service"])
    remove_link = check.remove_link(entries["remove_link"])
    add_link = check.add_link(entries["add_link"], remove_link)
    add_offers = check.offers(entries["add_offers"], adding=True)
    remove_offers = check.offers(entries["remove_offers"], adding=False)

    if all(key in TOP_KEYS for key in raw):
        problems.error(
            file,
            where.count if text.strip() else 1,
            "the scenario makes no changes; add at least one of "
            + ", ".join(f"[[{t}]]" for t in TABLES),
        )
    problems.items.sort(key=lambda p: (p.line, p.warning))
    if problems.has_errors:
        raise MapError(problems.items)
    return Scenario(
        name=texts["name"],
        description=texts["description"],
        based_on=texts["based_on"],
        add_service=add_service,
        remove_service=remove_service,
        add_link=add_link,
        remove_link=remove_link,
        add_offers=add_offers,
        remove_offers=remove_offers,
        warnings=tuple(str(p) for p in problems.warnings),
    )


def load_scenario(path: str | Path, smap: ServiceMap) -> Scenario:
    """Read and check a scenario file; raises `MapError` (also when it cannot be read)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise MapError([Problem(str(path), 1, f"cannot read the scenario file: {reason}")]) from exc
    return parse_scenario(data, smap, str(path))


def example_scenarios(folder: str | Path = SCENARIOS_DIR) -> dict[str, Path]:
    """The scenario files in `folder` by file name, sorted; empty when there is none."""
    path = Path(folder)
    if not path.is_dir():
        return {}
    return {p.name: p for p in sorted(path.glob("*.toml")) if p.is_file()}


# --- applying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """The changed map, and what changed in it: for marking the network and for saying so.

    `links_removed` holds every link gone from the map; `links_with_services` those of them
    that went only because a service at one end was removed.
    """

    smap: ServiceMap
    services_added: tuple[str, ...]
    services_removed: tuple[str, ...]
    services_changed: tuple[str, ...]
    links_added: tuple[Link, ...]
    links_removed: tuple[Link, ...]
    links_with_services: tuple[Link, ...]
    steps_unmapped: int = 0


def apply_scenario(smap: ServiceMap, scenario: Scenario) -> Applied:
    """The map with the scenario's changes made; `smap` and its files are left as they are.

    Order: links removed, services removed (with all their links), services added, links
    added, offers added, offers removed. Journey steps at a removed service keep their
    place in the journey as a named place (a contact that happened stays recorded).
    Raises ValueError when the scenario names a service the map lacks (check it with
    `parse_scenario` first). Cost: O(services + links + journey steps).
    """
    gone = set(scenario.remove_service)
    removed_refs = scenario.remove_link
    links_removed: list[Link] = []
    links_with_services: list[Link] = []
    kept: list[Link] = []
    for link in smap.links:
        if any(ref.matches(link) for ref in removed_refs):
            links_removed.append(link)
        elif link.source in gone or link.target in gone:
            links_removed.append(link)
            links_with_services.append(link)
        else:
            kept.append(link)

    services = [s for s in smap.services if s.id not in gone]
    services.extend(scenario.add_service)
    index = {s.id: i for i, s in enumerate(services)}
    missing = [
        sid
        for sid in (
            *(k.source for k in scenario.add_link),
            *(k.target for k in scenario.add_link),
            *(o.service for o in (*scenario.add_offers, *scenario.remove_offers)),
        )
        if sid not in index
    ]
    if missing:
        raise ValueError(f"the scenario names services not in the map: {', '.join(missing)}")
    kept.extend(scenario.add_link)

    changed: dict[str, None] = {}
    for change in scenario.add_offers:
        i = index[change.service]
        offers = tuple(dict.fromkeys((*services[i].offers, *change.offers)))
        services[i] = services[i].model_copy(update={"offers": offers})
        changed[change.service] = None
    for change in scenario.remove_offers:
        i = index[change.service]
        offers = tuple(t for t in services[i].offers if t not in change.offers)
        services[i] = services[i].model_copy(update={"offers": offers})
        changed[change.service] = None

    names = {s.id: s.name for s in smap.services}
    journeys, unmapped = _unmap_steps(smap.journeys, gone, names)
    after = smap.model_copy(
        update={"services": tuple(services), "links": tuple(kept), "journeys": journeys}
    )
    added_ids = {s.id for s in scenario.add_service}
    return Applied(
        smap=after,
        services_added=tuple(s.id for s in scenario.add_service),
        services_removed=tuple(scenario.remove_service),
        services_changed=tuple(s for s in changed if s not in added_ids),
        links_added=tuple(scenario.add_link),
        links_removed=tuple(links_removed),
        links_with_services=tuple(links_with_services),
        steps_unmapped=unmapped,
    )


def _unmap_steps(
    journeys: tuple[Journey, ...], gone: set[str], names: Mapping[str, str]
) -> tuple[tuple[Journey, ...], int]:
    if not gone:
        return journeys, 0
    count = 0
    out = []
    for journey in journeys:
        steps: list[Step] = []
        for step in journey.steps:
            if step.service in gone:
                count += 1
                step = step.model_copy(
                    update={"service": "", "place": step.place or names[step.service]}
                )
            steps.append(step)
        out.append(journey.model_copy(update={"steps": tuple(steps)}))
    return tuple(out), count


def _kind(kind: str) -> str:
    return {"co_location": "co-location", "joint_working": "joint working"}.get(kind, kind)


def describe_changes(smap: ServiceMap, scenario: Scenario) -> list[str]:
    """One plain sentence per change, naming services, for the CLI and the app.

    Cost: O(changes × links) (a removed service's links are counted).
    """
    names = {s.id: s.name for s in (*smap.services, *scenario.add_service)}

    def n(sid: str) -> str:
        return names.get(sid, sid)

    lines = []
    for s in scenario.add_service:
        lines.append(f"New service: {s.name} ({s.type.replace('_', ' ')}, {s.area})")
    for sid in scenario.remove_service:
        count = sum(sid in (k.source, k.target) for k in smap.links)
        lines.append(f"Service closes: {n(sid)}, with its {count} link{'s' * (count != 1)}")
    for k in scenario.add_link:
        arrow = "↔" if k.both_ways else "→"
        formal = "written" if k.formal else "informal"
        notes = f" ({k.notes})" if k.notes else ""
        lines.append(f"New {formal} {_kind(k.kind)}: {n(k.source)} {arrow} {n(k.target)}{notes}")
    for r in scenario.remove_link:
        what = _kind(r.kind) if r.kind else "link"
        lines.append(f"{what[0].upper()}{what[1:]} ends: {n(r.source)} – {n(r.target)}")
    for o in scenario.add_offers:
        lines.append(f"{n(o.service)} starts to offer: {', '.join(o.offers)}")
    for o in scenario.remove_offers:
        lines.append(f"{n(o.service)} stops offering: {', '.join(o.offers)}")
    return lines


# --- writing -------------------------------------------------------------------------------


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate is not a character TOML can hold
            out.append("\\uFFFD")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written as a coordinate")
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_string(str(v)) for v in value) + "]"
    return _toml_string(str(value))


def _toml_table(name: str, fields: Iterable[tuple[str, object]]) -> str:
    body = "".join(f"{key} = {_toml_value(value)}\n" for key, value in fields)
    return f"\n[[{name}]]\n{body}"


def _service_fields(s: Service) -> Iterable[tuple[str, object]]:
    yield from (("id", s.id), ("name", s.name), ("type", s.type), ("area", s.area))
    if s.provider:
        yield "provider", s.provider
    yield "women_only", s.women_only
    for key in ("offers", "postcode", "latitude", "longitude", "url", "description"):
        value = getattr(s, key)
        if value not in ("", (), None):
            yield key, value


def scenario_toml(scenario: Scenario) -> str:
    """The scenario as TOML text that `parse_scenario` reads back to an equal `Scenario`.

    A small writer of our own: the standard library reads TOML but cannot write it, and the
    shape is fixed (a few strings, then arrays of flat tables), so no dependency is needed.
    Cost: linear in the size of the scenario.
    """
    head = [f"name = {_toml_string(scenario.name)}"]
    if scenario.description:
        head.append(f"description = {_toml_string(scenario.description)}")
    if scenario.based_on:
        head.append(f"based_on = {_toml_string(scenario.based_on)}")
    parts = ["\n".join(head) + "\n"]
    parts += [_toml_table("add_service", _service_fields(s)) for s in scenario.add_service]
    parts += [_toml_table("remove_service", [("id", sid)]) for sid in scenario.remove_service]
    for k in scenario.add_link:
        fields: list[tuple[str, object]] = [("from", k.source), ("to", k.target)]
        fields += [("kind", k.kind), ("two_way", k.two_way), ("formal", k.formal)]
        if k.notes:
            fields.append(("notes", k.notes))
        parts.append(_toml_table("add_link", fields))
    for r in scenario.remove_link:
        fields = [("from", r.source), ("to", r.target)]
        fields += [("kind", r.kind)] if r.kind else []
        parts.append(_toml_table("remove_link", fields))
    for table in ("add_offers", "remove_offers"):
        for o in getattr(scenario, table):
            parts.append(_toml_table(table, [("service", o.service), ("offers", o.offers)]))
    return "".join(parts)
