"""Reading a scenario file (DESIGN §7): TOML text → a checked `Scenario`, or every problem.

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
`FILE:LINE: [[table]] #N: what is wrong (did you mean …?)`. This module handles the text: it
refuses hostile files before the TOML reader sees them, finds the line of each table (tomllib
gives none) and turns the tables into entries, which `scenario.check` checks against the map.
`scenario.apply` makes the changes on a copy of the map; `scenario.write` writes TOML back.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Container
from pathlib import Path
from typing import Any

from journeymap.labels import did_you_mean
from journeymap.models import ServiceMap
from journeymap.problems import MapError, Problem, Problems
from journeymap.resources import SCENARIOS_DIR
from journeymap.scenario.changes import FIELDS, TABLES, Scenario
from journeymap.scenario.check import Checker, Entry
from journeymap.vocab import normalise_token, suggest

__all__ = [
    "MAX_CHANGES",
    "MAX_DOTS",
    "MAX_NESTING",
    "MAX_SCENARIO_BYTES",
    "TOP_KEYS",
    "example_scenarios",
    "load_scenario",
    "names_a_missing_service",
    "parse_scenario",
]

#: The keys of a scenario besides its change tables.
TOP_KEYS: tuple[str, ...] = ("name", "description", "based_on")

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


def _entries(
    data: dict[str, Any], table: str, where: _Lines, file: str, problems: Problems
) -> list[Entry]:
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
        entry = Entry(table, i + 1, where.entry(table, i), {}, file, problems)
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


def parse_scenario(data: bytes | str, smap: ServiceMap, file: str = "scenario.toml") -> Scenario:
    """Read and check a scenario against `smap`; raises `MapError` with every problem.

    `file` names the scenario in messages. Warnings (custom offer tags, links already in the
    map) travel on `Scenario.warnings`. Cost: one parse plus O(entries × links) checks.
    """
    text = _decoded(data, file)
    refused = _guard(text, file)
    if refused:
        raise MapError([refused])
    where = _Lines(text)
    raw = _toml(text, file, where)

    problems = Problems()
    texts = _top_level(raw, where, file, problems)
    entries = {t: _entries(raw, t, where, file, problems) for t in TABLES}
    check = Checker(smap, file, problems)
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


#: The fields of each table that name a service of the map, or one the scenario adds.
_SERVICE_FIELDS: dict[str, tuple[str, ...]] = {
    "remove_service": ("id",),
    "add_link": ("from", "to"),
    "remove_link": ("from", "to"),
    "add_offers": ("service",),
    "remove_offers": ("service",),
}


def names_a_missing_service(data: bytes | str, ids: Container[str]) -> bool:
    """True when the scenario names a service that is neither in `ids` nor added by it, so
    `parse_scenario` would refuse it; False when it does not, or when the file does not
    read (then the full check says why).

    A quick look before the full check, for the What if…? page, which tries each bundled
    example against the map: on a national map the full checks of the five (which name the
    demo's services) took 0.45 s, most of it "did you mean" hints that no one reads.
    Cost: reading the TOML, then one set look-up per named service.
    """
    file = "scenario.toml"
    try:
        text = _decoded(data, file)
        if _guard(text, file):
            return False
        where = _Lines(text)
        raw = _toml(text, file, where)
    except MapError:
        return False
    problems = Problems()  # the full check reports them
    added = {e.cells.get("id", "") for e in _entries(raw, "add_service", where, file, problems)}
    for table, columns in _SERVICE_FIELDS.items():
        for entry in _entries(raw, table, where, file, problems):
            for sid in (entry.cells.get(column, "") for column in columns):
                if sid and sid not in ids and sid not in added:
                    return True
    return False


def _decoded(data: bytes | str, file: str) -> str:
    """The scenario as text (a byte-order mark dropped); raises `MapError` if it is not UTF-8."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MapError(
            [Problem(file, 1, "the scenario is not UTF-8 text; save it as UTF-8")]
        ) from None


def _toml(text: str, file: str, where: _Lines) -> dict[str, Any]:
    """The TOML tables of a scenario that passed `_guard`; raises `MapError` when it is not
    valid TOML or makes more than `MAX_CHANGES` changes."""
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
    return raw


def _top_level(raw: dict[str, Any], where: _Lines, file: str, problems: Problems) -> dict[str, str]:
    """The name, description and based_on texts ("" when missing or not text); problems for
    keys that are not part of a scenario, for texts that are not text and for a missing name."""
    choices = (*TOP_KEYS, *TABLES)
    for key in raw:
        if key not in choices:
            fix = did_you_mean(key, choices, otherwise=f"use: {', '.join(choices)}")
            problems.error(file, where.key(key), f"'{key}' is not part of a scenario{fix}")
    texts: dict[str, str] = {}
    for key in TOP_KEYS:
        value = raw.get(key, "")
        if not isinstance(value, str):
            problems.error(file, where.key(key), f"'{key}' should be text in quotes")
            value = ""
        texts[key] = value.strip()
    if not texts["name"]:
        problems.error(file, where.key("name"), 'the scenario needs a name, e.g. name = "…"')
    return texts


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
