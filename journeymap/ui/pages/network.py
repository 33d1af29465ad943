"""Network page: an area's services and the links between them, drawn, with the same data as
tables beside the drawing. One area at a time (with the national services), so a national map
of thousands of services is never drawn at once.

Filters: service groups and types, link kinds, formal links only. Pick a service to highlight
its quickest routes into treatment (every route with the fewest hand-offs), or its
neighbourhood k links out.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import streamlit as st

from journeymap.graph.between import routes_between
from journeymap.graph.index import touchpoints
from journeymap.graph.partners import quickest_routes
from journeymap.labels import plural, type_label
from journeymap.outputs.charts import Highlight, NetworkView, network_figure
from journeymap.outputs.tables import links_table, services_table
from journeymap.ui import cached, state
from journeymap.ui.safe import md
from journeymap.ui.widgets import pick_area, pick_service
from journeymap.vocab import GROUPS, LINK_KINDS

#: Names are written next to services up to this many; beyond it they are on hover only.
NAMES_UP_TO = 60
ROUTES, NEIGHBOURS = "Quickest routes to treatment", "Neighbourhood"
BETWEEN = "Routes to another service"


def _neighbourhood(G: nx.MultiDiGraph, node: str, k: int, inside: set[str]) -> Highlight:
    """Services within k links of `node` (either direction) among `inside`, and their links."""
    seen = {node}
    frontier = {node}
    for _ in range(k):
        nxt: set[str] = set()
        for n in frontier:
            for m in (*G.successors(n), *G.predecessors(n)):
                if m in inside and m not in seen:
                    nxt.add(m)
        seen |= nxt
        frontier = nxt
    edges = frozenset(
        (u, v, key) for u, v, key in G.subgraph(seen).edges(keys=True) if u in seen and v in seen
    )
    label = f"Within {plural(k, 'link')}"
    return Highlight(frozenset(seen), edges, label)


@dataclass(frozen=True)
class Choices:
    """What she chose to see: the services shown and how the drawing shows them."""

    area: str
    layout: str
    shown: list[str]
    kinds: list[str]
    formal_only: bool
    show_names: bool
    focus: str | None


def render() -> None:
    """Draw the network of the chosen area."""
    st.title("Network")
    m = state.current()
    assert m.smap is not None
    G = m.G
    chosen = _choose(m)
    highlight, detail = _highlight(m, chosen)
    pos, columns = cached.positions(m, chosen.area, chosen.layout)
    view = NetworkView(
        kinds=chosen.kinds,
        formal_only=chosen.formal_only,
        highlight=highlight,
        show_names=chosen.show_names,
        columns=columns if chosen.layout == "routes" else (),
        geographic=chosen.layout == "geo",
    )
    fig = network_figure(G, chosen.shown, pos, view)
    if detail:
        st.info(md(detail))
    st.plotly_chart(fig, config={"displaylogo": False, "scrollZoom": True}, key="network_chart")
    missing = [n for n in chosen.shown if n not in pos]
    if missing:
        st.caption(
            f"{len(missing)} services have no coordinates and are not on this map view; "
            "they are in the table below."
        )
    st.caption(
        "Colour and shape show the group of a service; a ring marks a women-only service. "
        "Solid links are formal (a written pathway), dashed links informal. Thick pale links "
        "are co-location, mid-grey joint working, thin dark referrals (a triangle points the "
        "way of a one-way referral). The tables below hold the same services and links. "
        "Routes that pass through other areas are spelled out on the Service page."
    )
    _tables(m, chosen)


def _choose(m: state.MapView) -> Choices:
    """The area, layout and filters above the drawing."""
    G = m.G
    top = st.columns([1, 2, 2])
    filters = st.columns([3, 2])
    links_row = st.columns([2, 3])
    with top[0]:
        area = pick_area(m, key="network_area")
    nodes = cached.area_services(m, area)
    have_coords = any(G.nodes[n]["latitude"] is not None for n in nodes)
    layout = top[1].radio(
        "Layout",
        ["routes", "spring", *(["geo"] if have_coords else [])],
        format_func=cached.LAYOUTS.__getitem__,
        horizontal=True,
        key="network_layout",
    )
    present_groups = [g for g in GROUPS if any(G.nodes[n]["group"] == g for n in nodes)]
    groups = filters[0].pills(
        "Service groups",
        present_groups,
        selection_mode="multi",
        default=present_groups,
        format_func=str.capitalize,
        key="network_groups",
    )
    types = filters[1].multiselect(
        "Only these types",
        sorted(
            {G.nodes[n]["type"] for n in nodes if G.nodes[n]["group"] in groups}, key=type_label
        ),
        format_func=type_label,
        key="network_types",
        placeholder="All types in the chosen groups",
    )
    kinds = links_row[0].pills(
        "Links",
        LINK_KINDS,
        selection_mode="multi",
        default=list(LINK_KINDS),
        format_func=lambda k: k.replace("_", " "),
        key="network_kinds",
    )
    shown = [
        n
        for n in nodes
        if G.nodes[n]["group"] in groups and (not types or G.nodes[n]["type"] in types)
    ]
    with links_row[1]:
        formal_only = st.checkbox("Formal links only", key="network_formal")
        show_names = st.checkbox(
            "Write names on the drawing", value=len(shown) <= NAMES_UP_TO, key="network_names"
        )
    with top[2]:
        focus = pick_service(
            G, shown, key="network_focus", label="Highlight a service", none="None", remember=False
        )
    return Choices(area, layout, shown, kinds, formal_only, show_names, focus)


def _highlight(m: state.MapView, chosen: Choices) -> tuple[Highlight | None, str]:
    """The routes or neighbourhood of the chosen service, and a sentence saying what is bold."""
    G, focus = m.G, chosen.focus
    if focus is None:
        return None, ""
    mode_col, k_col = st.columns([2, 1])
    mode = mode_col.radio(
        "Highlight", [ROUTES, NEIGHBOURS, BETWEEN], horizontal=True, key="network_mode"
    )
    name = G.nodes[focus]["name"]
    if mode == BETWEEN:
        with k_col:
            end = pick_service(
                G,
                [n for n in chosen.shown if n != focus],
                key="network_to",
                label="To",
                remember=False,
            )
        return between_highlight(G, focus, end)
    if mode == NEIGHBOURS:
        k = k_col.slider("Links out", 1, 4, 1, key="network_k")
        near = _neighbourhood(G, focus, k, set(chosen.shown))
        return near, f"{len(near.services) - 1} services within {plural(k, 'link')} of {name}."
    routes = quickest_routes(G, focus, cached.handoffs(m))
    highlight = Highlight(routes.services, routes.edges, "Quickest routes to treatment")
    if routes.handoffs is None:
        return highlight, f"{name} has no route into treatment."
    return highlight, (
        f"From {name}, the quickest routes into treatment take "
        f"{plural(routes.handoffs, 'hand-off')} and pass through {len(routes.services) - 1} "
        "other services (drawn in bold; the rest fade)."
    )


def between_highlight(
    G: nx.MultiDiGraph, start: str, end: str | None
) -> tuple[Highlight | None, str]:
    """Every quickest route from `start` to `end`, drawn, and listed under the sentence."""
    if end is None:
        return None, ""
    found = routes_between(G, start, end)
    a, b = G.nodes[start]["name"], G.nodes[end]["name"]
    if found.handoffs is None:
        return Highlight(frozenset({start, end}), frozenset(), "No route"), (
            f"There is no route from {a} to {b} on this map."
        )
    listed = "\n".join(
        f"{i}. " + _route_words(G, route) for i, route in enumerate(found.routes, start=1)
    )
    more = "\n(and more routes as quick; only the first are listed)" if found.more else ""
    sentence = (
        f"From {a} to {b}: {plural(len(found.routes), 'quickest route')}"
        f"{' or more' if found.more else ''}, each {plural(found.handoffs, 'hand-off')} "
        "(drawn in bold; the rest fade)."
    )
    return Highlight(found.services, found.edges, "Quickest routes"), f"{sentence}\n{listed}{more}"


def _route_words(G: nx.MultiDiGraph, route: tuple[tuple[str, str, int], ...]) -> str:
    """'GP → referral, formal → Women's centre → co-location → Treatment'."""
    words = [str(G.nodes[route[0][0]]["name"])]
    for u, v, key in route:
        d = G.edges[u, v, key]
        kind = str(d["kind"]).replace("_", "-")
        words.append(f"{kind}, {'formal' if d['formal'] else 'informal'}")
        words.append(str(G.nodes[v]["name"]))
    return " → ".join(words)


def _tables(m: state.MapView, chosen: Choices) -> None:
    """The same services and links as tables: the drawing's text alternative."""
    assert m.smap is not None
    G = m.G
    local = set(touchpoints(G, chosen.area))
    partners = cached.partners_of(m, chosen.area) if local else {}
    links = links_table(m.smap, G, chosen.shown, kinds=chosen.kinds, formal_only=chosen.formal_only)
    shown = chosen.shown
    tab_services, tab_links = st.tabs([f"Services ({len(shown)})", f"Links ({len(links)})"])
    with tab_services:
        st.dataframe(
            services_table(G, shown, handoffs=cached.handoffs(m), partners=partners),
            hide_index=True,
            key="network_services",
        )
    with tab_links:
        st.dataframe(links, hide_index=True, key="network_links")


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
