"""Kumu's exports as rows: its Elements/Connections workbook, the two CSVs (a folder or a
zip, as `journeymap export --format kumu` writes them) and its JSON blueprint."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from journeymap.problems import Problems
from journeymap.read.csvtable import Table, read_table
from journeymap.read.import_rows import MAX_IMPORT_BYTES, Rows, edge_row, node_row
from journeymap.read.workbook import read_book, sheet_table
from journeymap.read.zips import ZipRefused, open_zip, read_members
from journeymap.vocab import normalise_token

__all__ = ["kumu_book", "kumu_csv", "kumu_json", "kumu_zip"]


def _attributes(item: dict[str, Any]) -> dict[str, Any]:
    """An element's or connection's `attributes`, when they are the object Kumu writes (a
    hand-edited file may hold anything there: it is then left out, never a traceback)."""
    found = item.get("attributes")
    return found if isinstance(found, dict) else {}


def kumu_json(doc: dict[str, Any], label: str) -> Rows:
    """Kumu's blueprint: elements and connections, their fields flat or under `attributes`."""
    ids: dict[str, str] = {}
    services = []
    for element in doc.get("elements") or []:
        if not isinstance(element, dict):
            continue
        attrs = {**{k: v for k, v in element.items() if k != "attributes"}}
        attrs.update(_attributes(element))
        own = str(attrs.pop("_id", "") or "")
        row = node_row(str(attrs.pop("id", "") or ""), attrs)
        services.append(row)
        if own:
            ids[own] = row["id"] or row.get("name", "")
    links = []
    for conn in doc.get("connections") or []:
        if not isinstance(conn, dict):
            continue
        attrs = {k: v for k, v in conn.items() if k not in ("attributes", "_id")}
        attrs.update(_attributes(conn))
        source, target = str(attrs.pop("from", "")), str(attrs.pop("to", ""))
        links.append(edge_row(ids.get(source, source), ids.get(target, target), attrs))
    return Rows("kumu", f"{label}[elements]", f"{label}[connections]", services, links)


def kumu_zip(data: bytes, label: str, problems: Problems) -> Rows | None:
    try:
        with open_zip(data, max_members=50) as archive:
            wanted = [
                i
                for i in archive.infolist()
                if PurePosixPath(i.filename).name.lower() in ("elements.csv", "connections.csv")
            ]
            files = {
                PurePosixPath(i.filename).name.lower(): content
                for i, content in read_members(archive, wanted, max_total=MAX_IMPORT_BYTES)
            }
    except ZipRefused as exc:
        problems.error(label, 1, f"the zip is refused: {exc}")
        return None
    if "elements.csv" not in files:
        problems.error(label, 1, "the zip has no elements.csv (Kumu's export)")
        return None
    return kumu_csv(files, label, problems)


def kumu_csv(files: Mapping[str, bytes | None], where: str, problems: Problems) -> Rows | None:
    at = where.rstrip("/")
    elements = read_table(files["elements.csv"] or b"", f"{at}/elements.csv", problems, required=())
    conn_bytes = files.get("connections.csv") or b"From,To\n"
    connections = read_table(conn_bytes, f"{at}/connections.csv", problems, required=())
    return kumu_tables(elements, connections, f"{at}/elements.csv", f"{at}/connections.csv")


def kumu_book(data: bytes, label: str, problems: Problems) -> Rows | None:
    sheets = read_book(data, label, problems)
    if sheets is None:
        return None
    by = {normalise_token(title): sheet for title, sheet in sheets}
    if "elements" not in by:
        problems.error(label, 1, "the workbook has no Elements sheet (Kumu's export)")
        return None
    elements = sheet_table(by["elements"], problems, required=())
    connections = (
        sheet_table(by.get("connections"), problems, required=()) if ("connections" in by) else None
    )
    return kumu_tables(
        elements,
        connections,
        by["elements"].file,
        by["connections"].file if "connections" in by else f"{label}[Connections]",
    )


def kumu_tables(
    elements: Table | None, connections: Table | None, nodes_at: str, links_at: str
) -> Rows | None:
    if elements is None:
        return None
    services = [node_row(row.cells.pop("id", ""), row.cells) for row in elements.rows]
    links = []
    for row in connections.rows if connections else []:
        cells = dict(row.cells)
        source, target = cells.pop("from", ""), cells.pop("to", "")
        cells.pop("id", None)
        links.append(edge_row(source, target, cells))
    lines = (
        [r.line for r in elements.rows],
        [r.line for r in connections.rows] if connections else [],
    )
    return Rows("kumu", nodes_at, links_at, services, links, first_line=2, lines=lines)
