"""Standards page: the minimum-standards scorecard of an area, and every area side by side."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from journeymap.analyse.standards import STATE_LABELS
from journeymap.outputs.tables import scorecard_table
from journeymap.ui import cached, state
from journeymap.ui.safe import md, text
from journeymap.ui.widgets import pick_area, pick_row

#: Show the all-areas grid without asking up to this many areas.
GRID_WITHOUT_ASKING = 30


def render() -> None:
    """Draw the scorecard for the chosen area."""
    st.title("Standards")
    m = state.current()
    assert m.smap is not None
    st.caption(
        "The minimum standards for women's treatment (Womanifesto recommendation one and the "
        "CJI commissioning guide), checked against the map. National services count for "
        "every area. The checklist is `standards.csv`: copy it into your map folder to edit it."
    )
    with st.columns([1, 2])[0]:
        area = pick_area(m, key="standards_area", national=False)
    results = cached.scorecard_of(m, area)
    met = sum(r.met for r in results)
    st.subheader(md(area))
    st.metric("Standards met", f"{met} of {len(results)}")
    counts = Counter(r.label for r in results)
    st.caption(" · ".join(f"{counts[label]} {label}" for label in STATE_LABELS.values()))
    table = scorecard_table(results, m.G)
    index = pick_row(table, key="standards_table", wide=("Standard", "Services that meet it"))
    if results:
        chosen = results[index]
        st.caption("Select a row to read it in full.")
        with st.container(border=True):
            st.markdown(f"**{chosen.label.capitalize()}** · " + md(chosen.standard.id))
            text(chosen.standard.standard)
            names = [str(m.G.nodes[n]["name"]) for n in chosen.services]
            st.markdown("**Services that meet it:** " + (md("; ".join(names)) if names else "none"))
            if chosen.why:
                st.markdown("**Why not:** " + md(chosen.why))
            if not chosen.met and chosen.standard.suggestion:
                st.markdown("**What would help:** " + md(chosen.standard.suggestion))
            st.caption("Source: " + md(chosen.standard.source))
    if not m.smap.standards:
        st.info("The checklist is empty.")
        return
    st.subheader("Every area")
    if len(m.areas) <= GRID_WITHOUT_ASKING or st.toggle(
        f"Show all {len(m.areas)} areas", key="standards_all"
    ):
        grid = {a: [r.label for r in cached.scorecard_of(m, a)] for a in m.areas}
        frame = pd.DataFrame(grid, index=[s.standard for s in m.smap.standards])
        frame.index.name = "Standard"
        st.dataframe(frame)


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
