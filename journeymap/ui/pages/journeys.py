"""Journeys page: one journey over the network and as a feeling curve; all journeys pooled.

Journeys come from the map's journeys.csv or from this app's workshop workspace (only those she
said may be pooled). Pooled figures keep the small-number rule (`journeymap.workshop.pooled`):
counts below 5 read "fewer than 5", and averages over fewer than 5 journeys are not shown. Her
own words (the notes) are shown only once the facilitator PIN is given in this browser session
(`ui.facilitator`).
"""

from __future__ import annotations

import streamlit as st

from journeymap.analyse.journeys import contact_advice, missed_steps
from journeymap.graph.index import area_nodes
from journeymap.labels import BARRIER_LABELS, FEELING_WORDS, barrier_label, plural
from journeymap.models import Journey, ServiceMap
from journeymap.ui import facilitator, state
from journeymap.ui.safe import md
from journeymap.ui.workspace import store
from journeymap.workshop.charts import barrier_figure, feeling_figure, journey_figure
from journeymap.workshop.pooled import pool, pooled_files

__all__ = ["render"]


def _label(m: state.MapView, service: str, place: str) -> str:
    if service and service in m.G:
        return str(m.G.nodes[service]["name"])
    return place or service


def _one(m: state.MapView, smap: ServiceMap, journeys: tuple[Journey, ...], words: bool) -> None:
    codes = [j.code for j in journeys]
    code = st.selectbox("Journey", codes, key="jv_code")
    journey = next(j for j in journeys if j.code == code)
    G = m.G
    labels = {s.step: _label(m, s.service, s.place) for s in journey.steps}
    missed = [s.step for s in missed_steps(G, journey)]
    areas = dict.fromkeys(G.nodes[s.service]["area"] for s in journey.steps if s.service in G)
    nodes = list(dict.fromkeys(n for a in areas for n in area_nodes(G, a)))

    st.subheader("Her path over the services")
    if nodes:
        st.plotly_chart(journey_figure(G, journey, nodes, missed), key="jv_path")
        off = [labels[s.step] for s in journey.steps if s.service not in G]
        if off:
            st.caption("Places not on the map (not drawn): " + md("; ".join(off)))
    else:
        st.info("None of the places in this journey are on the map, so there is no path to draw.")

    st.subheader("Contacts that did not help her onward")
    if not missed:
        st.write(
            "None recorded: no contact with a service on the map, before she reached "
            "treatment, was marked as not helping her on."
        )
    for step in missed_steps(G, journey):
        _severity, advice, _sources = contact_advice(smap, G, step.service, step.barriers)
        with st.container(border=True):
            st.markdown(f"**Step {step.step}: {md(G.nodes[step.service]['name'])}**")
            if step.barriers:
                got = "; ".join(barrier_label(b) for b in step.barriers)
                st.caption("What got in the way: " + md(got))
            st.write(md(advice))

    st.subheader("How each step felt")
    st.plotly_chart(feeling_figure(journey, labels), key="jv_feeling")
    st.dataframe(
        [
            {
                "Step": s.step,
                "Place": labels[s.step],
                "How it felt": "" if s.feeling is None else FEELING_WORDS[s.feeling],
                "What got in the way": "; ".join(BARRIER_LABELS.get(b, b) for b in s.barriers),
                "Helped her onward": {True: "yes", False: "no", None: ""}[s.helped_onward],
                **({"Her words": s.note} if words else {}),
            }
            for s in journey.steps
        ],
        hide_index=True,
    )
    if not words and any(s.note for s in journey.steps):
        with st.expander("Her words are shown to the facilitator only"):
            facilitator.pin_form(store(), "journeys")


def _pooled(m: state.MapView, journeys: tuple[Journey, ...]) -> None:
    assert m.smap is not None
    pooled = pool(journeys, {s.id: s.name for s in m.smap.services})
    st.caption(
        "So that no woman can be recognised, any number below 5 is shown as “fewer than 5”, "
        "averages over fewer than 5 journeys are not shown, and a place typed in a workshop is "
        "named only when at least 5 journeys name it."
    )
    st.metric("Journeys", pooled.shown)
    st.subheader("Where women went next")
    st.dataframe(
        [{"From": f.source_label, "To": f.target_label, "Journeys": f.shown} for f in pooled.flows],
        hide_index=True,
    )
    st.subheader("What got in the way")
    if any(b.journeys >= 5 for b in pooled.barriers):
        st.plotly_chart(barrier_figure(pooled), key="jv_barriers")
    st.dataframe(
        [{"What got in the way": b.label, "Journeys": b.shown} for b in pooled.barriers],
        hide_index=True,
    )
    st.subheader("How it felt at each place")
    st.dataframe(
        [
            {
                "Place": f.label,
                "Journeys": f.shown,
                "Average feeling (-2 to 2)": (
                    f"{f.average:+.1f}" if f.average is not None else "not shown"
                ),
            }
            for f in pooled.feelings
        ],
        hide_index=True,
    )
    cols = st.columns(3)
    for col, (name, data) in zip(cols, pooled_files(pooled).items(), strict=True):
        col.download_button(
            f"Download {name}", data, file_name=name, mime="text/csv", on_click="ignore", key=name
        )


def render() -> None:
    """Draw the journeys page."""
    m = state.current()
    assert m.smap is not None
    st.title("Journeys")
    ws = store()
    workshop = tuple(ws.pooled_journeys())  # only those she said may be pooled
    left_out = ws.without_pool_consent()
    sources = {
        "map": f"In the map files ({len(m.smap.journeys)})",
        "workshop": f"From the workshop on this computer ({len(workshop)})",
    }
    source = st.radio(
        "Which journeys", list(sources), format_func=sources.get, horizontal=True, key="jv_source"
    )
    journeys = m.smap.journeys if source == "map" else workshop
    if source == "workshop" and left_out:
        st.caption(
            f"{plural(left_out, 'journey')} from the workshop "
            f"{'is' if left_out == 1 else 'are'} not shown: she did not say it may be counted "
            "with others."
        )
    if not journeys:
        st.info(
            "No journeys here yet. Record them on the Workshop page, or add a journeys.csv to "
            "the map folder."
        )
        return
    smap = m.smap if source == "map" else m.smap.model_copy(update={"journeys": journeys})
    one, pooled = st.tabs(["One journey", "All journeys together"])
    with one:
        _one(m, smap, journeys, words=facilitator.unlocked())
    with pooled:
        _pooled(m, journeys)


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
