"""Plotly figures as pure functions of the graph and findings (no Streamlit), so they are tested
without a browser and could serve a static report too.

Accessibility: colours are the Okabe–Ito palette, safe for the common forms of colour
blindness, and never the only cue: each group of services has its own marker shape,
women-only services wear a ring, informal links are dashed, link kinds differ in width and
shade, and severities differ in fill pattern as well as colour. Every figure is meant to be
shown next to a table of the same data (see `tables.py`), its text alternative.

Safety: every string from the data files is HTML-escaped before it goes into a figure, because
plotly reads a few tags in hover text and labels; `<script>` shows as those characters.

Speed: links are drawn as one trace per style, segments separated by None (one trace per link
would be thousands of traces), and above `GL_THRESHOLD` services the WebGL traces are used.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import plotly.graph_objects as go

from journeymap.labels import (
    GROUP_COLOURS,
    GROUP_LABELS,
    GROUP_SYMBOLS,
    HIGHLIGHT_COLOUR,
    KIND_COLOURS,
    KIND_LABELS,
    short_name,
    type_label,
)
from journeymap.vocab import GROUPS, LINK_KINDS

__all__ = [
    "FONT",
    "GL_THRESHOLD",
    "LINK_STYLES",
    "Highlight",
    "NetworkView",
    "esc",
    "network_figure",
]

#: (kind, formal) → line style. Formal links are solid, informal ones dashed.
LINK_STYLES: dict[tuple[str, bool], dict[str, Any]] = {
    (kind, formal): {
        "color": colour,
        "width": width,
        "dash": "solid" if formal else "dash",
    }
    for kind, width in (("co_location", 6.0), ("joint_working", 2.5), ("referral", 1.3))
    for colour in (KIND_COLOURS[kind],)
    for formal in (True, False)
}
#: Above this many services, WebGL traces (plotly's own threshold for fast drawing).
GL_THRESHOLD = 1000
FONT = {"size": 14}
#: Names written on the drawing are cut to this many characters (hover shows them in full).
NAME_LIMIT = 24


@dataclass(frozen=True)
class Highlight:
    """Services and links to draw boldly (others fade), with a legend label for them."""

    services: frozenset[str]
    edges: frozenset[tuple[str, str, int]] = field(default_factory=frozenset)
    label: str = "Highlighted"


def esc(text: object) -> str:
    """Data text made safe for plotly's label and hover markup (it shows as typed)."""
    return html.escape(str(text), quote=False)


def _hover(G: nx.MultiDiGraph, n: str, extra: Mapping[str, str] | None) -> str:
    d = G.nodes[n]
    lines = [
        f"<b>{esc(d['name'])}</b>",
        esc(f"{type_label(d['type'])} · {d['area']}"),
    ]
    if d.get("provider"):
        lines.append(esc(f"Run by {d['provider']}"))
    if d.get("women_only"):
        lines.append("Women-only service")
    offers = list(d.get("offers") or ())
    if offers:
        shown = ", ".join(o.replace("_", " ") for o in offers[:8])
        more = f" and {len(offers) - 8} more" if len(offers) > 8 else ""
        lines.append(esc(f"Offers: {shown}{more}"))
    else:
        lines.append("Offers: none recorded")
    if extra and n in extra:
        lines.append(esc(extra[n]))
    return "<br>".join(lines)


def _segment_lists(
    pairs: Iterable[tuple[tuple[float, float], tuple[float, float]]],
) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for (x0, y0), (x1, y1) in pairs:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


@dataclass(frozen=True)
class NetworkView:
    """What to draw of the network and how: the choices the Network page offers.

    `kinds` and `formal_only` choose the links; `highlight` draws some services and links
    boldly; `columns` are (x, title) headings for the route layout; `geographic` keeps the
    x:y ratio at 1; `hover_extra` adds a line to some services' hover text.
    """

    kinds: Collection[str] = LINK_KINDS
    formal_only: bool = False
    highlight: Highlight | None = None
    show_names: bool = False
    columns: Sequence[tuple[float, str]] = ()
    geographic: bool = False
    hover_extra: Mapping[str, str] | None = None
    title: str = ""


Point = tuple[float, float]


def network_figure(
    G: nx.MultiDiGraph,
    nodes: Collection[str],
    pos: Mapping[str, Point],
    view: NetworkView = NetworkView(),
) -> go.Figure:
    """The services in `nodes` that have a position, and the links among them that `view` keeps.

    Returns a figure with one trace per link style, one per service group (colour and shape),
    a ring trace for women-only services, arrowheads on one-way referrals and, when given, the
    highlighted routes on top (with a highlight, names are written for the highlighted services
    only, so the route reads clearly). Cost: O(services + links drawn).
    """
    drawn = [n for n in nodes if n in pos]
    gl = len(drawn) > GL_THRESHOLD
    Scatter = go.Scattergl if gl else go.Scatter
    fig = go.Figure()
    by_style, arrows = _links_by_style(G, set(drawn), pos, view)
    for trace in _link_traces(by_style, arrows, view, Scatter, gl):
        fig.add_trace(trace)
    bold = _highlight_trace(view, pos, set(drawn), Scatter)
    if bold is not None:
        fig.add_trace(bold)
    for trace in _service_traces(G, drawn, pos, view, Scatter, gl):
        fig.add_trace(trace)
    _lay_out(fig, drawn, pos, view)
    return fig


def _links_by_style(
    G: nx.MultiDiGraph, inside: Collection[str], pos: Mapping[str, Point], view: NetworkView
) -> tuple[dict[tuple[str, bool], list[tuple[Point, Point]]], list[tuple[float, float, float]]]:
    """The segments to draw for each (kind, formal) style, and the arrowheads of one-way
    referrals. A two-way link is drawn once.

    Only the links leaving the drawn services are visited (in the graph's order), not every
    link of the map: on a national map an area's drawing was 1.2 s of walking 216,000 edges."""
    by_style: dict[tuple[str, bool], list[tuple[Point, Point]]] = {}
    arrows: list[tuple[float, float, float]] = []
    starts = [n for n in G if n in inside]
    for u, v, d in G.edges(starts, data=True):
        if d["back"] or v not in inside or d["kind"] not in view.kinds:
            continue
        if view.formal_only and not d["formal"]:
            continue
        by_style.setdefault((d["kind"], bool(d["formal"])), []).append((pos[u], pos[v]))
        if d["kind"] == "referral" and not d["two_way"]:
            arrows.append(_arrow(pos[u], pos[v]))
    return by_style, arrows


def _link_traces(
    by_style: Mapping[tuple[str, bool], Sequence[tuple[Point, Point]]],
    arrows: Sequence[tuple[float, float, float]],
    view: NetworkView,
    Scatter: Any,
    gl: bool,
) -> Iterable[Any]:
    """One line trace per link style, the arrowheads, and the highlighted links on top."""
    faded = 0.35 if view.highlight else 0.9
    for style_key, style in LINK_STYLES.items():
        segments = by_style.get(style_key)
        if not segments:
            continue
        kind, formal = style_key
        xs, ys = _segment_lists(segments)
        yield Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=style,
            opacity=faded,
            hoverinfo="skip",
            name=f"{_kind_legend(kind)}, {'formal' if formal else 'informal (dashed)'}",
            legendgroup="links",
            legendgrouptitle_text="Links",
        )
    if arrows and not gl:
        yield go.Scatter(
            x=[a[0] for a in arrows],
            y=[a[1] for a in arrows],
            mode="markers",
            marker={
                "symbol": "triangle-up",
                "size": 9,
                "angle": [a[2] for a in arrows],
                "color": LINK_STYLES[("referral", True)]["color"],
            },
            opacity=faded,
            hoverinfo="skip",
            name="Direction of a one-way referral",
            legendgroup="links",
        )


def _highlight_trace(
    view: NetworkView, pos: Mapping[str, Point], inside: Collection[str], Scatter: Any
) -> Any | None:
    """The highlighted links (a chosen route, a journey) drawn boldly over the others."""
    highlight = view.highlight
    if not highlight or not highlight.edges:
        return None
    segments = [
        (pos[u], pos[v]) for u, v, _k in sorted(highlight.edges) if u in inside and v in inside
    ]
    xs, ys = _segment_lists(segments)
    return Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": HIGHLIGHT_COLOUR, "width": 4},
        hoverinfo="skip",
        name=esc(highlight.label),
        legendgroup="highlight",
    )


def _service_traces(
    G: nx.MultiDiGraph,
    drawn: Sequence[str],
    pos: Mapping[str, Point],
    view: NetworkView,
    Scatter: Any,
    gl: bool,
) -> Iterable[Any]:
    """One marker trace per group of services (colour and shape), then the women-only rings."""
    hl_nodes = view.highlight.services if view.highlight else frozenset()

    def opacity(members: Sequence[str]) -> list[float] | float:
        return [1.0 if n in hl_nodes else 0.3 for n in members] if view.highlight else 1.0

    for group in GROUPS:
        members = [n for n in drawn if G.nodes[n]["group"] == group]
        if not members:
            continue
        names = None
        if view.show_names:
            names = [
                _label(_without_area(G, n), pos[n][0], view.columns)
                if not view.highlight or n in hl_nodes
                else ""
                for n in members
            ]
        yield Scatter(
            x=[pos[n][0] for n in members],
            y=[pos[n][1] for n in members],
            mode="markers+text" if view.show_names else "markers",
            text=names,
            textposition=[_label_side(pos[n][0], view.columns) for n in members],
            textfont={"size": 12, "color": "#1A1A1A"},
            **({} if gl else {"cliponaxis": False}),
            hovertext=[_hover(G, n, view.hover_extra) for n in members],
            hoverinfo="text",
            customdata=members,
            marker={
                "symbol": GROUP_SYMBOLS[group],
                "color": GROUP_COLOURS[group],
                "size": 20 if group == "treatment" else 14,
                "line": {"color": "#FFFFFF", "width": 1},
                "opacity": opacity(members),
            },
            name=GROUP_LABELS[group],
            legendgroup="services",
            legendgrouptitle_text="Services (colour and shape)",
        )
    women = [n for n in drawn if G.nodes[n].get("women_only")]
    if women:
        yield Scatter(
            x=[pos[n][0] for n in women],
            y=[pos[n][1] for n in women],
            mode="markers",
            marker={
                "symbol": "circle-open",
                "size": 26,
                "color": "#000000",
                "line": {"width": 2},
                "opacity": opacity(women),
            },
            hoverinfo="skip",
            name="Women-only service (ring)",
            legendgroup="services",
        )


def _lay_out(
    fig: go.Figure, drawn: Sequence[str], pos: Mapping[str, Point], view: NetworkView
) -> None:
    """Column headings, legend, margins, height and axes of the network figure."""
    annotations = [
        {
            "x": x,
            "y": 1.0,
            "yref": "paper",
            "yanchor": "bottom",
            "text": esc(text),
            "xanchor": "center",
            "showarrow": False,
            "font": {"size": 13},
        }
        for x, text in view.columns
    ]
    fig.update_layout(
        title={"text": esc(view.title)} if view.title else None,
        font=FONT,
        hoverlabel={"font": {"size": 14}, "align": "left"},
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "groupclick": "toggleitem"},
        margin={"l": 10, "r": 10, "t": 60 if view.columns or view.title else 20, "b": 10},
        plot_bgcolor="#FFFFFF",
        annotations=annotations,
        height=_height(drawn, pos, view.columns),
        dragmode="pan",
    )
    fig.update_xaxes(visible=False)
    if view.columns and drawn:
        left = min(pos[n][0] for n in drawn)
        right = max(pos[n][0] for n in drawn)
        room = 1.0 if view.show_names else 0.3
        fig.update_xaxes(range=[left - room, right + room])
    fig.update_yaxes(visible=False)
    if view.geographic:
        fig.update_yaxes(scaleanchor="x", scaleratio=1)


def _kind_legend(kind: str) -> str:
    """'Co-location (no hand-off)': the legend names the one kind that costs no hand-off."""
    return f"{KIND_LABELS[kind]} (no hand-off)" if kind == "co_location" else KIND_LABELS[kind]


def _label_side(x: float, columns: Sequence[tuple[float, str]]) -> str:
    """Names go right of a service, except in the first column of the route layout (treatment),
    whose links all leave to the right."""
    return "middle left" if columns and x < columns[0][0] + 0.5 else "middle right"


def _without_area(G: nx.MultiDiGraph, n: str) -> str:
    """The name without a leading area name ("Ashcombe Women's Centre" → "Women's Centre"):
    on a drawing of one area the area is known, and the rest is what tells services apart."""
    name, area = str(G.nodes[n]["name"]), str(G.nodes[n]["area"])
    rest = name[len(area) :].lstrip(" -–:")
    return rest if name.lower().startswith(area.lower() + " ") and rest else name


def _label(name: object, x: float, columns: Sequence[tuple[float, str]]) -> str:
    """The escaped, shortened name, spaced away from its marker (and the women-only ring)."""
    gap = "\u2002\u2002"
    short = esc(short_name(name, NAME_LIMIT))
    return short + gap if _label_side(x, columns) == "middle left" else gap + short


def _arrow(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float, float]:
    """A point 60% of the way from a to b, and the marker angle (degrees clockwise from up)."""
    x = a[0] + 0.6 * (b[0] - a[0])
    y = a[1] + 0.6 * (b[1] - a[1])
    return x, y, math.degrees(math.atan2(b[0] - a[0], b[1] - a[1]))


def _height(
    drawn: Sequence[str], pos: Mapping[str, tuple[float, float]], columns: Sequence[Any]
) -> int:
    """Tall enough for the longest column of the route layout to keep names apart."""
    if columns:
        ys = [pos[n][1] for n in drawn]
        rows = int(max(ys) - min(ys)) + 1 if ys else 1
        return max(520, min(1800, 36 * rows + 200))
    return 640
