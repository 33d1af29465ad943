"""Gaps page: every finding, filtered by area, category and severity, each readable in full,
and the gap report CSV for the same choice (the bytes `journeymap report` writes)."""

from __future__ import annotations

import re

import streamlit as st

from journeymap.filters import filter_findings
from journeymap.models import Finding
from journeymap.report import report_csv
from journeymap.tables import findings_table
from journeymap.ui import state
from journeymap.ui.safe import md, text

SEVERITIES = ("high", "medium", "low")


def file_name(areas: list[str]) -> str:
    """'journeymap-gaps.csv', or with the one chosen area: 'journeymap-gaps-fenmoor.csv'."""
    if len(areas) != 1:
        return "journeymap-gaps.csv"
    slug = re.sub(r"[^a-z0-9]+", "-", areas[0].lower()).strip("-") or "area"
    return f"journeymap-gaps-{slug}.csv"


def _detail(f: Finding) -> None:
    with st.container(border=True):
        st.markdown(
            f"**{md(f.subject_name)}** · {md(f.area)} · {md(f.category.replace('_', ' '))} · "
            f"severity **{md(f.severity)}**"
        )
        st.markdown("**Finding**")
        text(f.finding)
        st.markdown("**Evidence**")
        text(f.evidence)
        st.markdown("**Suggestion**")
        text(f.suggestion)
        st.caption("Source: " + md(f.source))


def render() -> None:
    """Draw the gap list for the current map."""
    m = state.current()
    st.title("Gaps")
    areas_present = list(dict.fromkeys(f.area for f in m.findings))
    categories_present = list(dict.fromkeys(sorted(f.category for f in m.findings)))
    c1, c2, c3 = st.columns([2, 2, 1])
    areas = c1.multiselect("Areas", areas_present, key="gaps_areas", placeholder="All areas")
    categories = c2.multiselect(
        "Categories",
        categories_present,
        format_func=lambda c: c.replace("_", " "),
        key="gaps_categories",
        placeholder="All categories",
    )
    severities = c3.multiselect("Severity", SEVERITIES, key="gaps_severities", placeholder="All")
    chosen = filter_findings(m.findings, areas=areas, categories=categories, severities=severities)
    st.download_button(
        f"Download these {len(chosen)} gaps (CSV)",
        data=report_csv(chosen),
        file_name=file_name(areas),
        mime="text/csv",
        on_click="ignore",
        key="gaps_download",
        help="The same file `journeymap report` writes: opens cleanly in Excel.",
    )
    st.caption(
        f"{len(chosen)} of {len(m.findings)} findings. Select a row to read it in full below."
    )
    if not chosen:
        st.info("No findings match this choice.")
        return
    event = st.dataframe(
        findings_table(chosen),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="gaps_table",
        column_config={
            "Finding": st.column_config.TextColumn(width="large"),
            "Suggestion": st.column_config.TextColumn(width="large"),
        },
    )
    rows = event.selection.rows if event is not None else []
    index = rows[0] if rows and rows[0] < len(chosen) else 0
    st.subheader("In full")
    _detail(chosen[index])


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
