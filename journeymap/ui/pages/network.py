"""Network page: an area's services and the links between them, drawn, with the same data as
tables beside the drawing. One area at a time (with the national services), so a national map
of thousands of services is never drawn at once.

Filters: service groups and types, link kinds, formal links only. Pick a service to highlight
its quickest routes into treatment (every route with the fewest hand-offs), or its
neighbourhood k links out.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from journeymap.graph.index import touchpoints
from journeymap.graph.partners import quickest_routes
from journeymap.labels import type_label
from journeymap.outputs.charts import Highlight, network_figure
from journeymap.outputs.tables import links_table, services_table
from journeymap.ui import cached, state
from journeymap.ui.safe import md
from journeymap.ui.widgets import pick_area, pick_service
from journeymap.vocab import GROUPS, LINK_KINDS

#: Names are written next to services up to this many; beyond it they are on hover only.
NAMES_UP_TO = 60
ROUTES, NEIGHBOURS = "Quickest routes to treatment", "Neighbourhood"


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
    label = f"Within {k} link{'s' if k != 1 else ''}"
    return Highlight(frozenset(seen), edges, label)


def render() -> None:
    """Draw the network of the chosen area."""
    st.title("Network")
    m = state.current()
    assert m.smap is not None
    G = m.G
    top = st.columns([1, 2, 2])
    filters = st.columns([3, 2])
    links_row = st.columns([2, 3])
    with top[0]:
        area = pick_area(m, key="network_area")
    nodes = cached.area_services(m, area)
    have_coords = any(G.nodes[n]["latitude"] is not None for n in nodes)
    layouts = ["routes", "spring", *(["geo"] if have_coords else [])]
    layout = top[1].radio(
        "Layout",
        layouts,
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
    present_types = sorted(
        {G.nodes[n]["type"] for n in nodes if G.nodes[n]["group"] in groups},
        key=lambda t: type_label(t),
    )
    types = filters[1].multiselect(
        "Only these types",
        present_types,
        format_func=lambda t: type_label(t),
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
    highlight = None
    detail = ""
    if focus is not None:
        mode_col, k_col = st.columns([2, 1])
        mode = mode_col.radio(
            "Highlight", [ROUTES, NEIGHBOURS], horizontal=True, key="network_mode"
        )
        if mode == ROUTES:
            routes = quickest_routes(G, focus, cached.handoffs(m))
            highlight = Highlight(routes.services, routes.edges, "Quickest routes to treatment")
            name = G.nodes[focus]["name"]
            if routes.handoffs is None:
                detail = f"{name} has no route into treatment."
            else:
                hops = routes.handoffs
                detail = (
                    f"From {name}, the quickest routes into treatment take {hops} hand-off"
                    f"{'s' if hops != 1 else ''} and pass through {len(routes.services) - 1} "
                    "other services (drawn in bold; the rest fade)."
                )
        else:
            k = k_col.slider("Links out", 1, 4, 1, key="network_k")
            highlight = _neighbourhood(G, focus, k, set(shown))
            detail = (
                f"{len(highlight.services) - 1} services within {k} link"
                f"{'s' if k != 1 else ''} of {G.nodes[focus]['name']}."
            )
    pos, columns = cached.positions(m, area, layout)
    missing = [n for n in shown if n not in pos]
    fig = network_figure(
        G,
        shown,
        pos,
        kinds=kinds,
        formal_only=formal_only,
        highlight=highlight,
        show_names=show_names,
        columns=columns if layout == "routes" else (),
        geographic=layout == "geo",
    )
    if detail:
        st.info(md(detail))
    st.plotly_chart(fig, config={"displaylogo": False, "scrollZoom": True}, key="network_chart")
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
    reach = cached.handoffs(m)
    local = set(touchpoints(G, area))
    partners = cached.partners_of(m, area) if local else {}
    links = links_table(m.smap, G, shown, kinds=kinds, formal_only=formal_only)
    tab_services, tab_links = st.tabs([f"Services ({len(shown)})", f"Links ({len(links)})"])
    with tab_services:
        st.dataframe(
            services_table(G, shown, handoffs=reach, partners=partners),
            hide_index=True,
            key="network_services",
        )
    with tab_links:
        st.dataframe(links, hide_index=True, key="network_links")


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
