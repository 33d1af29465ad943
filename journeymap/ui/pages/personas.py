"""Personas page: for a group of women in an area, where she starts, whether and how she
reaches treatment that fits her needs, and what is missing.
"""

from __future__ import annotations

import streamlit as st

from journeymap.analyse.personas import need_words, persona_view, why_cut_off
from journeymap.analyse.text import describe_route, kind_of, name
from journeymap.labels import plural, type_label
from journeymap.ui import state
from journeymap.ui.safe import md

__all__ = ["render"]


def render() -> None:
    """Draw the personas page."""
    m = state.current()
    smap, G = m.smap, m.G
    assert smap is not None
    st.title("Personas")
    st.write(
        "Each persona is a group of women: the places she already goes, what treatment must "
        "offer to fit her needs, and the services a route must not pass through to be safe for "
        "her. The list comes from personas.csv."
    )
    if not smap.personas or not m.areas:
        st.info("This map has no personas or no local areas.")
        return
    area = st.selectbox("Area", m.areas, key="pv_area")
    views = [persona_view(G, p, area) for p in smap.personas]
    st.dataframe(
        [
            {
                "Group of women": v.persona.name,
                "Places she already goes": len(v.entries),
                "With a safe route": len(v.reached),
                "Cut off": len(v.cut_off),
            }
            for v in views
        ],
        hide_index=True,
    )
    ids = [p.id for p in smap.personas]
    names = {p.id: p.name for p in smap.personas}
    pid = st.selectbox("Group of women", ids, format_func=lambda i: names[i], key="pv_persona")
    view = views[ids.index(pid) if pid in ids else 0]
    persona = view.persona

    st.header(md(persona.name))
    if persona.description:
        st.write(md(persona.description))
    needs = need_words(persona.needs_any) or "anything: any treatment fits"
    st.write(f"**Treatment must offer:** {md(needs)}")
    if persona.avoid_types:
        avoid = ", ".join(type_label(t).lower() for t in persona.avoid_types)
        st.write(f"**A safe route does not pass through:** {md(avoid)}")
    fitting = ", ".join(name(G, n) for n in view.fitting) or "none"
    st.write(f"**Treatment in {md(area)} (or national) that fits:** {md(fitting)}")

    st.subheader("Where she starts, and how she gets on")
    if not view.entries:
        st.write(f"None of the places she goes are on the map for {md(area)}.")
    for entry in view.entries:
        with st.container(border=True):
            place = f"{name(G, entry.service)} ({kind_of(G, entry.service)})"
            if entry.route is not None:
                hops = entry.route.handoffs
                st.markdown(
                    f"✅ **{md(place)}**: reaches {md(name(G, entry.route.end))} with "
                    f"{plural(hops, 'hand-off')}."
                )
                st.caption(md(describe_route(G, smap, entry.route)))
            else:
                st.markdown(f"❌ **{md(place)}**: no safe route.")
                st.caption(md(why_cut_off(G, entry, view).capitalize() + "."))

    st.subheader("What is missing")
    finding = next(
        (
            f
            for f in m.findings
            if f.category == "persona_gap" and f.area == area and f.subject_id == persona.id
        ),
        None,
    )
    if finding is None:
        st.success(
            "Nothing: every place she already goes has a safe route into treatment that fits "
            "her needs."
        )
        return
    st.write(md(finding.finding))
    st.write(md(finding.suggestion))
    st.caption(f"Source: {md(finding.source)} · severity {finding.severity}")


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
