"""A map drawn in Gephi, Cytoscape or Kumu (or a journeymap export edited there) → a map.

`import_map` reads GraphML, GEXF, node-link JSON (journeymap's own `export --format json`, or
any networkx/D3 node-link file), and Kumu: its Elements/Connections workbook, the two CSVs
(a folder or a zip, as `export --format kumu` writes them) or its JSON blueprint. Attributes
are mapped back to the contract's columns (`label` → name, `Women only` → women_only, Kumu's
`Type` labels → service types, `direction` → two_way…); what journeymap derives on export
(`type_label`, `group`, `treatment`, `kind_label`) is dropped, and anything else is kept as
an extra column. A type that is not a service type is given the closest one, or `other`, with
a warning naming the element. The rows are then checked by the contract's own reader
(`load.parse_map`), so an import is held to every rule a CSV folder is, with each problem told
against the element or connection of the user's file. Nothing is written here.

Formats parse with networkx's readers and the standard library; XML is parsed by expat, which
refuses entity expansion bombs, and every file is size-limited before it is parsed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

import networkx as nx

from journeymap.labels import TYPE_LABELS
from journeymap.models import ServiceMap
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.csvtable import Table, read_table
from journeymap.read.load import parse_map
from journeymap.read.spreadsheet import table_csv
from journeymap.read.workbook import is_book, read_book, sheet_table
from journeymap.read.write import LINK_FIELDS, SERVICE_FIELDS
from journeymap.read.zips import ZipRefused, open_zip, read_members
from journeymap.vocab import LINK_KINDS, SERVICE_TYPES, normalise_token, suggest

__all__ = ["IMPORT_FORMATS", "MAX_IMPORT_BYTES", "Imported", "import_map"]

IMPORT_FORMATS = ("graphml", "gexf", "json", "kumu")
#: A national map as GraphML is about 60 MB; a larger file is not a service map.
MAX_IMPORT_BYTES = 256 * 1024 * 1024

#: What journeymap's exporters add that the map does not hold (it is derived again).
_DERIVED_NODE = {"type_label", "group", "treatment", "element_type_label"}
_DERIVED_EDGE = {"kind_label", "id", "key"}
_SERVICE_COLUMNS = tuple(SERVICE_FIELDS)  # the contract's columns, in its order
_LINK_COLUMNS = tuple(LINK_FIELDS)
#: Other tools' names for the contract's columns (after `normalise_token`).
_NODE_ALIASES = {
    "label": "name",
    "element_type": "type",
    "tags": "offers",
    "women_only": "women_only",
    "lat": "latitude",
    "lng": "longitude",
    "lon": "longitude",
    "website": "url",
}
_EDGE_ALIASES = {
    "connection_type": "kind",
    "type": "kind",
    "description": "notes",
    "source": "from",
    "target": "to",
}
_TYPE_BY_LABEL = {label.casefold(): code for code, label in TYPE_LABELS.items()}
_L_KEY = re.compile(r"^L([0-9]+)$")


@dataclass(frozen=True)
class Imported:
    """An imported map, checked by the contract's reader, and what was read how."""

    smap: ServiceMap
    fmt: str
    warnings: tuple[str, ...]


@dataclass
class _Rows:
    """Services and links as contract rows of text, with where each came from."""

    fmt: str
    nodes_at: str  # the label messages about services name, e.g. `map.graphml[nodes]`
    links_at: str
    services: list[dict[str, str]]
    links: list[dict[str, str]]
    first_line: int = 1  # the line or number of the first service / link in its file


def import_map(path: str | Path, *, area: str | None = None) -> Imported:
    """Read a GraphML, GEXF, node-link JSON or Kumu file (or Kumu folder) as a map.

    `area` is the area of every service that does not name one. Raises `MapError` with every
    problem, each named by the user's file and the element's number. Cost: linear in the file.
    """
    source = Path(path)
    problems = Problems()
    rows = _read_source(source, problems)
    if rows is None or problems.has_errors:
        raise MapError(problems.items or [Problem(str(source), 1, "nothing could be read")])
    for number, row in enumerate(rows.services, start=rows.first_line):
        _fix_service(row, area, rows.nodes_at, number, problems)
    for number, row in enumerate(rows.links, start=rows.first_line):
        _fix_link(row, rows.links_at, number, problems)
    files = {
        "services.csv": _csv(_SERVICE_COLUMNS, rows.services),
        "links.csv": _csv(_LINK_COLUMNS, rows.links),
    }
    try:
        smap = parse_map(files)
    except MapError as exc:
        told = {(p.file, p.line) for p in problems.items if "no area is given" in p.message}
        for p in map(_relabel, exc.problems, [rows] * len(exc.problems)):
            if not ((p.file, p.line) in told and p.message.startswith("'area' is empty")):
                problems.items.append(p)
        problems.items.sort(key=lambda p: (p.file != rows.nodes_at, p.file, p.line, p.warning))
        raise MapError(problems.items) from None
    problems.items.extend(_relabel_text(w, rows) for w in smap.warnings)
    if problems.has_errors:
        raise MapError(problems.items)
    return Imported(
        smap=smap.model_copy(update={"warnings": ()}),
        fmt=rows.fmt,
        warnings=tuple(str(p) for p in problems.items),
    )


# --------------------------------------------------------------------------- reading


def _read_source(source: Path, problems: Problems) -> _Rows | None:
    name = source.name
    if source.is_dir():
        files = {p.name.lower(): p for p in source.iterdir() if p.is_file()}
        if "elements.csv" in files:
            kumu = {k: _bytes(files.get(k), problems) for k in ("elements.csv", "connections.csv")}
            return _kumu_csv(kumu, str(source), problems)
        problems.error(
            str(source), 1, "this folder has no elements.csv (Kumu's export); give a file"
        )
        return None
    data = _bytes(source, problems)
    if data is None:
        return None
    suffix = source.suffix.lower()
    if suffix == ".graphml":
        return _graph(data, name, "graphml", str(source), problems)
    if suffix == ".gexf":
        return _graph(data, name, "gexf", str(source), problems)
    if suffix == ".json":
        return _json(data, str(source), problems)
    if suffix == ".zip":
        return _kumu_zip(data, str(source), problems)
    if is_book(name):
        return _kumu_book(data, str(source), problems)
    problems.error(
        str(source),
        1,
        "journeymap imports .graphml, .gexf, .json, a Kumu .xlsx or .zip, or a folder of "
        "Kumu's elements.csv and connections.csv",
    )
    return None


def _bytes(path: Path | None, problems: Problems) -> bytes | None:
    if path is None:
        return b""
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            problems.error(str(path), 1, f"the file is larger than {MAX_IMPORT_BYTES:,} bytes")
            return None
        return path.read_bytes()
    except OSError as exc:
        problems.error(str(path), 1, f"cannot read the file: {exc.strerror or exc}")
        return None


def _graph(data: bytes, name: str, fmt: str, label: str, problems: Problems) -> _Rows | None:
    try:
        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        G = reader(BytesIO(data))
    except Exception as exc:  # the XML readers raise many kinds on a damaged file
        problems.error(label, 1, f"this is not a {fmt.upper()} file networkx can read ({exc})")
        return None
    return _from_graph(G, fmt, label)


def _from_graph(G: nx.Graph, fmt: str, label: str) -> _Rows:
    services = [_node_row(str(n), attrs) for n, attrs in G.nodes(data=True)]
    if G.is_multigraph():
        edges = [(str(u), str(v), k, d) for u, v, k, d in G.edges(keys=True, data=True)]
    else:
        edges = [(str(u), str(v), None, d) for u, v, d in G.edges(data=True)]
    numbers = [_L_KEY.match(str(k)) for _, _, k, _ in edges]
    if edges and all(numbers):  # journeymap's own export: links in the map's order
        order = [int(m.group(1)) for m in numbers if m]
        edges = [e for _, e in sorted(zip(order, edges, strict=True), key=lambda p: p[0])]
    links = [_edge_row(u, v, d) for u, v, _, d in edges]
    return _Rows(fmt, f"{label}[nodes]", f"{label}[edges]", services, links)


def _json(data: bytes, label: str, problems: Problems) -> _Rows | None:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.error(label, 1, f"this is not a JSON file ({exc})")
        return None
    if isinstance(doc, dict) and "elements" in doc:
        return _kumu_json(doc, label)
    if isinstance(doc, dict) and "nodes" in doc:
        edges = "edges" if "edges" in doc else "links"
        try:
            G = nx.node_link_graph(doc, edges=edges)
        except Exception as exc:
            problems.error(label, 1, f"the node-link JSON cannot be read ({exc})")
            return None
        return _from_graph(G, "json", label)
    problems.error(
        label,
        1,
        "this JSON is neither node-link data (nodes and edges) nor a Kumu blueprint "
        "(elements and connections)",
    )
    return None


def _attributes(item: dict[str, Any]) -> dict[str, Any]:
    """An element's or connection's `attributes`, when they are the object Kumu writes (a
    hand-edited file may hold anything there: it is then left out, never a traceback)."""
    found = item.get("attributes")
    return found if isinstance(found, dict) else {}


def _kumu_json(doc: dict[str, Any], label: str) -> _Rows:
    """Kumu's blueprint: elements and connections, their fields flat or under `attributes`."""
    ids: dict[str, str] = {}
    services = []
    for element in doc.get("elements") or []:
        if not isinstance(element, dict):
            continue
        attrs = {**{k: v for k, v in element.items() if k != "attributes"}}
        attrs.update(_attributes(element))
        own = str(attrs.pop("_id", "") or "")
        row = _node_row(str(attrs.pop("id", "") or ""), attrs)
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
        links.append(_edge_row(ids.get(source, source), ids.get(target, target), attrs))
    return _Rows("kumu", f"{label}[elements]", f"{label}[connections]", services, links)


def _kumu_zip(data: bytes, label: str, problems: Problems) -> _Rows | None:
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
    return _kumu_csv(files, label, problems)


def _kumu_csv(files: Mapping[str, bytes | None], where: str, problems: Problems) -> _Rows | None:
    at = where.rstrip("/")
    elements = read_table(files["elements.csv"] or b"", f"{at}/elements.csv", problems, required=())
    conn_bytes = files.get("connections.csv") or b"From,To\n"
    connections = read_table(conn_bytes, f"{at}/connections.csv", problems, required=())
    return _kumu_tables(elements, connections, f"{at}/elements.csv", f"{at}/connections.csv")


def _kumu_book(data: bytes, label: str, problems: Problems) -> _Rows | None:
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
    return _kumu_tables(
        elements,
        connections,
        by["elements"].file,
        by["connections"].file if "connections" in by else f"{label}[Connections]",
    )


def _kumu_tables(
    elements: Table | None, connections: Table | None, nodes_at: str, links_at: str
) -> _Rows | None:
    if elements is None:
        return None
    services = [_node_row(row.cells.pop("id", ""), row.cells) for row in elements.rows]
    links = []
    for row in connections.rows if connections else []:
        cells = dict(row.cells)
        source, target = cells.pop("from", ""), cells.pop("to", "")
        cells.pop("id", None)
        links.append(_edge_row(source, target, cells))
    return _Rows("kumu", nodes_at, links_at, services, links, first_line=2)


# --------------------------------------------------------------------------- mapping


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple):
        return ";".join(_text(v) for v in value)
    return str(value).strip()


def _node_row(node_id: str, attrs: Mapping[str, Any]) -> dict[str, str]:
    row: dict[str, str] = {"id": node_id.strip()}
    for key, value in attrs.items():
        col = _NODE_ALIASES.get(normalise_token(str(key)), normalise_token(str(key)))
        if col in _DERIVED_NODE:
            continue
        if col == "name" and row.get("name"):
            continue  # GraphML carries both `label` and `name`: the name is the service's
        if col.startswith("extra_") and col[6:] in _SERVICE_COLUMNS:
            col = col[6:]  # an extra column the export renamed to keep it apart
        text = _text(value)
        if col == "offers":
            text = ";".join(t.strip() for t in re.split(r"[|;]", text) if t.strip())
        row[col] = text
    if not row["id"]:
        row["id"] = _slug(row.get("name", ""))
    if not row.get("name"):
        row["name"] = row["id"]  # a node drawn without a label is known by its id
    return row


def _edge_row(source: str, target: str, attrs: Mapping[str, Any]) -> dict[str, str]:
    row = {"from": str(source).strip(), "to": str(target).strip()}
    for key, value in attrs.items():
        col = _EDGE_ALIASES.get(normalise_token(str(key)), normalise_token(str(key)))
        if col in _DERIVED_EDGE or (col == "tags" and _text(value) in ("formal", "informal")):
            continue
        if col.startswith("extra_") and col[6:] in _LINK_COLUMNS:
            col = col[6:]
        row[col] = _text(value)
    return row


def _slug(name: str) -> str:
    """An id for an element that has none: its label in lower case, `-` between words."""
    return "-".join(re.findall(r"[a-z0-9]+", name.casefold()))[:60]


def _fix_service(
    row: dict[str, str], area: str | None, at: str, number: int, problems: Problems
) -> None:
    """Types from labels or the closest type; an area from `--area`; each with a warning."""
    given = row.get("type", "")
    code = normalise_token(given)
    if code not in SERVICE_TYPES:
        code = _TYPE_BY_LABEL.get(given.casefold(), "") or suggest(given, SERVICE_TYPES) or ""
        if code and given.casefold() not in _TYPE_BY_LABEL:
            problems.warn(
                at, number, f"type '{given}' is not a service type; read as '{code}' (the closest)"
            )
        elif not code:
            code = "other"
            what = f"type '{given}' is not a service type" if given else "no type is given"
            problems.warn(at, number, f"{what}; read as 'other': set the type in services.csv")
    row["type"] = code
    if not row.get("area"):
        if area:
            row["area"] = area
        else:
            problems.error(at, number, "no area is given; add an Area, or import with --area")


def _fix_link(row: dict[str, str], at: str, number: int, problems: Problems) -> None:
    """Kinds from Kumu's labels; Kumu's `direction` as two_way."""
    kind = row.get("kind", "")
    code = normalise_token(kind).replace("co_located", "co_location")
    if code not in LINK_KINDS:
        code = suggest(kind, LINK_KINDS) or "referral"
        problems.warn(
            at,
            number,
            f"connection type '{kind}' is read as '{code}'"
            if kind
            else "no connection type is given; read as 'referral'",
        )
    row["kind"] = code
    direction = normalise_token(row.pop("direction", ""))
    if direction and "two_way" not in row:
        row["two_way"] = "yes" if direction in ("mutual", "undirected") else "no"
    if code != "referral":
        row["two_way"] = ""  # co-location and joint working are both ways whatever it says


def _csv(columns: Iterable[str], rows: list[dict[str, str]]) -> bytes:
    header = list(columns)
    for row in rows:
        header.extend(k for k in row if k not in header)
    return table_csv(header, ([row.get(c, "") for c in header] for row in rows))


def _where(file: str, line: int, rows: _Rows) -> tuple[str, int]:
    """A services.csv / links.csv place as the element or connection of the user's file."""
    offset = rows.first_line - 2
    if file == "services.csv":
        return rows.nodes_at, line + offset
    if file == "links.csv":
        return rows.links_at, line + offset
    return file, line


def _relabel(p: Problem, rows: _Rows) -> Problem:
    file, line = _where(p.file, p.line, rows)
    return Problem(file, line, p.message, p.warning)


def _relabel_text(warning: str, rows: _Rows) -> Problem:
    file, _, rest = warning.partition(":")
    line, _, message = rest.partition(": warning: ")
    where, number = _where(file, int(line) if line.isdigit() else 1, rows)
    return Problem(where, number, message, warning=True)
