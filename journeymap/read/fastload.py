"""Services and links checked column by column, each doubtful row read by `rows`' reader.

A national map has 45,000 services and 135,000 links, nearly all written plainly. Here each
check of `rows.parse_services` and `rows.parse_links` is asked of a whole column at once, with
set and str operations that run at C speed (a type column is plain when its set of values is
inside the vocabulary). Only when a column fails is it asked row by row, to find the rows in
doubt. Each doubtful row is read by the very functions the row-by-row reader uses
(`checked_service`, `checked_link`, with `Cells`), in file order, so every message and
FILE:LINE is the same; the plainly right rows are made into models in bulk (`built`).

A plainly right row read by `Cells` gives the same values and no message (`cells` tries the
plain readings first), so doubting a row too many is only slower, never different: each check
here only has to be sound. Where rows depend on each other in a way a column cannot show
(an id used twice), the whole file is left to the row-by-row reader (None is returned).
"""

from __future__ import annotations

import operator
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import Any, TypeVar

from pydantic import BaseModel

from journeymap.models import SLOT_SETTERS, Link, Service
from journeymap.problems import Problems
from journeymap.read.cells import (
    LATITUDE_LIMIT,
    LIST_SEPARATOR,
    LONGITUDE_LIMIT,
    PLAIN_YES_NO,
    Cells,
    extra_columns,
    plain_number,
    vocabulary,
)
from journeymap.read.columns import Columns
from journeymap.read.names import ServiceNames, resolve_row
from journeymap.read.rows import LINK_KNOWN, SERVICE_KNOWN, checked_link, checked_service
from journeymap.vocab import LINK_KINDS, NATIONAL, OFFER_TAGS, SERVICE_TYPES

__all__ = ["CheckedLinks", "built", "link_columns", "made", "service_columns"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

_TYPES, _OFFERS, _KINDS = vocabulary(SERVICE_TYPES), vocabulary(OFFER_TAGS), vocabulary(LINK_KINDS)
#: Each code of the vocabularies as one object (`_shared`).
_CODE = {code: code for code in (*SERVICE_TYPES, *OFFER_TAGS, *LINK_KINDS)}
#: Ids one per line, each as `cells.ID_PATTERN` allows.
_ID_LINES = re.compile(r"[A-Za-z0-9_.-]+(?:\n[A-Za-z0-9_.-]+)*")

_new = object.__new__
_set_dict, _set_fields, _set_extra, _set_private = SLOT_SETTERS


def built(model: type[M], fields: list[dict[str, Any]]) -> list[M]:
    """Models of `model` with these fields (every field, in the model's order, each of the
    type validation would give), made without validating them again: the cells were checked.

    Why: pydantic validating a list of dicts (the row reader's way) costs 0.3-0.4 s for the
    135,000 links of a national map, and `model_construct` is slower still (0.7 s, as
    benchmarks/README found); filling the instance's four slots as validation does, each in
    one C-level `map`, costs 0.05 s. The model is the same: equal, the same `__dict__`, the
    same `model_fields_set` (every field), no extra and no private attributes
    (`tests/test_columnar_load.py` checks it against validation). The models of one call
    share one fields-set: pydantic only ever changes a copy's (frozen models are never
    assigned to), and a set of its own for each would cost as much again.
    """
    every = set(model.model_fields)
    made = list(map(_new, repeat(model, len(fields))))
    # Each map runs in C; the deque of no length only drives it.
    deque(map(_set_dict, made, fields), maxlen=0)
    deque(map(_set_fields, made, repeat(every)), maxlen=0)
    deque(map(_set_extra, made, repeat(None)), maxlen=0)
    deque(map(_set_private, made, repeat(None)), maxlen=0)
    return made


def made(model: type[M], **fields: Any) -> M:
    """One model of `model` from a row reader's checked cells, as `built` makes them: every
    field given (a missing one is a KeyError), each of the type validation would give.

    Why: a map's small tables (journeys, areas, standards, personas, actions) were the only
    models `journeymap check` validated, and pydantic's first validation in a process costs
    0.04 s (its schema machinery is imported and built then), a twentieth of check on a
    national map. `tests/test_made_models.py` checks each table's models against validation.
    """
    return built(model, [{name: fields[name] for name in model.model_fields}])[0]


def _shared(values: list[str], objects: Mapping[str, str]) -> list[str]:
    """`values` with each one that `objects` holds given as that object: every service type,
    offer and link kind as the vocabulary's own string, every link end as its service's id.

    Why: the text is split into a new string per cell, so a national map held some 100,000
    "referral"s and a copy of a service's id for every link end. As one object each, its
    report takes 7% less memory (a peak of 456 MiB, now 424 MiB) and 8% fewer page faults: the
    graph's look-ups of a link's ends find their key at once, and the process forked for the
    analyses reads, and so copies, fewer pages."""
    return list(map(objects.get, values, values))


def _where(values: Sequence[Any], bad: Any) -> Iterator[int]:
    """The rows whose value is `bad` (blank, None)."""
    return (i for i, value in enumerate(values) if value == bad)


def _outside(values: Sequence[str], known: frozenset[str] | set[str]) -> Iterator[int]:
    return (i for i, value in enumerate(values) if value not in known)


def _plain_ids(ids: Sequence[str]) -> bool:
    """True when every id is as `cells.ID_PATTERN` allows (one regex over them all)."""
    joined = "\n".join(ids)
    return joined.count("\n") == len(ids) - 1 and _ID_LINES.fullmatch(joined) is not None


def _plain_lists(texts: Sequence[str], known: frozenset[str]) -> list[tuple[str, ...] | None]:
    """`cells.plain_list` of each cell: the tuple of its codes, or None where it is not
    plain (a blank value, an unknown or repeated code). Cells written alike share one tuple
    (`_shared`). Cost: str.split per different cell, set work per cell, all in C."""
    each = {text: tuple(_shared(text.split(LIST_SEPARATOR), _CODE)) for text in set(texts)}
    lists: list[tuple[str, ...] | None] = list(map(each.__getitem__, texts))  # one per text
    codes = set(chain.from_iterable(each.values()))
    if "" in codes:  # a blank cell is the empty list; a blank value (`a;;b`) is not plain
        lists = [() if t == ("",) else (None if t is None or "" in t else t) for t in lists]
        codes.discard("")
    if not known.issuperset(codes):
        lists = [t if t is None or known.issuperset(t) else None for t in lists]
    written = list(each.values())  # (each different cell once)
    once = list(map(len, map(set, written))) == list(map(len, written))
    if not once:
        lists = [t if t is None or len(set(t)) == len(t) else None for t in lists]
    return lists


def _coordinates(cols: Columns, doubt: set[int]) -> tuple[list[float | None], list[float | None]]:
    """The latitudes and longitudes as the plain reading gives them (None for blank), adding
    to `doubt` each row whose pair is not plain (a bad number, or one of the two given)."""
    n = len(cols)
    if "latitude" not in cols.cells and "longitude" not in cols.cells:
        return [None] * n, [None] * n
    lat_text, lon_text = cols.column("latitude"), cols.column("longitude")
    lats = [plain_number(t, LATITUDE_LIMIT) for t in lat_text]
    lons = [plain_number(t, LONGITUDE_LIMIT) for t in lon_text]
    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        if (lat is None or lon is None) and (lat_text[i] or lon_text[i]):
            doubt.add(i)
    return lats, lons


def _extras(cols: Columns, known: frozenset[str]) -> Iterable[dict[str, str]]:
    """Each row's cells of the columns the contract does not know (a new dict a row)."""
    extra = extra_columns(cols.header, known)
    if not extra:
        return map(dict, repeat((), len(cols)))
    columns = [cols.cells[name] for name in extra]
    return (dict(zip(extra, values, strict=True)) for values in zip(*columns, strict=True))


def service_columns(cols: Columns, problems: Problems) -> list[Service] | None:
    """The services of services.csv's columns, as `rows.parse_services` reads them, or None
    when some id is given twice (the row reader then reads the file, to say where first)."""
    n = len(cols)
    ids = cols.column("id")
    if len(set(ids)) != n:
        return None
    names, types, areas = cols.column("name"), cols.column("type"), cols.column("area")
    women: list[bool | None] = list(map(PLAIN_YES_NO.get, cols.column("women_only")))
    offers = _plain_lists(cols.column("offers"), _OFFERS)
    doubt: set[int] = set()
    lats, lons = _coordinates(cols, doubt)
    for column in (ids, names, areas):
        if "" in column:
            doubt.update(_where(column, ""))
    if not _TYPES.issuperset(types):
        doubt.update(_outside(types, _TYPES))
    for plain in (women, offers):
        if None in plain:
            doubt.update(_where(plain, None))
    if not _plain_ids(ids):
        doubt.update(i for i, sid in enumerate(ids) if not _ID_LINES.fullmatch(sid))
    keep: Iterable[bool] = repeat(True, n)
    if doubt:
        ids, names, types, areas = ids[:], names[:], types[:], areas[:]  # the columns stay
        keep = [True] * n
        first_line: dict[str, int] = {}  # ids are all different: never asked
        for i in sorted(doubt):
            c = Cells(cols.file, cols.row(i), problems, SERVICE_KNOWN)
            checked = checked_service(c, first_line)
            if checked is None:
                keep[i] = False
                continue
            ids[i], names[i], types[i], areas[i], women[i], offers[i], lats[i], lons[i] = checked
    area_of = {a: NATIONAL if a.lower() == NATIONAL else a for a in set(areas)}
    types = _shared(types, _CODE)
    col = cols.column
    rows = zip(
        ids,
        names,
        types,
        map(area_of.__getitem__, areas),
        col("provider"),
        women,
        offers,
        col("postcode"),
        lats,
        lons,
        col("url"),
        col("description"),
        _extras(cols, SERVICE_KNOWN),
        cols.lines,
        strict=True,
    )
    fields = [
        {
            "id": sid,
            "name": name,
            "type": stype,
            "area": area,
            "provider": provider,
            "women_only": women_only,
            "offers": tags,
            "postcode": postcode,
            "latitude": lat,
            "longitude": lon,
            "url": url,
            "description": description,
            "extra": extra,
            "line": line,
        }
        for (
            sid,
            name,
            stype,
            area,
            provider,
            women_only,
            tags,
            postcode,
            lat,
            lon,
            url,
            description,
            extra,
            line,
        ) in compress(rows, keep)
    ]
    return built(Service, fields)


@dataclass(frozen=True)
class CheckedLinks:
    """links.csv's rows once checked (every message recorded), still column by column: row i
    of the file is a link when `keep[i]` (None: every row is), with the corrected cells.

    What `journeymap check` says of the links (how many, which areas they join) needs no
    model per row: 134,000 dicts and models are 0.15 s of a national map's check. `models()`
    makes them, for `parse_map`.
    """

    cols: Columns
    sources: list[str]
    targets: list[str]
    kinds: list[str]
    two_way: list[bool | None]
    formal: list[bool | None]
    keep: list[bool] | None
    #: The services' ids (each end as its service's id object in the models: `_shared`).
    ids: set[str]

    def __len__(self) -> int:
        return len(self.cols) if self.keep is None else sum(self.keep)

    def kept(self, column: Iterable[T]) -> Iterable[T]:
        """The cells of `column` (one per row of the file) of the rows that are links."""
        return column if self.keep is None else compress(column, self.keep)

    def models(self) -> list[Link]:
        """The links as models, in file order. Cost: a dict and a model per link."""
        service_id = dict(zip(self.ids, self.ids, strict=True))
        rows = zip(
            _shared(self.sources, service_id),
            _shared(self.targets, service_id),
            _shared(self.kinds, _CODE),
            self.two_way,
            self.formal,
            self.cols.column("notes"),
            _extras(self.cols, LINK_KNOWN),
            self.cols.lines,
            strict=True,
        )
        fields = [
            {
                "source": source,
                "target": target,
                "kind": kind,
                "two_way": both,
                "formal": written,
                "notes": notes,
                "extra": extra,
                "line": line,
            }
            for source, target, kind, both, written, notes, extra, line in self.kept(rows)
        ]
        return built(Link, fields)


def link_columns(
    cols: Columns, ids: set[str] | None, problems: Problems, names: ServiceNames
) -> CheckedLinks | None:
    """The links of links.csv's columns, checked as `rows.parse_links` checks them after
    `names.resolve_names`: a doubtful row's end that is a service's name is read as its id
    (with the warning) before the row is checked. None when `ids` is None (services.csv could
    not be read): the row reader then reads the file."""
    if ids is None:
        return None
    n = len(cols)
    sources, targets, kinds = cols.column("from"), cols.column("to"), cols.column("kind")
    two_way: list[bool | None] = list(map(PLAIN_YES_NO.get, cols.column("two_way")))
    formal: list[bool | None] = list(map(PLAIN_YES_NO.get, cols.column("formal")))
    doubt: set[int] = set()
    for column in (sources, targets):
        if "" in column:
            doubt.update(_where(column, ""))
        if not ids.issuperset(column):
            doubt.update(_outside(column, ids))
    if any(map(operator.eq, sources, targets)):
        doubt.update(compress(range(n), map(operator.eq, sources, targets)))
    if not _KINDS.issuperset(kinds):
        doubt.update(_outside(kinds, _KINDS))
    for plain in (two_way, formal):
        if None in plain:
            doubt.update(_where(plain, None))
    keep: list[bool] | None = None
    if doubt:
        sources, targets, kinds = sources[:], targets[:], kinds[:]  # the columns stay
        keep = [True] * n
        id_list = sorted(ids)
        for i in sorted(doubt):
            row = cols.row(i)
            resolve_row(cols.file, row, ("from", "to"), ids, names, problems)
            checked = checked_link(Cells(cols.file, row, problems, LINK_KNOWN), ids, id_list, names)
            if checked is None:
                keep[i] = False
                continue
            sources[i], targets[i], kinds[i], two_way[i], formal[i] = checked
    found = CheckedLinks(cols, sources, targets, kinds, two_way, formal, keep, ids)
    if len(set(found.kept(zip(sources, targets, kinds, strict=True)))) != len(found):
        keys = list(found.kept(zip(sources, targets, kinds, strict=True)))
        _warn_repeated(keys, list(found.kept(cols.lines)), cols.file, problems)
    return found


def _warn_repeated(
    keys: list[tuple[str, str, str]], lines: list[int], file: str, problems: Problems
) -> None:
    """The row reader's warning for each link given again (the same ends and kind), in file
    order (asked only when some link is: a Python step per link)."""
    seen: dict[tuple[str, str, str], int] = {}
    for key, line in zip(keys, lines, strict=True):
        if key in seen:
            source, target, kind = key
            problems.warn(
                file, line, f"the same {kind} link {source} -> {target} is also on line {seen[key]}"
            )
        seen.setdefault(key, line)
