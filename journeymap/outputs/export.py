"""The map handed to the tools analysts already use: Gephi, Cytoscape, Kumu, Excel.

- `graphml`, `gexf`: one node per service, one edge per link (not one per direction, as in the
  route graph), every attribute of one type across the file: lists joined with `|`, booleans
  as booleans, missing coordinates left out rather than written empty (the writers reject
  `None`, and Gephi reads an empty number as an error).
- `json`: networkx node-link data, `edges` key named explicitly (networkx changed its default
  in 3.6); lists stay lists and missing values are `null`, since JSON can say so.
- `kumu`: `elements.csv` and `connections.csv` as Kumu imports them (ID first, so re-imports
  update rather than duplicate), in a folder or a zip.
- `xlsx`: a workbook for people (services, links, gap report), needing the optional
  `openpyxl` (`pip install 'journeymap[xlsx]'`).

Files meant for other programs keep every cell exactly as it is, with no spreadsheet `'`
guard (it would become part of the data there). The workbook is for people, so any cell that a
spreadsheet could run as a formula is stored as plain text.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from journeymap.labels import type_label
from journeymap.models import REPORT_COLUMNS, Finding, Link, Service, ServiceMap
from journeymap.read.atomic import write_atomic, write_files
from journeymap.read.spreadsheet import FORMULA_STARTS
from journeymap.read.write import LINK_FIELDS, SERVICE_FIELDS
from journeymap.vocab import GROUP_OF, TREATMENT_TYPES

__all__ = [
    "FORMATS",
    "KIND_LABELS",
    "SUFFIXES",
    "MissingExtra",
    "export_bytes",
    "interchange_graph",
    "kumu_files",
    "write_export",
    "xlsx_available",
    "xlsx_bytes",
]

FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "kumu", "xlsx")
#: The file name ending each format is saved with (kumu as one file is a zip of two CSVs).
SUFFIXES: dict[str, str] = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
    "kumu": ".zip",
    "xlsx": ".xlsx",
}
KIND_LABELS: dict[str, str] = {
    "referral": "Referral",
    "co_location": "Co-location",
    "joint_working": "Joint working",
}
#: Kumu's element sheet: ID first, so a second import updates rather than duplicates.
KUMU_ELEMENT_COLUMNS = (
    "ID",
    "Label",
    "Type",
    "Description",
    "Tags",
    "Area",
    "Group",
    "Provider",
    "Women only",
    "Postcode",
    "Latitude",
    "Longitude",
    "URL",
)
#: Kumu's connection sheet; Kumu's docs spell the `direction` field in lower case, and so must
#: be its values (`directed`, `undirected`, `mutual`).
KUMU_CONNECTION_COLUMNS = ("ID", "From", "To", "Type", "direction", "Formal", "Tags", "Description")

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class MissingExtra(RuntimeError):
    """An optional dependency is not installed; the message says how to install it."""

    XLSX = (
        "the xlsx format needs the openpyxl package: pip install 'journeymap[xlsx]' "
        "(or use --format kumu or the gap report CSV, which Excel opens too)"
    )


# --------------------------------------------------------------------------- graph formats


def _node_attrs(s: Service, flat: bool) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "label": s.name,
        "name": s.name,
        "type": s.type,
        "type_label": type_label(s.type),
        "group": GROUP_OF.get(s.type, "other"),
        "area": s.area,
        "provider": s.provider,
        "women_only": s.women_only,
        "treatment": s.type in TREATMENT_TYPES,
        "offers": "|".join(s.offers) if flat else list(s.offers),
        "postcode": s.postcode,
        "url": s.url,
        "description": s.description,
    }
    for name in ("latitude", "longitude"):
        value = getattr(s, name)
        if value is not None or not flat:
            attrs[name] = value
    for key, value in s.extra.items():
        attrs[key if key not in attrs else f"extra_{key}"] = value
    return attrs


def _edge_attrs(link: Link) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "kind": link.kind,
        "kind_label": KIND_LABELS[link.kind],
        "formal": link.formal,
        "two_way": link.both_ways,
        "notes": link.notes,
    }
    for key, value in link.extra.items():
        attrs[key if key not in attrs else f"extra_{key}"] = value
    return attrs


def interchange_graph(smap: ServiceMap, *, flat: bool = True) -> nx.MultiDiGraph:
    """The map as a graph for other tools: a node per service, an edge per link (key `L1`…).

    `flat=True` makes every value a str, bool or float (GraphML, GEXF, Kumu); `flat=False`
    keeps lists and `None` (node-link JSON). `two_way` on an edge says women can move both
    ways along it (always for co-location and joint working). Cost: O(V + E).
    """
    G = nx.MultiDiGraph()
    G.add_nodes_from((s.id, _clean(_node_attrs(s, flat), flat)) for s in smap.services)
    for i, link in enumerate(smap.links):
        G.add_edge(link.source, link.target, key=f"L{i + 1}", **_clean(_edge_attrs(link), flat))
    return G


def _clean(attrs: dict[str, Any], flat: bool) -> dict[str, Any]:
    """Drop control characters XML 1.0 cannot hold at all (flat graphs go to XML writers)."""
    if not flat:
        return attrs
    return {k: _ILLEGAL_XML.sub("", v) if isinstance(v, str) else v for k, v in attrs.items()}


def _graph_bytes(smap: ServiceMap, fmt: str) -> bytes:
    if fmt == "json":
        data = nx.node_link_data(interchange_graph(smap, flat=False), edges="edges")
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    G = interchange_graph(smap)
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, out, encoding="utf-8")
    else:
        nx.write_gexf(G, out, encoding="utf-8")
    return out.getvalue()


# --------------------------------------------------------------------------- Kumu


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")  # Kumu wants UTF-8; a BOM would hide 'ID' in A1


def _extra_keys(records: Iterable[Service | Link]) -> list[str]:
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record.extra))
    return list(keys)


def kumu_direction(link: Link) -> str:
    """'directed' for a one-way referral, 'mutual' for a two-way one, else 'undirected'."""
    if link.kind != "referral":
        return "undirected"
    return "mutual" if link.two_way else "directed"


def kumu_files(smap: ServiceMap) -> dict[str, bytes]:
    """`elements.csv` and `connections.csv` for Kumu's importer; Tags are `|`-lists.

    Elements carry an ID column (the service id), so connections name their ends by id and a
    second import updates the same elements. Extra columns of the map come after Kumu's own.
    """
    s_extra = [k for k in _extra_keys(smap.services) if k not in KUMU_ELEMENT_COLUMNS]
    elements = _csv(
        [*KUMU_ELEMENT_COLUMNS, *s_extra],
        (
            [
                s.id,
                s.name,
                type_label(s.type),
                s.description,
                "|".join(s.offers),
                s.area,
                GROUP_OF.get(s.type, "other"),
                s.provider,
                "yes" if s.women_only else "no",
                s.postcode,
                "" if s.latitude is None else repr(s.latitude),
                "" if s.longitude is None else repr(s.longitude),
                s.url,
                *(s.extra.get(k, "") for k in s_extra),
            ]
            for s in smap.services
        ),
    )
    l_extra = [k for k in _extra_keys(smap.links) if k not in KUMU_CONNECTION_COLUMNS]
    connections = _csv(
        [*KUMU_CONNECTION_COLUMNS, *l_extra],
        (
            [
                f"L{i + 1}",
                link.source,
                link.target,
                KIND_LABELS[link.kind],
                kumu_direction(link),
                "yes" if link.formal else "no",
                "formal" if link.formal else "informal",
                link.notes,
                *(link.extra.get(k, "") for k in l_extra),
            ]
            for i, link in enumerate(smap.links)
        ),
    )
    return {"elements.csv": elements, "connections.csv": connections}


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


# --------------------------------------------------------------------------- Excel


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise MissingExtra(MissingExtra.XLSX) from exc
    return openpyxl


def xlsx_available() -> bool:
    """Whether the optional openpyxl is installed (so the xlsx format can be offered), found
    without importing it: the import takes 0.1 s, and the Edit page asks on its first visit."""
    if "openpyxl" in sys.modules:
        return sys.modules["openpyxl"] is not None
    return importlib.util.find_spec("openpyxl") is not None


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.append(list(header))
    widths = [len(h) for h in header]
    for values in rows:
        ws.append([_ILLEGAL_XML.sub("", v) if isinstance(v, str) else v for v in values])
        for i, v in enumerate(values):
            widths[i] = max(widths[i], min(len(str(v)), 60))
    for row in ws.iter_rows():  # the header row too: extra column names come from the data
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, never a formula (openpyxl makes '=…' a formula)
                cell.quotePrefix = True  # and Excel keeps it text if someone edits the cell
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2


def xlsx_bytes(smap: ServiceMap, findings: Sequence[Finding]) -> bytes:
    """A workbook with sheets Services, Links and Gap report, safe to open in Excel.

    Raises `MissingExtra` when openpyxl is not installed. Cost: linear in the map and findings.
    """
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    s_extra = _extra_keys(smap.services)

    def service_row(s: Service) -> list[object]:
        values = {
            **{f: getattr(s, f) for f in SERVICE_FIELDS},
            "women_only": "yes" if s.women_only else "no",
            "offers": ";".join(s.offers),
        }
        return [values[f] for f in SERVICE_FIELDS] + [s.extra.get(k, "") for k in s_extra]

    _sheet(wb, "Services", [*SERVICE_FIELDS, *s_extra], map(service_row, smap.services))
    names = {s.id: s.name for s in smap.services}
    l_extra = _extra_keys(smap.links)
    _sheet(
        wb,
        "Links",
        [*LINK_FIELDS[:2], "from_name", "to_name", *LINK_FIELDS[2:], *l_extra],
        (
            [
                link.source,
                link.target,
                names.get(link.source, ""),
                names.get(link.target, ""),
                link.kind,
                "yes" if link.two_way else "no",
                "yes" if link.formal else "no",
                link.notes,
                *(link.extra.get(k, "") for k in l_extra),
            ]
            for link in smap.links
        ),
    )
    ordered = sorted(findings, key=Finding.sort_key)
    _sheet(
        wb, "Gap report", REPORT_COLUMNS, ([getattr(f, c) for c in REPORT_COLUMNS] for f in ordered)
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- entry points


def export_bytes(smap: ServiceMap, fmt: str, findings: Sequence[Finding] | None = None) -> bytes:
    """The export as one file's bytes (Kumu as a zip of its two CSVs).

    `findings` are needed for xlsx only (the gap report sheet). Raises ValueError for an
    unknown format and `MissingExtra` when xlsx is asked for without openpyxl.
    """
    if fmt in ("graphml", "gexf", "json"):
        return _graph_bytes(smap, fmt)
    if fmt == "kumu":
        return _zip(kumu_files(smap))
    if fmt == "xlsx":
        return xlsx_bytes(smap, findings or [])
    raise ValueError(f"unknown format '{fmt}' (one of: {', '.join(FORMATS)})")


def write_export(
    smap: ServiceMap, fmt: str, out: str | Path, findings: Sequence[Finding] | None = None
) -> list[Path]:
    """Write the export to `out`; returns the paths written.

    For `kumu`, `out` ending in `.zip` gets a zip; any other `out` is a folder (made if need
    be) that receives `elements.csv` and `connections.csv`. Each file is written whole or not
    at all.
    """
    target = Path(out)
    if fmt == "kumu" and target.suffix.lower() != ".zip":
        return write_files(target, kumu_files(smap))
    write_atomic(target, export_bytes(smap, fmt, findings))
    return [target]
