"""Overview page: an area's headline figures, its top gaps in plain words, and all areas side
by side. The figures are `metrics.headline`, the same as the scenario comparison and the board
report use."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from journeymap.analyse.filters import filter_findings, top_findings
from journeymap.analyse.metrics import Headline
from journeymap.outputs.severity_chart import severity_figure
from journeymap.outputs.tables import severity_table
from journeymap.ui import cached, runs_panel, state
from journeymap.ui.figures_panel import render_figures
from journeymap.ui.safe import md, text
from journeymap.ui.widgets import pick_area

#: Compare every area at once only up to this many without asking (each area costs a search).
COMPARE_WITHOUT_ASKING = 30
TOP_GAPS = 5
#: The top gaps show at most this many of one category, so one kind does not fill the list.
TOP_PER_CATEGORY = 2


def _share(h: Headline) -> str:
    return "no touchpoints" if h.share_with_route is None else f"{h.share_with_route:.0%}"


def _median(h: Headline) -> str:
    return "no routes" if h.median_handoffs is None else f"{h.median_handoffs:g}"


def _row(h: Headline) -> dict[str, object]:
    return {
        "Area": h.area,
        "Touchpoints": h.touchpoints,
        "With a route to treatment": h.with_route,
        "Share with a route": _share(h),
        "Median hand-offs": _median(h),
        "Standards met": f"{h.standards_met} of {h.standards_total}",
        "High": h.by_severity.get("high", 0),
        "Medium": h.by_severity.get("medium", 0),
        "Low": h.by_severity.get("low", 0),
    }


def render() -> None:
    """Draw the overview of the current map."""
    st.title("Overview")
    m = state.current()
    assert m.smap is not None
    st.caption(
        md(
            f"{len(m.smap.services)} services, {len(m.smap.links)} links, "
            f"{len(m.smap.journeys)} journeys, {len(m.areas)} areas; {len(m.findings)} findings."
        )
    )
    with st.columns([1, 2])[0]:
        area = pick_area(m, key="overview_area", national=False)
    h = cached.headline_of(m, area)
    st.subheader(md(area))
    cols = st.columns([3, 2, 2, 2])
    cols[0].metric(
        "Touchpoints with a route to treatment",
        _share(h),
        help="Services women already use (not treatment) from which any route leads into "
        "treatment, out of all such services in the area.",
    )
    cols[0].caption(f"{h.with_route} of {h.touchpoints} touchpoints")
    cols[1].metric(
        "Median hand-offs to treatment",
        _median(h),
        help="How many times a woman is passed on before she reaches treatment, on the "
        "quickest route; the middle value over touchpoints that have a route.",
    )
    cols[2].metric("Standards met", f"{h.standards_met} of {h.standards_total}")
    sev = h.by_severity
    cols[3].metric(
        "Findings: high / medium / low", f"{sev['high']} / {sev['medium']} / {sev['low']}"
    )
    runs_panel.panel(m, area)

    render_figures(m, area)  # published NDTMS figures beside the map (figures.csv), if any

    mine = filter_findings(m.findings, areas=[area])
    st.subheader("Top gaps")
    if not mine:
        st.success("No gaps found in this area.")
    for f in top_findings(mine, TOP_GAPS, per_category=TOP_PER_CATEGORY):
        with st.container(border=True):
            st.markdown(f"**{md(f.severity.capitalize())}** · {md(f.category.replace('_', ' '))}")
            text(f.finding)
            st.caption("What would help: " + md(f.suggestion))
    if len(mine) > TOP_GAPS:
        st.caption(f"The Gaps page lists all {len(mine)} findings for this area.")

    if mine:
        st.subheader("Findings by category")
        chart, table = st.columns([3, 2])
        chart.plotly_chart(severity_figure(mine), config={"displaylogo": False})
        table.dataframe(severity_table(mine), hide_index=True)

    st.subheader("All areas")
    if len(m.areas) <= COMPARE_WITHOUT_ASKING or st.toggle(
        f"Compare all {len(m.areas)} areas (slow the first time on a large map)",
        key="overview_compare",
    ):
        rows = [_row(cached.headline_of(m, a)) for a in m.areas]
        st.dataframe(pd.DataFrame(rows), hide_index=True)


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
