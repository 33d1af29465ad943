"""Service names where ids belong: a links sheet or a journey that says `Green Surgery`.

Commissioners name services rather than code them. After the tables are read, and before the
links and journeys are checked, `resolve_names` reads a cell that is not a service id but is
the exact name of one service (case and spacing aside) as that service's id, with a warning
naming the id, so the map loads; a name two services share is left for the id check, whose
message (`end_hint`) then names both, and so does a near name (a typo of a name).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from journeymap.closest import close_matches
from journeymap.labels import did_you_mean
from journeymap.problems import Problems
from journeymap.read.columns import Columns
from journeymap.read.csvtable import Row, Table

__all__ = ["ServiceNames", "end_hint", "resolve_names", "resolve_row"]


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class ServiceNames:
    """The services' names, each to the ids that carry it, from the rows of services.csv
    (read row by row, a `Table`, or column by column, `Columns`)."""

    def __init__(self, services: Table | Columns | None):
        self._services = services

    def _pairs(self) -> Iterable[tuple[str, str]]:
        """(id, name) of each row of services.csv, in file order."""
        services = self._services
        if services is None:
            return ()
        if isinstance(services, Columns):
            return zip(services.column("id"), services.column("name"), strict=True)
        return ((row.cells.get("id", ""), row.cells.get("name", "")) for row in services.rows)

    @cached_property
    def ids(self) -> dict[str, list[str]]:
        """Each name (case and spacing aside) to the ids that carry it. Made on first use: a
        map whose link ends are all ids (a national map's 135,000 links) never needs it."""
        ids: dict[str, list[str]] = {}
        for sid, name in self._pairs():
            if sid and name:
                ids.setdefault(_key(name), []).append(sid)
        return ids

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Every name (case and spacing aside), in file order: one list for every hint."""
        return tuple(self.ids)

    @cached_property
    def name_of(self) -> dict[str, str]:
        """Each id to its service's name (the first, if an id is given twice)."""
        name_of: dict[str, str] = {}
        for sid, name in self._pairs():
            if sid and name:
                name_of.setdefault(sid, name)
        return name_of

    def unique(self, text: str) -> str | None:
        """The id of the one service named `text`, else None."""
        found = self.ids.get(_key(text), [])
        return found[0] if len(found) == 1 else None


def resolve_names(
    table: Table | None,
    columns: Iterable[str],
    ids: set[str] | None,
    names: ServiceNames,
    problems: Problems,
) -> None:
    """Read each cell of `columns` that is the unique name of a service as its id, in place,
    with a warning naming the id. Cells that are ids, blank, or not a unique name are left as
    they are for the id check. Cost: linear in the rows."""
    if table is None or ids is None:
        return
    columns = tuple(columns)
    for row in table.rows:
        resolve_row(table.file, row, columns, ids, names, problems)


def resolve_row(
    file: str,
    row: Row,
    columns: tuple[str, ...],
    ids: set[str],
    names: ServiceNames,
    problems: Problems,
) -> None:
    """`resolve_names` for one row of `file` (the column-by-column reader asks it of each
    row it doubts: a row whose ends are ids needs nothing)."""
    cells = row.cells
    for col in columns:
        text = cells.get(col, "")
        if not text or text in ids or not names.ids:
            continue
        sid = names.unique(text)
        if sid is not None:
            cells[col] = sid
            problems.warn(
                file,
                row.line,
                f"{col} '{text}' is read as service {sid}, the one named so; "
                f"write the id {sid} to be sure",
            )


def end_hint(text: str, id_list: list[str], names: ServiceNames | None, otherwise: str) -> str:
    """The hint after "'X' is not a service id": both (all) services when X is a name several
    carry, the closest ids and names when it is near one, else `did_you_mean` on the ids."""
    if names is None or not names.ids:
        return did_you_mean(text, id_list, otherwise=otherwise)
    shared = names.ids.get(_key(text), [])
    if len(shared) > 1:
        listed = " or ".join(f"'{sid}'" for sid in shared)
        return f" ({len(shared)} services are named '{text}': write the id, {listed})"
    near_names = close_matches(_key(text), names.keys, n=2, cutoff=0.75)
    near: dict[str, None] = {}
    for key in near_names:
        near.update(dict.fromkeys(names.ids[key]))
    if near:
        listed = " or ".join(f"'{sid}' ({names.name_of.get(sid, '')})" for sid in list(near)[:3])
        return f" (did you mean {listed}?)"
    return did_you_mean(text, id_list, otherwise=otherwise)
