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
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import networkx as nx

from journeymap.labels import TYPE_LABELS
from journeymap.models import ServiceMap
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.import_rows import (
    LINK_COLUMNS,
    MAX_IMPORT_BYTES,
    SERVICE_COLUMNS,
    Places,
    Rows,
    edge_row,
    node_row,
)
from journeymap.read.kumu import kumu_book, kumu_csv, kumu_json, kumu_zip
from journeymap.read.load import parse_map
from journeymap.read.mapedit import row_lines
from journeymap.read.spreadsheet import table_csv
from journeymap.read.workbook import is_book
from journeymap.vocab import LINK_KINDS, SERVICE_TYPES, normalise_token, suggest

__all__ = ["IMPORT_FORMATS", "MAX_IMPORT_BYTES", "Imported", "import_map"]

IMPORT_FORMATS = ("graphml", "gexf", "json", "kumu")

_TYPE_BY_LABEL = {label.casefold(): code for code, label in TYPE_LABELS.items()}
_L_KEY = re.compile(r"^L([0-9]+)$")


@dataclass(frozen=True)
class Imported:
    """An imported map, checked by the contract's reader, and what was read how."""

    smap: ServiceMap
    fmt: str
    warnings: tuple[str, ...]


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
    numbers = rows.numbers()
    for number, row in zip(numbers[0], rows.services, strict=True):
        _fix_service(row, area, rows.nodes_at, number, problems)
    for number, row in zip(numbers[1], rows.links, strict=True):
        _fix_link(row, rows.links_at, number, problems)
    files = {
        "services.csv": _csv(SERVICE_COLUMNS, rows.services),
        "links.csv": _csv(LINK_COLUMNS, rows.links),
    }
    places = Places(rows, numbers, {name: row_lines(data, name) for name, data in files.items()})
    try:
        smap = parse_map(files)
    except MapError as exc:
        told = {(p.file, p.line) for p in problems.items if "no area is given" in p.message}
        for p in (_relabel(p, places) for p in exc.problems):
            if not ((p.file, p.line) in told and p.message.startswith("'area' is empty")):
                problems.items.append(p)
        problems.items.sort(key=lambda p: (p.file != rows.nodes_at, p.file, p.line, p.warning))
        raise MapError(problems.items) from None
    problems.items.extend(_relabel_text(w, places) for w in smap.warnings)
    if problems.has_errors:
        raise MapError(problems.items)
    return Imported(
        smap=smap.model_copy(update={"warnings": ()}),
        fmt=rows.fmt,
        warnings=tuple(str(p) for p in problems.items),
    )


# --------------------------------------------------------------------------- reading


def _read_source(source: Path, problems: Problems) -> Rows | None:
    name = source.name
    if source.is_dir():
        files = {p.name.lower(): p for p in source.iterdir() if p.is_file()}
        if "elements.csv" in files:
            kumu = {k: _bytes(files.get(k), problems) for k in ("elements.csv", "connections.csv")}
            return kumu_csv(kumu, str(source), problems)
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
        return kumu_zip(data, str(source), problems)
    if is_book(name):
        return kumu_book(data, str(source), problems)
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


def _graph(data: bytes, name: str, fmt: str, label: str, problems: Problems) -> Rows | None:
    try:
        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        G = reader(BytesIO(data))
    except Exception as exc:  # the XML readers raise many kinds on a damaged file
        problems.error(label, 1, f"this is not a {fmt.upper()} file networkx can read ({exc})")
        return None
    return _from_graph(G, fmt, label)


def _from_graph(G: nx.Graph, fmt: str, label: str) -> Rows:
    services = [node_row(str(n), attrs) for n, attrs in G.nodes(data=True)]
    if G.is_multigraph():
        edges = [(str(u), str(v), k, d) for u, v, k, d in G.edges(keys=True, data=True)]
    else:
        edges = [(str(u), str(v), None, d) for u, v, d in G.edges(data=True)]
    numbers = [_L_KEY.match(str(k)) for _, _, k, _ in edges]
    if edges and all(numbers):  # journeymap's own export: links in the map's order
        order = [int(m.group(1)) for m in numbers if m]
        edges = [e for _, e in sorted(zip(order, edges, strict=True), key=lambda p: p[0])]
    links = [edge_row(u, v, d) for u, v, _, d in edges]
    return Rows(fmt, f"{label}[nodes]", f"{label}[edges]", services, links)


def _json(data: bytes, label: str, problems: Problems) -> Rows | None:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.error(label, 1, f"this is not a JSON file ({exc})")
        return None
    if isinstance(doc, dict) and "elements" in doc:
        return kumu_json(doc, label)
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


def _relabel(p: Problem, places: Places) -> Problem:
    file, line = places.where(p.file, p.line)
    return Problem(file, line, p.message, p.warning)


def _relabel_text(warning: str, places: Places) -> Problem:
    file, _, rest = warning.partition(":")
    line, _, message = rest.partition(": warning: ")
    where, number = places.where(file, int(line) if line.isdigit() else 1)
    return Problem(where, number, message, warning=True)
