"""The network before and after a scenario, with what it adds and removes marked (plotly).

Both drawings use the same positions, so the eye can move between them. A change is never shown
by colour alone: added links are thick solid lines and added services wear a green ring,
removed links are thick dotted lines and removed services are crossed out, services whose
offers change wear a blue ring with a dot, and each mark has its own legend entry. Every string from
the data files is HTML-escaped, because plotly reads a few tags in labels and hover text.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import plotly.graph_objects as go

from .graph import area_nodes, build_graph
from .models import Link, Service, ServiceMap
from .scenario import Applied
from .vocab import GROUPS, NATIONAL, TYPE_LABELS

__all__ = ["ADDED", "CHANGED", "REMOVED", "change_figures", "changed_areas", "shared_positions"]

Positions = dict[str, tuple[float, float]]

#: Okabe–Ito colours for service groups (safe for common colour blindness).
GROUP_COLOURS = {
    "treatment": "#D55E00",
    "health": "#0072B2",
    "safety": "#CC79A7",
    "women": "#009E73",
    "justice": "#E69F00",
    "family": "#56B4E9",
    "other": "#7F7F7F",
}
GROUP_SYMBOLS = {
    "treatment": "star",
    "health": "circle",
    "safety": "diamond",
    "women": "triangle-up",
    "justice": "square",
    "family": "pentagon",
    "other": "hexagon",
}
GROUP_LABELS = {
    "treatment": "Treatment",
    "health": "Health",
    "safety": "Safety (domestic abuse, sexual violence)",
    "women": "Women's organisations",
    "justice": "Justice",
    "family": "Family and children",
    "other": "Other",
}
ADDED = "Added by the scenario"
REMOVED = "Removed by the scenario"
CHANGED = "Offers changed by the scenario"
ADDED_COLOUR = "#009E73"  # bluish green
REMOVED_COLOUR = "#D55E00"  # vermillion
CHANGED_COLOUR = "#0072B2"  # blue


def _esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def changed_areas(before: ServiceMap, applied: Applied) -> list[str]:
    """Local areas that hold a changed service or an end of a changed link, in map order."""
    area = {s.id: s.area for s in (*before.services, *applied.smap.services)}
    touched = {
        *applied.services_added,
        *applied.services_removed,
        *applied.services_changed,
        *(k.source for k in (*applied.links_added, *applied.links_removed)),
        *(k.target for k in (*applied.links_added, *applied.links_removed)),
    }
    areas = {area[s] for s in touched if s in area}
    order = list(dict.fromkeys([*before.area_names(), *applied.smap.area_names()]))
    return [a for a in order if a in areas]


def _members(smap: ServiceMap, areas: Collection[str]) -> list[str]:
    G = build_graph(smap)
    return sorted({n for a in areas for n in area_nodes(G, a)})


def shared_positions(before: ServiceMap, after: ServiceMap, areas: Collection[str]) -> Positions:
    """Positions for the services of `areas` (and national ones) in either map, the same for
    both drawings: a force-directed layout of the two maps' links together, fixed seed.

    Cost: O(n²) per iteration of the spring layout; a few dozen services take milliseconds.
    """
    nodes = sorted(set(_members(before, areas)) | set(_members(after, areas)))
    U = nx.Graph()
    U.add_nodes_from(nodes)
    inside = set(nodes)
    for link in (*before.links, *after.links):
        if link.source in inside and link.target in inside:
            U.add_edge(link.source, link.target)
    if not nodes:
        return {}
    raw = nx.spring_layout(U, seed=7, k=1.6 / max(len(nodes), 1) ** 0.5)
    return {n: (float(x), float(y)) for n, (x, y) in raw.items()}


def _segments(
    links: Iterable[Link], pos: Mapping[str, tuple[float, float]]
) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for k in links:
        if k.source in pos and k.target in pos:
            (x0, y0), (x1, y1) = pos[k.source], pos[k.target]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
    return xs, ys


def _line_trace(
    links: Sequence[Link], pos: Positions, name: str, line: dict[str, Any]
) -> go.Scatter | None:
    xs, ys = _segments(links, pos)
    if not xs:
        return None
    return go.Scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", name=name)


def _hover(s: Service) -> str:
    offers = ", ".join(o.replace("_", " ") for o in s.offers) or "none recorded"
    return "<br>".join(
        [
            f"<b>{_esc(s.name)}</b>",
            _esc(f"{TYPE_LABELS.get(s.type, s.type)} · {s.area}"),
            _esc(f"Offers: {offers}"),
        ]
    )


def _figure(
    smap: ServiceMap,
    pos: Positions,
    *,
    marked_links: Sequence[Link],
    marked_services: Collection[str],
    changed: Collection[str],
    added: bool,
    title: str,
) -> go.Figure:
    ids = {s.id for s in smap.services}
    here = {n: p for n, p in pos.items() if n in ids}
    marked = {(k.source, k.target, k.kind) for k in marked_links}
    fig = go.Figure()
    plain = [k for k in smap.links if (k.source, k.target, k.kind) not in marked]
    for formal in (True, False):
        trace = _line_trace(
            [k for k in plain if k.formal == formal],
            here,
            "Link, written" if formal else "Link, informal (dashed)",
            {"color": "#9E9E9E", "width": 1.5, "dash": "solid" if formal else "dash"},
        )
        if trace is not None:
            fig.add_trace(trace)
    style = (
        {"color": ADDED_COLOUR, "width": 5, "dash": "solid"}
        if added
        else {"color": REMOVED_COLOUR, "width": 5, "dash": "dot"}
    )
    trace = _line_trace(marked_links, here, f"Link {(ADDED if added else REMOVED).lower()}", style)
    if trace is not None:
        fig.add_trace(trace)

    by_id = {s.id: s for s in smap.services}
    for group in GROUPS:
        members = sorted(n for n in here if by_id[n].group == group)
        if not members:
            continue
        fig.add_trace(
            go.Scatter(
                x=[here[n][0] for n in members],
                y=[here[n][1] for n in members],
                mode="markers",
                marker={
                    "symbol": GROUP_SYMBOLS[group],
                    "size": 20 if group == "treatment" else 13,
                    "color": GROUP_COLOURS[group],
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                hovertext=[_hover(by_id[n]) for n in members],
                hoverinfo="text",
                customdata=members,
                name=GROUP_LABELS[group],
            )
        )
    for names, label, symbol, colour in (
        (marked_services, ADDED if added else REMOVED, "circle-open" if added else "x-thin-open",
         ADDED_COLOUR if added else REMOVED_COLOUR),
        (changed, CHANGED, "circle-open-dot", CHANGED_COLOUR),
    ):  # fmt: skip
        shown = sorted(n for n in names if n in here)
        if not shown:
            continue
        fig.add_trace(
            go.Scatter(
                x=[here[n][0] for n in shown],
                y=[here[n][1] for n in shown],
                mode="markers+text",
                text=[_esc(by_id[n].name) for n in shown],
                textposition="top center",
                marker={"symbol": symbol, "size": 28, "color": colour, "line": {"width": 3}},
                hoverinfo="skip",
                name=label,
            )
        )
    fig.update_layout(
        title={"text": _esc(title)},
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.02},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="#FFFFFF",
        height=560,
        dragmode="pan",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def change_figures(
    before: ServiceMap, applied: Applied, areas: Collection[str] | None = None
) -> tuple[go.Figure, go.Figure]:
    """(before, after) drawings of `areas` (default: the areas the scenario touches).

    The before drawing marks what the scenario removes, the after drawing what it adds; both
    mark services whose offers change. Cost: one layout of the areas' services and links.
    """
    chosen = list(areas) if areas is not None else changed_areas(before, applied)
    if not chosen:
        chosen = [NATIONAL]
    pos = shared_positions(before, applied.smap, chosen)
    where = ", ".join(chosen)
    fig_before = _figure(
        before,
        pos,
        marked_links=applied.links_removed,
        marked_services=applied.services_removed,
        changed=applied.services_changed,
        added=False,
        title=f"Before: {where}",
    )
    fig_after = _figure(
        applied.smap,
        pos,
        marked_links=applied.links_added,
        marked_services=applied.services_added,
        changed=applied.services_changed,
        added=True,
        title=f"After: {where}",
    )
    return fig_before, fig_after
