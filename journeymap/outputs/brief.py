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
`network_svg`, a pure function of placed shapes; `layout.page_layout` places the services in
the app's own hand-off columns (`layout.route_columns`): treatment on the left, then a column
for each number of hand-offs a woman needs to reach treatment, and services with no route on
the right, each service in the same column and order as on the app's network page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from journeymap import __version__
from journeymap.analyse import ANALYSES
from journeymap.analyse.filters import top_findings
from journeymap.analyse.metrics import Headline, headline
from journeymap.analyse.standards import scorecard
from journeymap.graph.ends import reach as shared_reach
from journeymap.graph.index import area_nodes
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
from journeymap.outputs.figures_section import figures_views
from journeymap.outputs.layout import PAGE_WIDTH, page_layout
from journeymap.outputs.runs import Trend
from journeymap.outputs.summary import WomenSaid, summaries
from journeymap.outputs.templates import macros, render
from journeymap.read.figures import Figure as PublishedFigure
from journeymap.scenario.plan import Plan
from journeymap.vocab import GROUP_OF

__all__ = [
    "LEGEND",
    "TOP_GAPS",
    "AreaSection",
    "Dot",
    "Figure",
    "Link",
    "Picture",
    "StandardRow",
    "SvgEdge",
    "SvgNode",
    "board_report",
    "network_svg",
    "picture_of",
]

#: How many gaps each area lists in full; the rest are in the gap report CSV.
TOP_GAPS = 8

#: Width of each kind of link on the picture (its grey is `labels.KIND_COLOURS`), as the app
#: draws them: a co-located worker, no hand-off at all, is the widest.
LINK_WIDTHS: dict[str, float] = {"referral": 1.3, "co_location": 5.0, "joint_working": 2.5}
INK = "#3b1f5e"  # the report's own colour: headings, as in the styles

# --------------------------------------------------------------------------- the picture


@dataclass(frozen=True)
class SvgNode:
    """A service placed on the picture, before any colour is chosen (so a test or another
    caller can draw any placement); `no_route`: it has no route to treatment."""

    id: str
    x: float
    y: float
    label: str
    group: str
    no_route: bool = False
    title: str = ""


@dataclass(frozen=True)
class SvgEdge:
    """A link between two placed services."""

    source: str
    target: str
    kind: str
    formal: bool


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
    """Everything `network.svg.j2` draws, placed and coloured; headings are (x, text, colour)."""

    title: str
    width: float
    height: float
    headings: tuple[tuple[float, str, str], ...]
    links: tuple[Link, ...]
    nodes: tuple[Dot, ...]


#: The picture's key, in the app's words and colours (`labels`), so the two read the same:
#: (colour, name) per group, (grey, width, name) per kind of link.
LEGEND: dict[str, Any] = {
    "groups": tuple((colour, GROUP_LABELS[group]) for group, colour in GROUP_COLOURS.items()),
    "kinds": tuple((KIND_COLOURS[k], LINK_WIDTHS[k], name) for k, name in KIND_LABELS.items()),
    "informal": KIND_COLOURS["referral"],
    "service": GROUP_COLOURS["other"],
    "no_route": NO_ROUTE_COLOUR,
}


def picture_of(
    nodes: Sequence[SvgNode],
    edges: Iterable[SvgEdge],
    *,
    headings: Sequence[tuple[float, str, bool]] = (),
    width: float = PAGE_WIDTH,
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
    dots = [
        Dot(
            id=node.id,
            x=node.x,
            y=node.y,
            label=short_name(node.label, label_chars),
            title=node.title or node.label,
            fill=GROUP_COLOURS.get(node.group, GROUP_COLOURS["other"]),
            ring=NO_ROUTE_COLOUR if node.no_route else "#ffffff",
            ring_width=3 if node.no_route else 1.5,
            no_route=node.no_route,
        )
        for node in nodes
    ]
    marks = tuple((x, text, NO_ROUTE_COLOUR if no_route else INK) for x, text, no_route in headings)
    name = title or "Network of services"
    return Picture(name, width, height, marks, tuple(links), tuple(dots))


def network_svg(picture: Picture) -> str:
    """The network as an inline `<svg>` element: a pure function of the shapes (`picture_of`),
    drawn by `templates/network.svg.j2`. Every label and tooltip is escaped."""
    return str(macros("network.svg.j2").network(picture))


def _area_picture(
    G: nx.MultiDiGraph, smap: ServiceMap, area: str, reach: Mapping[str, int]
) -> Picture:
    """The shapes of the area's network picture: its services and the national ones."""
    nodes = area_nodes(G, area)
    layout = page_layout(G, nodes, reach)
    placed = []
    for node in nodes:
        data = G.nodes[node]
        x, y = layout.positions[node]
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
                no_route=node in layout.no_route,
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


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class Figure:
    """One headline figure: `key` names it for tests and styles, `what` says what it counts."""

    key: str
    value: str
    what: str


@dataclass(frozen=True)
class StandardRow:
    """A line of the scorecard; `met_by` names up to four services that meet the standard,
    `why` says what is missing when it is not met, partly met or not evidenced."""

    id: str
    state: str
    label: str
    standard: str
    met_by: str
    source: str
    why: str = ""

    @property
    def met(self) -> bool:
        return self.state == "met"


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
    """The six headline figures as the app writes them ("–" where there is nothing to count),
    so a board member reads the same numbers as the commissioner who sent the report."""
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
    """Every standard scored for the area; up to four services that meet it are named, enough
    to say who without filling the table cell."""
    rows = []
    for result in scorecard(smap, G, area):
        who = ", ".join(str(G.nodes[n]["name"]) for n in result.services[:4])
        if len(result.services) > 4:
            who += f" and {len(result.services) - 4} more"
        s = result.standard
        rows.append(
            StandardRow(s.id, result.state, result.label, s.standard, who, s.source, result.why)
        )
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
        gaps=tuple(top_findings(gaps, TOP_GAPS)),
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
    """An anchor for the area's section (`#area-fenmoor`), whatever its name holds."""
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-") or "area"


def board_report(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    *,
    areas: Sequence[str] | None = None,
    title: str = "",
    today: dt.date | None = None,
    figures: Sequence[PublishedFigure] = (),
    plans: Mapping[str, Plan] | None = None,
    women: Mapping[str, WomenSaid] | None = None,
    trends: Mapping[str, Trend] | None = None,
) -> str:
    """The board report as one HTML document: a section per area (all local areas by default).

    `findings` are the map's findings (`find_gaps`); figures come from `metrics.headline`.
    `title` names the map (e.g. its folder); `figures` are the published treatment figures
    beside it (`read.figures.load_figures`), shown for each area that has some. Each area opens
    with a one-page summary (`summary.area_summary`): `plans` (area → `scenario.plan.make_plan`)
    give its recommended changes and `women` (area → pooled journeys, made safe by the workshop
    stage) what women told us, and `trends` (area → `runs.trend`) the change since the last
    saved run; the page says so where any is missing. Returns the HTML text. Cost: one hand-off
    search for the pictures, then per area a headline (a search and a scorecard), a scorecard
    and the drawing.
    """
    chosen = list(areas) if areas is not None else smap.area_names()
    personas_analysed = "persona_gap" in ANALYSES
    reach = shared_reach(G)  # the search from treatment kept with the graph
    sections = [_area_section(smap, G, findings, area, personas_analysed, reach) for area in chosen]
    day = today or dt.date.today()
    html = render(
        "board.html.j2",
        heading="Board report" + (f": {', '.join(chosen)}" if chosen else ""),
        map_name=title or "service map",
        services=len(smap.services),
        links=len(smap.links),
        date=f"{day.day} {day:%B %Y}",
        version=__version__,
        areas=sections,
        legend=LEGEND,
        cited=_cited(sections),
        published=figures_views(figures, chosen, G),  # figures.csv beside the map, if any
        summaries=summaries(smap, G, findings, chosen, plans, women, trends),
    )
    return html + "\n"
