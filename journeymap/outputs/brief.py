"""The board report: one self-contained HTML file a commissioner can print or send on.

Boards want a document, not a web page they must log in to. This one has no scripts, no web
fonts and nothing fetched from anywhere: styles and the network picture (inline SVG) are in
the file, so it opens offline and prints on A4 (`@page`). Each local area gets a section, in
this order: headline figures (from `metrics.headline`, the numbers the app and the CLI show),
a picture of the network, the minimum-standards scorecard, the top gaps with what would close
them, the groups of women (personas) left without a safe route, and at the end the sources.

This module only prepares plain data (figures, rows, placed shapes); the markup is in the
Jinja2 templates in `templates/`, rendered with autoescape on, so a service named `<script>`
is shown as text. Nothing from the data is marked safe. The picture is drawn by
`network_svg`, a pure function of node positions, which `layered_layout` chooses: treatment
on the left, then a column for each number of hand-offs a woman needs to reach treatment, and
services with no route on the right.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from journeymap import __version__
from journeymap.analyse import ANALYSES
from journeymap.analyse.metrics import Headline, headline
from journeymap.analyse.standards import scorecard
from journeymap.graph.index import area_nodes, treatment_nodes
from journeymap.graph.routes import handoffs_to
from journeymap.labels import (
    GROUP_COLOURS,
    GROUP_LABELS,
    KIND_COLOURS,
    KIND_LABELS,
    NO_ROUTE_COLOUR,
    plural,
    short_name,
    type_label,
)
from journeymap.models import Finding, ServiceMap
from journeymap.vocab import GROUP_OF, GROUPS

__all__ = [
    "SEED_SOURCES",
    "SvgEdge",
    "SvgNode",
    "board_report",
    "layered_layout",
    "network_svg",
]

#: The documents the standards, personas and remedies rest on (`shared/seeds`).
SEED_SOURCES: tuple[tuple[str, str], ...] = (
    (
        "Womanifesto",
        "Women's Treatment Working Group (Collective Voice), A Womanifesto, 2025: three "
        "recommendations to OHID (women-only spaces and services; motherhood and maternity; "
        "a co-designed women's pathway) and minimum standards for women's treatment.",
    ),
    (
        "CJI guide",
        "Centre for Justice Innovation, Drug and alcohol treatment services for women: "
        "a guide to commissioning: challenges and solutions, co-location, integrated "
        "pathways, service mapping and unmet need.",
    ),
)

#: How many gaps each area lists in full; the rest are in the gap report CSV.
TOP_GAPS = 8

#: Width of each kind of link on the picture (its grey is `labels.KIND_COLOURS`), as the app
#: draws them: a co-located worker, no hand-off at all, is the widest.
LINK_WIDTHS: dict[str, float] = {"referral": 1.3, "co_location": 5.0, "joint_working": 2.5}
INK = "#3b1f5e"  # the report's own colour: headings, as in the styles

#: Columns of the picture, left to right: how far each service is from treatment.
COLUMNS: tuple[str, ...] = (
    "Treatment",
    "Co-located (no hand-off)",
    "1 hand-off",
    "2 hand-offs",
    "3 or more hand-offs",
    "No route to treatment",
)
NO_ROUTE = len(COLUMNS) - 1
WIDTH = 1000.0
ROW = 19.0  # vertical space per service
TOP = 46.0  # room for the column headings
MAX_ROWS = 40  # a longer column is split in two, side by side
CHAR = 6.4  # average width of a label character at the picture's font size


@dataclass(frozen=True)
class SvgNode:
    """A service placed on the picture; `column` is its place in `COLUMNS`."""

    id: str
    x: float
    y: float
    label: str
    group: str
    column: int
    title: str = ""


@dataclass(frozen=True)
class SvgEdge:
    """A link between two placed services."""

    source: str
    target: str
    kind: str
    formal: bool


@dataclass(frozen=True)
class Layout:
    """Where everything goes: node positions, column headings (x, text, column), the size."""

    positions: dict[str, tuple[float, float, int]]
    headings: tuple[tuple[float, str, int], ...]
    width: float
    height: float
    label_chars: int


# --------------------------------------------------------------------------- the picture


def column_of(reach: Mapping[str, int], node: str, is_treatment: bool) -> int:
    """0 treatment, 1-4 by fewest hand-offs to treatment (0, 1, 2, 3+), 5 no route."""
    if is_treatment:
        return 0
    if node not in reach:
        return NO_ROUTE
    return min(reach[node], 3) + 1


def layered_layout(
    G: nx.MultiDiGraph, nodes: Sequence[str], reach: Mapping[str, int] | None = None
) -> Layout:
    """Positions for `nodes` in columns by hand-offs to treatment, treatment on the left.

    Hand-offs are counted over the whole map (a route may pass through other areas and
    national services), as the analyses count them. Empty columns are left out; a column of
    more than `MAX_ROWS` services is split side by side. Within a column, services are
    ordered by group, type and name, so the same kinds sit together.
    `reach` is `graph.handoffs_to(G, treatment_nodes(G))` when the caller already has it.
    Cost: O(V + E) for the search (none when `reach` is given), then O(n log n).
    """
    if reach is None:
        reach = handoffs_to(G, treatment_nodes(G))
    group_rank = {g: i for i, g in enumerate(GROUPS)}
    columns: dict[int, list[str]] = {}
    for node in nodes:
        columns.setdefault(column_of(reach, node, bool(G.nodes[node]["treatment"])), []).append(
            node
        )
    strips: list[tuple[int, list[str]]] = []  # (column, members) for each strip of services
    for column in sorted(columns):
        members = sorted(
            columns[column],
            key=lambda n: (
                group_rank.get(GROUP_OF.get(G.nodes[n]["type"], "other"), 99),
                G.nodes[n]["type"],
                str(G.nodes[n]["name"]).lower(),
                n,
            ),
        )
        parts = math.ceil(len(members) / MAX_ROWS)
        size = math.ceil(len(members) / parts)
        strips += [(column, members[i : i + size]) for i in range(0, len(members), size)]
    rows = max((len(m) for _, m in strips), default=1)
    height = TOP + rows * ROW + 10
    step = WIDTH / max(len(strips), 1)
    positions: dict[str, tuple[float, float, int]] = {}
    headings: list[tuple[float, str, int]] = []
    for i, (column, members) in enumerate(strips):
        x = round(12 + i * step, 1)
        if not headings or headings[-1][2] != column:
            headings.append((x - 6, COLUMNS[column], column))
        top = TOP + (rows - len(members)) * ROW / 2
        for j, node in enumerate(members):
            positions[node] = (x, round(top + j * ROW + ROW / 2, 1), column)
    chars = max(int((step - 28) / CHAR), 8)
    return Layout(positions, tuple(headings), WIDTH, height, chars)


# --------------------------------------------------------------------------- shapes to draw


@dataclass(frozen=True)
class Heading:
    """A column heading on the picture."""

    x: float
    text: str
    colour: str


@dataclass(frozen=True)
class Link:
    """A link as drawn: a straight line, or a bow through `bow` (x, y) within one column."""

    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float
    dashed: bool
    bow: tuple[float, float] | None = None


@dataclass(frozen=True)
class Dot:
    """A service as drawn: a filled circle with a ring, its (shortened) name and a tooltip."""

    id: str
    x: float
    y: float
    label: str
    title: str
    fill: str
    ring: str
    ring_width: float
    no_route: bool


@dataclass(frozen=True)
class Picture:
    """Everything `network.svg.j2` draws, already placed and coloured."""

    title: str
    width: float
    height: float
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    nodes: tuple[Dot, ...]


@dataclass(frozen=True)
class Legend:
    """The picture's key: (colour, name) per group, (colour, width, name) per link kind."""

    groups: tuple[tuple[str, str], ...]
    kinds: tuple[tuple[str, float, str], ...]
    informal: str
    service: str
    no_route: str


def picture_of(
    nodes: Sequence[SvgNode],
    edges: Iterable[SvgEdge],
    *,
    headings: Sequence[tuple[float, str, int]] = (),
    width: float = WIDTH,
    height: float = 600.0,
    label_chars: int = 24,
    title: str = "",
) -> Picture:
    """The shapes for placed services and their links, coloured by group and kind.

    Links between services in the same column bow out to the left so they do not hide in the
    column; informal links are dashed; services with no route to treatment have a dark red
    ring; links to services not placed are left out. Cost: O(nodes + edges).
    """
    where = {n.id: n for n in nodes}
    links = []
    for edge in edges:
        a, b = where.get(edge.source), where.get(edge.target)
        if a is None or b is None:
            continue
        bow = (a.x - 10 - abs(a.y - b.y) * 0.25, (a.y + b.y) / 2) if a.x == b.x else None
        colour = KIND_COLOURS.get(edge.kind, KIND_COLOURS["referral"])
        thick = LINK_WIDTHS.get(edge.kind, LINK_WIDTHS["referral"])
        links.append(Link(edge.kind, a.x, a.y, b.x, b.y, colour, thick, not edge.formal, bow))
    dots = []
    for node in nodes:
        no_route = node.column == NO_ROUTE
        dots.append(
            Dot(
                id=node.id,
                x=node.x,
                y=node.y,
                label=short_name(node.label, label_chars),
                title=node.title or node.label,
                fill=GROUP_COLOURS.get(node.group, GROUP_COLOURS["other"]),
                ring=NO_ROUTE_COLOUR if no_route else "#ffffff",
                ring_width=3 if no_route else 1.5,
                no_route=no_route,
            )
        )
    marks = tuple(
        Heading(x, text, NO_ROUTE_COLOUR if column == NO_ROUTE else INK)
        for x, text, column in headings
    )
    name = title or "Network of services"
    return Picture(name, width, height, marks, tuple(links), tuple(dots))


def network_svg(
    nodes: Sequence[SvgNode],
    edges: Iterable[SvgEdge],
    *,
    headings: Sequence[tuple[float, str, int]] = (),
    width: float = WIDTH,
    height: float = 600.0,
    label_chars: int = 24,
    title: str = "",
) -> str:
    """The network as an inline `<svg>` element: a pure function of placed nodes and links
    (`picture_of` then `templates/network.svg.j2`). Every label and tooltip is escaped."""
    picture = picture_of(
        nodes,
        edges,
        headings=headings,
        width=width,
        height=height,
        label_chars=label_chars,
        title=title,
    )
    macros: Any = _TEMPLATES.get_template("network.svg.j2").module
    return str(macros.network(picture))


def _area_picture(
    G: nx.MultiDiGraph, smap: ServiceMap, area: str, reach: Mapping[str, int]
) -> Picture:
    """The shapes of the area's network picture: its services and the national ones."""
    nodes = area_nodes(G, area)
    layout = layered_layout(G, nodes, reach)
    placed = []
    for node in nodes:
        data = G.nodes[node]
        x, y, column = layout.positions[node]
        steps = reach.get(node)
        how = (
            "treatment service"
            if data["treatment"]
            else "no route to treatment"
            if steps is None
            else f"{plural(steps, 'hand-off')} to treatment"
        )
        placed.append(
            SvgNode(
                id=node,
                x=x,
                y=y,
                label=str(data["name"]),
                group=GROUP_OF.get(data["type"], "other"),
                column=column,
                title=f"{data['name']} ({type_label(data['type'])}): {how}",
            )
        )
    inside = set(nodes)
    edges = [
        SvgEdge(link.source, link.target, link.kind, link.formal)
        for link in smap.links
        if link.source in inside and link.target in inside
    ]
    return picture_of(
        placed,
        edges,
        headings=layout.headings,
        width=layout.width,
        height=layout.height,
        label_chars=layout.label_chars,
        title=f"Services in {area} and national services, by hand-offs to treatment",
    )


def _legend() -> Legend:
    """The key, in the app's words and colours (`labels`), so the two read the same."""
    return Legend(
        groups=tuple((colour, GROUP_LABELS[group]) for group, colour in GROUP_COLOURS.items()),
        kinds=tuple(
            (KIND_COLOURS[kind], LINK_WIDTHS[kind], label) for kind, label in KIND_LABELS.items()
        ),
        informal=KIND_COLOURS["referral"],
        service=GROUP_COLOURS["other"],
        no_route=NO_ROUTE_COLOUR,
    )


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class Figure:
    """One headline figure: `key` names it for tests and styles, `what` says what it counts."""

    key: str
    value: str
    what: str


@dataclass(frozen=True)
class StandardRow:
    """A line of the scorecard; `met_by` names up to four services that meet the standard."""

    id: str
    met: bool
    standard: str
    met_by: str
    source: str


@dataclass(frozen=True)
class AreaSection:
    """What `area.html.j2` shows for one area."""

    area: str
    anchor: str
    figures: tuple[Figure, ...]
    picture: Picture
    shown: int
    standards: tuple[StandardRow, ...]
    met: int
    gaps: tuple[Finding, ...]
    more: int
    persona: tuple[Finding, ...]
    personas_analysed: bool


def _figures(h: Headline, personas_analysed: bool) -> tuple[Figure, ...]:
    share = f"{h.share_with_route:.0%}" if h.share_with_route is not None else "–"
    median = "–" if h.median_handoffs is None else f"{h.median_handoffs:g}"
    sev = h.by_severity
    return (
        Figure("touchpoints", str(h.touchpoints), "services women already use (not treatment)"),
        Figure("with_route", f"{h.with_route} ({share})", "of them have a route into treatment"),
        Figure("median_handoffs", median, "median hand-offs from them to treatment"),
        Figure("standards", f"{h.standards_met} of {h.standards_total}", "minimum standards met"),
        Figure(
            "persona_gaps",
            str(h.persona_gaps) if personas_analysed else "not checked",
            "groups of women with no safe route",
        ),
        Figure(
            "findings",
            f"{sev.get('high', 0)} / {sev.get('medium', 0)} / {sev.get('low', 0)}",
            "gaps found: high / medium / low",
        ),
    )


def _standard_rows(smap: ServiceMap, G: nx.MultiDiGraph, area: str) -> tuple[StandardRow, ...]:
    rows = []
    for result in scorecard(smap, G, area):
        who = ", ".join(str(G.nodes[n]["name"]) for n in result.services[:4])
        if len(result.services) > 4:
            who += f" and {len(result.services) - 4} more"
        s = result.standard
        rows.append(StandardRow(s.id, result.met, s.standard, who, s.source))
    return tuple(rows)


def _area_section(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    area: str,
    personas_analysed: bool,
    reach: Mapping[str, int],
) -> AreaSection:
    """One area's section: its figures, picture, scorecard, top gaps and persona gaps."""
    mine = sorted((f for f in findings if f.area == area), key=Finding.sort_key)
    gaps = [f for f in mine if f.category not in ("standards_gap", "persona_gap")]
    picture = _area_picture(G, smap, area, reach)
    rows = _standard_rows(smap, G, area)
    return AreaSection(
        area=area,
        anchor=_slug(area),
        figures=_figures(headline(smap, G, findings, area), personas_analysed),
        picture=picture,
        shown=len(picture.nodes),
        standards=rows,
        met=sum(r.met for r in rows),
        gaps=tuple(gaps[:TOP_GAPS]),
        more=max(len(gaps) - TOP_GAPS, 0),
        persona=tuple(f for f in mine if f.category == "persona_gap"),
        personas_analysed=personas_analysed,
    )


def _cited(sections: Iterable[AreaSection]) -> list[str]:
    """Every section of a source the report cites (gaps listed, persona gaps, standards), once
    each, in alphabetical order; a `;` in a source separates two citations."""
    parts: dict[str, None] = {}
    for section in sections:
        sources = [f.source for f in (*section.gaps, *section.persona)]
        sources += [row.source for row in section.standards]
        for source in sources:
            for part in source.split(";"):
                if part.strip():
                    parts[part.strip()] = None
    return sorted(parts, key=str.lower)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-") or "area"


def board_report(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    *,
    areas: Sequence[str] | None = None,
    title: str = "",
    today: dt.date | None = None,
) -> str:
    """The board report as one HTML document: a section per area (all local areas by default).

    `findings` are the map's findings (`find_gaps`); figures come from `metrics.headline`.
    `title` names the map (e.g. its folder). Returns the HTML text. Cost: one hand-off
    search for the pictures, then per area a headline (a search and a scorecard), a scorecard
    and the drawing.
    """
    chosen = list(areas) if areas is not None else smap.area_names()
    personas_analysed = "persona_gap" in ANALYSES
    reach = handoffs_to(G, treatment_nodes(G))  # once for every area's picture
    sections = [_area_section(smap, G, findings, area, personas_analysed, reach) for area in chosen]
    day = today or dt.date.today()
    html = _TEMPLATES.get_template("board.html.j2").render(
        heading="Board report" + (f": {', '.join(chosen)}" if chosen else ""),
        map_name=title or "service map",
        services=len(smap.services),
        links=len(smap.links),
        date=f"{day.day} {day:%B %Y}",
        version=__version__,
        areas=sections,
        legend=_legend(),
        seeds=SEED_SOURCES,
        cited=_cited(sections),
    )
    return html + "\n"


# --------------------------------------------------------------------------- the templates

_BREAK = re.compile(r"[ \t]*\n[ \t\n]*")


class _JoinLines(Extension):
    """Joins the lines of a template's own text, so templates can be laid out for reading
    while the report keeps exactly the spaces it means: in HTML a line break between two
    inline elements (a severity badge and its finding) is a visible space.

    A line break (with the spaces around it) goes where it meets markup (`>` before it, `<`
    after it, or template tags on both sides) and is one space between words or attributes;
    a blank line is one line break. Only the templates' text is touched, never a value from
    the data; `.css` files are left as they are.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        if (stream.name or "").endswith(".css"):
            yield from stream
            return
        for token in stream:
            if token.type == "data":
                token = Token(token.lineno, "data", _BREAK.sub(_join, token.value))
            yield token


def _join(match: re.Match[str]) -> str:
    if match.group().count("\n") > 1:
        return "\n"
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before == ">" or after == "<" or not (before or after):
        return ""
    return " "


def _number(value: float) -> str:
    return f"{value:g}"


_TEMPLATES = Environment(
    loader=PackageLoader("journeymap.outputs", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    extensions=[_JoinLines],
)
_TEMPLATES.filters["g"] = _number
