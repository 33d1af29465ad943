"""The board report: one self-contained HTML file a commissioner can print or send on.

Boards want a document, not a web page they must log in to. This one has no scripts, no web
fonts and nothing fetched from anywhere: styles and the network picture (inline SVG) are in
the file, so it opens offline and prints on A4 (`@page`). Each local area gets a section, in
this order: headline figures (from `metrics.headline`, the numbers the app and the CLI show),
a picture of the network, the minimum-standards scorecard, the top gaps with what would close
them, the groups of women (personas) left without a safe route, and at the end the sources.

Every string that comes from the map or the findings passes `html.escape`, so a service
named `<script>` is shown as text. The picture is drawn by `network_svg`, a pure function of
node positions, which `layered_layout` chooses: treatment on the left, then a column for each
number of hand-offs a woman needs to reach treatment, and services with no route on the right.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

import networkx as nx

from journeymap import __version__
from journeymap.analyse import ANALYSES
from journeymap.analyse.metrics import Headline, headline
from journeymap.analyse.standards import StandardResult, scorecard
from journeymap.graph.index import area_nodes, treatment_nodes
from journeymap.graph.routes import handoffs_to
from journeymap.labels import type_label
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

GROUP_COLOURS: dict[str, str] = {  # Okabe-Ito: tells groups apart for colour-blind readers too
    "treatment": "#D55E00",
    "health": "#0072B2",
    "safety": "#CC79A7",
    "women": "#E69F00",
    "justice": "#56B4E9",
    "family": "#009E73",
    "other": "#999999",
}
GROUP_NAMES: dict[str, str] = {
    "treatment": "Treatment",
    "health": "Health",
    "safety": "Safety (domestic abuse, sexual violence)",
    "women": "Women's organisations",
    "justice": "Justice",
    "family": "Children and family",
    "other": "Other",
}
KIND_STYLE: dict[str, tuple[str, str]] = {  # kind → (colour, plain name)
    "referral": ("#555555", "referral"),
    "co_location": ("#009E73", "co-location (seen where she already is)"),
    "joint_working": ("#0072B2", "joint working"),
}
NO_ROUTE_COLOUR = "#B00020"

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


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    """The network as an inline `<svg>` element: a pure function of placed nodes and links.

    Links between services in the same column bow out to the left so they do not hide in the
    column; informal links are dashed; services with no route to treatment have a dark red
    ring. Every label and tooltip is escaped. Cost: O(nodes + edges).
    """
    where = {n.id: n for n in nodes}
    name = escape(title or "Network of services")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {width:g} '
        f'{height:g}" role="img" aria-label="{name}"><title>{name}</title>'
    ]
    for x, text, column in headings:
        colour = NO_ROUTE_COLOUR if column == NO_ROUTE else "#3b1f5e"
        parts.append(
            f'<text class="heading" x="{x:g}" y="20" fill="{colour}">{escape(text)}</text>'
        )
    for edge in edges:
        a, b = where.get(edge.source), where.get(edge.target)
        if a is None or b is None:
            continue
        colour = KIND_STYLE.get(edge.kind, ("#555555", ""))[0]
        dash = "" if edge.formal else ' stroke-dasharray="6 4"'
        if a.x == b.x:
            bow = a.x - 10 - abs(a.y - b.y) * 0.25
            mid = (a.y + b.y) / 2
            shape = f'path d="M{a.x:g},{a.y:g} Q{bow:g},{mid:g} {b.x:g},{b.y:g}" fill="none"'
        else:
            shape = f'line x1="{a.x:g}" y1="{a.y:g}" x2="{b.x:g}" y2="{b.y:g}"'
        parts.append(
            f'<{shape} class="link {escape(edge.kind)}" stroke="{colour}" stroke-width="1.3" '
            f'stroke-opacity="0.5"{dash}/>'
        )
    for node in nodes:
        colour = GROUP_COLOURS.get(node.group, GROUP_COLOURS["other"])
        no_route = node.column == NO_ROUTE
        stroke = (
            f'stroke="{NO_ROUTE_COLOUR}" stroke-width="3"'
            if no_route
            else 'stroke="#ffffff" stroke-width="1.5"'
        )
        parts.append(
            f'<g class="service{" no-route" if no_route else ""}" data-id="{escape(node.id)}">'
            f"<title>{escape(node.title or node.label)}</title>"
            f'<circle cx="{node.x:g}" cy="{node.y:g}" r="6" fill="{colour}" {stroke}/>'
            f'<text x="{node.x + 10:g}" y="{node.y + 4:g}">'
            f"{escape(_short(node.label, label_chars))}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _area_picture(
    G: nx.MultiDiGraph, smap: ServiceMap, area: str, reach: Mapping[str, int]
) -> tuple[str, int]:
    """The area's network SVG and how many services it shows."""
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
            else f"{steps} hand-off{'s' if steps != 1 else ''} to treatment"
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
    svg = network_svg(
        placed,
        edges,
        headings=layout.headings,
        width=layout.width,
        height=layout.height,
        label_chars=layout.label_chars,
        title=f"Services in {area} and national services, by hand-offs to treatment",
    )
    return svg, len(placed)


# --------------------------------------------------------------------------- the document

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  color: #1a1a1a; font-size: 10.5pt; line-height: 1.4; margin: 0 auto; max-width: 190mm;
  padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: #3b1f5e; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; color: #3b1f5e; border-bottom: 1px solid #ccc;
  padding-bottom: 1mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
.cover .subtitle { font-size: 12pt; margin: 0 0 1mm; }
.cover .meta, .note, .small { color: #555; font-size: 9pt; }
.area + .area { break-before: page; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 3mm 0; }
.figure { border: 1px solid #d6cde3; border-radius: 2mm; padding: 2.5mm 3mm;
  background: #f7f4fb; break-inside: avoid; }
.figure .value { display: block; font-size: 19pt; font-weight: 700; color: #3b1f5e; }
.figure .what { display: block; font-size: 9pt; color: #333; }
.network figure { margin: 0; break-inside: avoid; }
svg.network { width: 100%; height: auto; max-height: 150mm; display: block; }
svg.network text { font-size: 12px; fill: #222; paint-order: stroke; stroke: #fff;
  stroke-width: 3px; stroke-linejoin: round; }
svg.network text.heading { font-size: 13px; font-weight: 700; stroke-width: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 5mm; list-style: none; padding: 0;
  margin: 1mm 0 0; font-size: 8.5pt; }
.legend svg { vertical-align: middle; margin-right: 1mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.5mm;
  border-bottom: 1px solid #ddd; }
th { background: #efe9f6; }
tr { break-inside: avoid; }
td.met { color: #1b5e20; font-weight: 600; white-space: nowrap; }
td.not-met { color: #B00020; font-weight: 600; white-space: nowrap; }
ol.gaps { padding-left: 5mm; }
ol.gaps li { margin-bottom: 3mm; break-inside: avoid; }
.sev { display: inline-block; font-size: 8pt; font-weight: 700; text-transform: uppercase;
  padding: 0 1.5mm; border-radius: 1mm; color: #fff; margin-right: 1mm; }
.sev.high { background: #B00020; } .sev.medium { background: #b35c00; }
.sev.low { background: #5f6b7a; }
.gap .what-to-do { margin: 1mm 0 0; }
.gap .source, .gap .evidence { color: #444; font-size: 9pt; }
ul.cited { columns: 2; column-gap: 8mm; font-size: 9pt; }
footer { margin-top: 8mm; color: #666; font-size: 8.5pt; border-top: 1px solid #ccc;
  padding-top: 2mm; }
@media screen { body { padding: 10mm 6mm; } }
"""


def _figure(key: str, value: str, what: str) -> str:
    return (
        f'<div class="figure" data-figure="{key}"><span class="value">{escape(value)}</span>'
        f'<span class="what">{escape(what)}</span></div>'
    )


def _figures(h: Headline, personas_analysed: bool) -> str:
    share = f"{h.share_with_route:.0%}" if h.share_with_route is not None else "–"
    median = "–" if h.median_handoffs is None else f"{h.median_handoffs:g}"
    sev = h.by_severity
    parts = [
        _figure("touchpoints", str(h.touchpoints), "services women already use (not treatment)"),
        _figure(
            "with_route",
            f"{h.with_route} ({share})",
            "of them have a route into treatment",
        ),
        _figure("median_handoffs", median, "median hand-offs from them to treatment"),
        _figure(
            "standards",
            f"{h.standards_met} of {h.standards_total}",
            "minimum standards met",
        ),
        _figure(
            "persona_gaps",
            str(h.persona_gaps) if personas_analysed else "not checked",
            "groups of women with no safe route",
        ),
        _figure(
            "findings",
            f"{sev.get('high', 0)} / {sev.get('medium', 0)} / {sev.get('low', 0)}",
            "gaps found: high / medium / low",
        ),
    ]
    return '<div class="figures">' + "".join(parts) + "</div>"


def _legend() -> str:
    items = []
    for group, colour in GROUP_COLOURS.items():
        items.append(
            f'<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" '
            f'fill="{colour}"/></svg>{escape(GROUP_NAMES[group])}</li>'
        )
    for colour, name in KIND_STYLE.values():
        items.append(
            f'<li><svg width="26" height="8" aria-hidden="true"><line x1="0" y1="4" x2="26" '
            f'y2="4" stroke="{colour}" stroke-width="2"/></svg>{escape(name)}</li>'
        )
    items.append(
        '<li><svg width="26" height="8" aria-hidden="true"><line x1="0" y1="4" x2="26" y2="4" '
        'stroke="#555" stroke-width="2" stroke-dasharray="6 4"/></svg>informal (no written '
        "pathway)</li>"
    )
    items.append(
        f'<li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" '
        f'fill="#999" stroke="{NO_ROUTE_COLOUR}" stroke-width="2.5"/></svg>no route to '
        "treatment</li>"
    )
    return '<ul class="legend">' + "".join(items) + "</ul>"


def _scorecard(G: nx.MultiDiGraph, cards: Sequence[StandardResult]) -> str:
    rows = []
    for result in cards:
        s = result.standard
        who = ", ".join(str(G.nodes[n]["name"]) for n in result.services[:4])
        if len(result.services) > 4:
            who += f" and {len(result.services) - 4} more"
        status = '<td class="met">Met</td>' if result.met else '<td class="not-met">Not met</td>'
        rows.append(
            f'<tr data-standard="{escape(s.id)}">{status}<td>{escape(s.standard)}</td>'
            f"<td>{escape(who) if result.met else '–'}</td>"
            f'<td class="small">{escape(s.source)}</td></tr>'
        )
    if not rows:
        return '<p class="note">The standards checklist is empty.</p>'
    return (
        '<table class="scorecard"><thead><tr><th>Status</th><th>Standard</th>'
        "<th>Met by</th><th>Source</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _gap(f: Finding) -> str:
    return (
        f'<li class="gap" data-category="{escape(f.category)}">'
        f'<span class="sev {escape(f.severity)}">{escape(f.severity)}</span>'
        f"<strong>{escape(f.finding)}</strong>"
        f'<p class="evidence">{escape(f.evidence)}</p>'
        f'<p class="what-to-do"><em>What would help:</em> {escape(f.suggestion)}</p>'
        f'<p class="source">Source: {escape(f.source)}</p></li>'
    )


def _gaps(findings: Sequence[Finding], total: int) -> str:
    if not findings:
        return '<p class="note">No gaps of these kinds were found in this area.</p>'
    more = total - len(findings)
    tail = (
        f'<p class="note">{more} more in the full gap report '
        "(<code>journeymap report</code>, or the app's download).</p>"
        if more > 0
        else ""
    )
    return '<ol class="gaps">' + "".join(_gap(f) for f in findings) + "</ol>" + tail


def _sources(cited: Iterable[str]) -> str:
    seeds = "".join(
        f"<li><strong>{escape(short)}</strong>: {escape(text)}</li>" for short, text in SEED_SOURCES
    )
    parts: dict[str, None] = {}
    for source in cited:
        for part in source.split(";"):
            if part.strip():
                parts[part.strip()] = None
    sections = "".join(f"<li>{escape(p)}</li>" for p in sorted(parts, key=str.lower))
    return (
        '<section class="sources" id="sources"><h2>Sources</h2>'
        "<p>The standards, the groups of women and the suggestions in this report rest on:</p>"
        f'<ul class="seeds">{seeds}</ul>'
        + (f'<p>Sections cited above:</p><ul class="cited">{sections}</ul>' if sections else "")
        + "</section>"
    )


def _area_section(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    area: str,
    personas_analysed: bool,
    reach: Mapping[str, int],
) -> tuple[str, list[str]]:
    """One area's section, and the sources it cites."""
    mine = sorted((f for f in findings if f.area == area), key=Finding.sort_key)
    h = headline(smap, G, findings, area)
    gaps = [f for f in mine if f.category not in ("standards_gap", "persona_gap")]
    persona = [f for f in mine if f.category == "persona_gap"]
    picture, shown = _area_picture(G, smap, area, reach)
    cards = scorecard(smap, G, area)
    if not personas_analysed:
        persona_html = (
            '<p class="note">This version of journeymap does not yet check routes for each '
            "group of women, so none are listed here.</p>"
        )
    elif not persona:
        persona_html = (
            '<p class="note">Every group of women in the checklist has a safe route from '
            "where she already goes to treatment that fits her needs.</p>"
        )
    else:
        persona_html = '<ol class="gaps">' + "".join(_gap(f) for f in persona) + "</ol>"
    html = (
        f'<section class="area" data-area="{escape(area)}" id="area-{escape(_slug(area))}">'
        f"<h1>{escape(area)}</h1>"
        '<section class="headline"><h2>Headline figures</h2>'
        + _figures(h, personas_analysed)
        + "<p>Touchpoints are the services women in the area already use that are not "
        "treatment: a GP, a midwife, a domestic abuse service, a women's centre, probation. "
        "A hand-off is each time she is passed to another service; a co-located worker "
        "sees her where she already is, with no hand-off.</p></section>"
        '<section class="network"><h2>The network</h2><figure>'
        + picture
        + _legend()
        + f'<figcaption class="small">{shown} services in {escape(area)} and national '
        "services. Treatment is on the left; each column to the right is a longer route "
        "into treatment.</figcaption></figure></section>"
        '<section class="standards"><h2>Minimum standards</h2>'
        + f"<p>{sum(r.met for r in cards)} of {len(cards)} standards met.</p>"
        + _scorecard(G, cards)
        + "</section>"
        '<section class="top-gaps"><h2>Top gaps and what would close them</h2>'
        + _gaps(gaps[:TOP_GAPS], len(gaps))
        + "</section>"
        '<section class="persona-gaps"><h2>Groups of women without a safe route</h2>'
        + persona_html
        + "</section></section>"
    )
    cited = [f.source for f in (*gaps[:TOP_GAPS], *persona)] + [r.standard.source for r in cards]
    return html, cited


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
    sections, cited = [], []
    for area in chosen:
        html, sources = _area_section(smap, G, findings, area, personas_analysed, reach)
        sections.append(html)
        cited += sources
    day = today or dt.date.today()
    date = f"{day.day} {day:%B %Y}"
    name = title or "service map"
    heading = "Board report" + (f": {', '.join(chosen)}" if chosen else "")
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="journeymap {escape(__version__)}">'
        f"<title>{escape(heading)}</title><style>{CSS}</style></head><body>"
        '<header class="cover">'
        f"<h1>{escape(heading)}</h1>"
        '<p class="subtitle">Women\'s routes into drug and alcohol treatment: where they '
        "hold, and where women fall through</p>"
        f'<p class="meta">Map: {escape(name)} · {len(smap.services)} services, '
        f"{len(smap.links)} links · {escape(date)}</p>"
        "<p>Most women who need drug or alcohol treatment have already met a GP, a midwife, "
        "a domestic abuse service, a women's centre or probation. Each meeting is a chance to "
        "help her into treatment. This report shows how well the local network of services "
        "turns those meetings into routes, and where it does not yet.</p>"
        "</header>"
        + "".join(sections)
        + _sources(cited)
        + f"<footer>Made with journeymap {escape(__version__)} from the map {escape(name)}. "
        "The figures are those of <code>journeymap report</code> and the app for the same "
        "map.</footer></body></html>\n"
    )
