"""Service page: one service in full — what it offers, its links, its routes to treatment, the
findings about it, and how much women's routes depend on it (its key-partner count)."""

from __future__ import annotations

import streamlit as st

from journeymap.analyse.filters import filter_findings
from journeymap.analyse.text import describe_route
from journeymap.graph.index import touchpoints, treatment_nodes
from journeymap.graph.routes import route_to
from journeymap.labels import type_label
from journeymap.outputs.tables import findings_table, links_table
from journeymap.ui import cached, state
from journeymap.ui.safe import md, text
from journeymap.ui.widgets import pick_area, pick_service
from journeymap.vocab import NATIONAL


def render() -> None:
    """Draw the page of the chosen service."""
    st.title("Service")
    m = state.current()
    assert m.smap is not None
    G = m.G
    c1, c2 = st.columns([1, 2])
    with c1:
        area = pick_area(m, key="service_area")
    with c2:
        own = [n for n in cached.area_services(m, area) if G.nodes[n]["area"] == area]
        node = pick_service(G, own, key="service_pick")
    if node is None:
        return
    _about(m, node)
    _figures(m, node, area)
    _route(m, node)

    st.subheader("Links")
    links = links_table(m.smap, G, [node], either_end=True)
    if links.empty:
        st.warning("This service has no links to any other service.")
    else:
        st.dataframe(links, hide_index=True)

    st.subheader("Findings about this service")
    mine = filter_findings(m.findings, subject=node)
    if not mine:
        st.write("No findings name this service.")
    else:
        st.dataframe(findings_table(mine), hide_index=True)


def _about(m: state.MapView, node: str) -> None:
    """Name, type, area, provider, description and offers, as the map gives them."""
    assert m.smap is not None
    d = m.G.nodes[node]
    service = next(s for s in m.smap.services if s.id == node)
    st.header(md(d["name"]))
    facts = [
        type_label(d["type"]),
        f"area {d['area']}",
        "women-only" if d["women_only"] else "open to everyone",
    ]
    if d["provider"]:
        facts.append(f"run by {d['provider']}")
    st.markdown(md(" · ".join(facts)))
    if service.description:
        text(service.description)
    if service.url:
        st.caption("Web page (as written in the map): " + md(service.url))
    st.markdown(
        "**Offers:** "
        + (md(", ".join(o.replace("_", " ") for o in d["offers"])) or "none recorded")
    )


def _figures(m: state.MapView, node: str, area: str) -> None:
    """Key-partner count, hand-offs to treatment, and the touchpoints cut off without it.

    Key partner: how many touchpoints' quickest routes into treatment pass through it. A
    national service serves every area: count every local area's touchpoints.
    """
    G = m.G
    scope = None if area == NATIONAL else area
    partners = cached.partners_of(m, scope)
    count = partners.get(node, 0)
    reach = cached.handoffs(m)
    points = touchpoints(G, scope) if scope else [n for a in m.areas for n in touchpoints(G, a)]
    with_route = [n for n in points if n in reach]
    ranked = sorted(partners.values(), reverse=True)
    rank = ranked.index(count) + 1 if count else None
    cut = cached.dominated(m).get(node, [])
    k1, k2, k3 = st.columns(3)
    k1.metric(
        "Key partner for",
        f"{count} of {len(with_route)}",
        help="How many of the area's touchpoints that can reach treatment have this service on "
        "at least one of their quickest routes (fewest hand-offs) into treatment.",
    )
    k1.caption(
        f"touchpoints in {md(scope or 'every area')}"
        + (f"; rank {rank} of {len(ranked)} in the area" if rank else "")
    )
    h = reach.get(node)
    k2.metric(
        "Hand-offs to treatment",
        "treatment" if G.nodes[node]["treatment"] else ("no route" if h is None else str(h)),
    )
    k3.metric(
        "Touchpoints cut off without it",
        len(cut),
        help="Touchpoints that have no route into treatment at all if this service is lost.",
    )
    if cut:
        st.caption("Cut off without it: " + md(", ".join(sorted(G.nodes[n]["name"] for n in cut))))


def _route(m: state.MapView, node: str) -> None:
    """Its quickest route into treatment, spelled out."""
    assert m.smap is not None
    G = m.G
    st.subheader("Route to treatment")
    if G.nodes[node]["treatment"]:
        st.write("This is a treatment service.")
        return
    route = route_to(G, node, set(treatment_nodes(G)))
    if route is None:
        st.warning("There is no route from this service into treatment.")
        return
    word = "hand-off" if route.handoffs == 1 else "hand-offs"
    st.markdown(f"Quickest route, **{route.handoffs}** {word}:")
    text(describe_route(G, m.smap, route))
    st.caption("The Network page shows every equally quick route, highlighted.")


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
