"""Gaps page: every finding, filtered by area, category and severity, each readable in full,
and the gap report CSV for the same choice (the bytes `journeymap report` writes)."""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st

from journeymap.analyse.filters import filter_findings
from journeymap.models import Finding
from journeymap.outputs.report import report_csv
from journeymap.outputs.tables import findings_table
from journeymap.ui import state
from journeymap.ui.safe import md, text
from journeymap.ui.widgets import pick_row

SEVERITIES = ("high", "medium", "low")


def file_name(areas: list[str]) -> str:
    """'journeymap-gaps.csv', or with the one chosen area: 'journeymap-gaps-fenmoor.csv'."""
    if len(areas) != 1:
        return "journeymap-gaps.csv"
    slug = re.sub(r"[^a-z0-9]+", "-", areas[0].lower()).strip("-") or "area"
    return f"journeymap-gaps-{slug}.csv"


def _choice(
    m: state.MapView,
    areas: tuple[str, ...],
    categories: tuple[str, ...],
    severities: tuple[str, ...],
) -> tuple[list[Finding], pd.DataFrame]:
    """The chosen findings and their table: once per map and choice, so a national map's
    thousands of findings are not re-tabled on every rerun."""
    chosen = filter_findings(m.findings, areas=areas, categories=categories, severities=severities)
    return chosen, findings_table(chosen)


def _report(m: state.MapView, chosen: list[Finding]) -> bytes:
    """The chosen findings as `journeymap report` writes them, made when she clicks Download
    (a national map's 10,000 findings take 0.1 s to encode)."""
    assert m.smap is not None
    return report_csv(chosen, m.smap.actions)


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
    st.title("Gaps")
    m = state.current()
    order = {a: i for i, a in enumerate(m.areas)}
    areas_present = sorted({f.area for f in m.findings}, key=lambda a: (order.get(a, 1 << 30), a))
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
    chosen, table = state.derive(m, _choice, tuple(areas), tuple(categories), tuple(severities))
    st.download_button(
        f"Download these {len(chosen)} gaps (CSV)",
        data=partial(_report, m, chosen),
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
    index = pick_row(table, key="gaps_table", wide=("Finding", "Suggestion"))
    st.subheader("In full")
    _detail(chosen[index])


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
