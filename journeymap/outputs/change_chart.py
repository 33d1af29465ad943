"""The network before and after a scenario, with what it adds and removes marked (plotly).

The drawing itself is the explorer's (`charts.network_figure`: colour and shape per group of
services, rings for women-only services, link styles by kind and formality, arrowheads on
one-way referrals), so a map looks the same on every page. On top of it this module marks the
change, never by colour alone: added links are thick solid lines and added services wear a
large ring, removed links are thick dotted lines and removed services are crossed out, services
whose offers change wear a ring with a dot, each with its own legend entry, and the services at
the ends of a changed link are named. Both drawings use the same positions and axis ranges.
Every string from the data files is HTML-escaped (plotly reads a few tags in labels).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import networkx as nx
import plotly.graph_objects as go

from journeymap.graph.build import build_graph
from journeymap.graph.index import area_nodes
from journeymap.labels import CHANGE_COLOURS
from journeymap.models import Link, ServiceMap
from journeymap.outputs.charts import NetworkView, esc, network_figure
from journeymap.outputs.layout import Positions
from journeymap.scenario.apply import Applied
from journeymap.vocab import NATIONAL

__all__ = ["ADDED", "CHANGED", "REMOVED", "change_figures", "changed_areas", "shared_positions"]

ADDED = "Added by the scenario"
REMOVED = "Removed by the scenario"
CHANGED = "Offers changed by the scenario"
ADDED_COLOUR = CHANGE_COLOURS["added"]
REMOVED_COLOUR = CHANGE_COLOURS["removed"]
CHANGED_COLOUR = CHANGE_COLOURS["changed"]


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
    both drawings: a force-directed layout (fixed seed) of the two maps' links together.

    Cost: O(n²) per iteration of the layout; a few dozen services take milliseconds.
    """
    nodes = sorted(set(_members(before, areas)) | set(_members(after, areas)))
    if not nodes:
        return {}
    U = nx.Graph()
    U.add_nodes_from(nodes)
    inside = set(nodes)
    U.add_edges_from(
        (k.source, k.target)
        for k in (*before.links, *after.links)
        if k.source in inside and k.target in inside
    )
    # networkx's layout keeps a small separate group near the rest, where a plain one would
    # push it to the edge and squash the main network into a line.
    raw = nx.spring_layout(U, seed=7, k=1.6 / len(nodes) ** 0.5)
    return {n: (float(x), float(y)) for n, (x, y) in raw.items()}


def _segments(
    links: Iterable[Link], pos: Positions
) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for k in links:
        if k.source in pos and k.target in pos:
            (x0, y0), (x1, y1) = pos[k.source], pos[k.target]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
    return xs, ys


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
    G = build_graph(smap)
    here = {n: p for n, p in pos.items() if n in G}
    fig = network_figure(G, list(here), here, NetworkView(title=title))
    names = {s.id: s.name for s in smap.services}
    xs, ys = _segments(marked_links, here)
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=(
                    {"color": ADDED_COLOUR, "width": 8, "dash": "solid"}
                    if added
                    else {"color": REMOVED_COLOUR, "width": 8, "dash": "dot"}
                ),
                hoverinfo="skip",
                name=f"Link {(ADDED if added else REMOVED).lower()}",
            )
        )
    marks = (
        (
            marked_services,
            ADDED if added else REMOVED,
            "circle-open" if added else "x-thin-open",
            ADDED_COLOUR if added else REMOVED_COLOUR,
        ),
        (changed, CHANGED, "circle-open-dot", CHANGED_COLOUR),
    )
    for ids, label, symbol, colour in marks:
        shown = sorted(n for n in ids if n in here)
        if not shown:
            continue
        fig.add_trace(
            go.Scatter(
                x=[here[n][0] for n in shown],
                y=[here[n][1] for n in shown],
                mode="markers+text",
                text=[esc(names[n]) for n in shown],
                textposition="top center",
                marker={"symbol": symbol, "size": 30, "color": colour, "line": {"width": 3}},
                hoverinfo="skip",
                name=label,
            )
        )
    labelled = {*marked_services, *changed}
    ends = sorted(
        {e for k in marked_links for e in (k.source, k.target) if e in here and e not in labelled}
    )
    if ends:
        fig.add_trace(
            go.Scatter(
                x=[here[n][0] for n in ends],
                y=[here[n][1] for n in ends],
                mode="text",
                text=[esc(names[n]) for n in ends],
                textposition="top center",
                hoverinfo="skip",
                name="Services at the ends of a changed link",
                showlegend=False,
            )
        )
    _same_ranges(fig, pos)
    return fig


def _same_ranges(fig: go.Figure, pos: Positions) -> None:
    """The same ranges in both drawings, so a service sits in the same place in each."""
    xs_all = [p[0] for p in pos.values()] or [0.0]
    ys_all = [p[1] for p in pos.values()] or [0.0]
    pad_x = 0.12 * (max(xs_all) - min(xs_all) or 1.0)
    pad_y = 0.12 * (max(ys_all) - min(ys_all) or 1.0)
    fig.update_xaxes(range=[min(xs_all) - pad_x, max(xs_all) + pad_x])
    fig.update_yaxes(range=[min(ys_all) - pad_y, max(ys_all) + pad_y])
    fig.update_layout(height=900)  # the explorer's legend takes a third of it


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
