"""One area's rows of the Edit map page's tables, and her edits folded back into the whole.

Why: on a national map (45,000 services, 134,000 links) a table of every row took the page
seconds per rerun, and nobody edits the country at once. So on a large map she picks an area
and the tables hold its rows only; her edits to them are put back in place in the whole
sheets, which are checked and saved whole as before (`mapedit`), so nothing else changes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import compress, count
from operator import itemgetter, not_

from journeymap.read.mapedit import Sheet
from journeymap.vocab import NATIONAL

__all__ = ["LinkEnds", "View", "area_names", "area_view", "fold", "has_national", "link_ends"]


def area_names(services: Sheet) -> list[str]:
    """The local areas of a services sheet, in first-seen order ('national' left out).
    Cost: one pass over the area column."""
    at = services.columns.index("area")
    found = dict.fromkeys(row[at] for row in services.rows)
    return [a for a in found if a and a.lower() != NATIONAL]


def has_national(services: Sheet) -> bool:
    """Whether any service is open to every area."""
    at = services.columns.index("area")
    return any(row[at].lower() == NATIONAL for row in services.rows)


@dataclass(frozen=True)
class View:
    """The rows of the whole sheets that she edits for one area: positions in `Sheet.rows`."""

    area: str
    services: tuple[int, ...]
    links: tuple[int, ...]


@dataclass(frozen=True)
class LinkEnds:
    """The links' ends as two columns, to find an area's links at C speed (`area_view`)."""

    sources: list[str]
    targets: list[str]
    #: The links neither of whose ends is a service (by id, or by name).
    loose: frozenset[int]


def link_ends(services: Sheet, links: Sheet) -> LinkEnds:
    """`LinkEnds` of the sheets. Cost: a few passes of C-level maps over each sheet."""
    i, n = services.columns.index("id"), services.columns.index("name")
    known = {row[c] for row in services.rows for c in (i, n)} - {""}
    sources = list(map(itemgetter(links.columns.index("from")), links.rows))
    targets = list(map(itemgetter(links.columns.index("to")), links.rows))

    def unknown(ends: list[str]) -> set[int]:
        return set(compress(count(), map(not_, map(known.__contains__, ends))))

    return LinkEnds(sources, targets, frozenset(unknown(sources) & unknown(targets)))


def area_view(services: Sheet, links: Sheet, area: str, ends: LinkEnds | None = None) -> View:
    """The rows of `area` ('national': the services open to every area): its services, the
    links with an end among them (by id, or by name as the loader reads a name), and the rows
    that belong to no area (a service with a blank area, a link neither of whose ends is a
    service), so that each of those can be put right from any area. `ends`: the sheets'
    `link_ends`, kept by a caller that views several areas. Cost: one pass over the services,
    and over the links unless `ends` is given, then the area's links."""
    a, i, n = (services.columns.index(c) for c in ("area", "id", "name"))
    national = area.lower() == NATIONAL
    mine = tuple(
        p
        for p, row in enumerate(services.rows)
        if not row[a] or (row[a].lower() == NATIONAL if national else row[a] == area)
    )
    ends = ends or link_ends(services, links)
    texts = {services.rows[p][c] for p in mine for c in (i, n)} - {""}
    touching = set(ends.loose)
    for column in (ends.sources, ends.targets):
        touching.update(compress(count(), map(texts.__contains__, column)))
    return View(area, mine, tuple(sorted(touching)))


def fold(
    whole: Sheet, positions: Sequence[int], edited: Sheet, deleted: Collection[int]
) -> tuple[Sheet, tuple[int, ...]]:
    """`whole` with the rows at `positions` as she edited them, and where her rows are now.

    `edited` is what the table gave back: the shown rows she did not delete (`deleted`: their
    places in the table), in order, then the rows she added, which go at the end of the whole
    sheet. The other rows keep their places and cells. Returns the new sheet and the position
    in it of each of her rows, in the table's order. Cost: O(rows) once a row is deleted,
    else O(shown rows) beyond copying the list of rows.
    """
    gone = {positions[j] for j in deleted if 0 <= j < len(positions)}
    kept = [p for p in positions if p not in gone]
    rows = list(whole.rows)
    for p, row in zip(kept, edited.rows, strict=False):
        rows[p] = row
    added = edited.rows[len(kept) :]
    if gone:
        new_place: dict[int, int] = {}
        left: list[tuple[str, ...]] = []
        for p, row in enumerate(rows):
            if p not in gone:
                new_place[p] = len(left)
                left.append(row)
        rows, kept = left, [new_place[p] for p in kept]
    where = (*kept[: len(edited.rows)], *range(len(rows), len(rows) + len(added)))
    rows.extend(added)
    return Sheet(whole.columns, tuple(rows)), where
