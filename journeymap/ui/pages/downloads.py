"""Downloads page: the board report, and the map for Gephi, Cytoscape, Kumu and Excel.

The bytes are made by the same package functions as `journeymap brief` and `journeymap export`
(`brief.board_report`, `export.export_bytes`), so the app and the command line never differ.
Each file is made only when its button is clicked (a workbook or a report of every area of a
national map takes seconds), and cached per map content (its digest), format and area.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from journeymap.outputs.brief import board_report
from journeymap.outputs.export import FORMATS, SUFFIXES, MissingExtra, export_bytes, xlsx_available
from journeymap.scenario.plan import Plan
from journeymap.ui import plans, runs_panel, state
from journeymap.workshop.board import board_extras

ALL_AREAS = "All areas"

#: What each format is for, in plain words: (button label, who opens it).
FORMAT_TEXT: dict[str, tuple[str, str]] = {
    "graphml": (
        "GraphML",
        "For Gephi, Cytoscape or yEd: one node per service, one edge per link.",
    ),
    "gexf": ("GEXF", "Gephi's own format; each service is labelled with its name."),
    "json": ("JSON", "networkx node-link data, for your own scripts."),
    "kumu": (
        "Kumu (zip)",
        "elements.csv and connections.csv for Kumu's import, in one zip: unzip it and import "
        "elements.csv first.",
    ),
    "xlsx": ("Excel workbook", "Services, links and the gap report, on three sheets."),
}
MIME: dict[str, str] = {
    "graphml": "application/xml",
    "gexf": "application/xml",
    "json": "application/json",
    "kumu": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@st.cache_data(max_entries=32, show_spinner="Preparing the file…")
def _export(digest: str, fmt: str, _m: state.MapView) -> bytes:
    """The export bytes for this map content and format (cached on the digest)."""
    assert _m.smap is not None
    return export_bytes(_m.smap, fmt, _m.findings)


@st.cache_data(max_entries=16, show_spinner="Writing the board report…")
def _brief(
    digest: str,
    area: str,
    day: dt.date,
    run: str,
    planned: bool,
    _m: state.MapView,
    _plan: Plan | None,
) -> bytes:
    """The board report for one area, or every area (cached on digest, area, day, the last
    saved run's name, so saving a run makes the report anew, and whether the plan of a large
    map was made). On a map of `plans.ASK_FROM` services or more the area's plan is `_plan`,
    the one worked out on the Plan page, if it was (working it out here would hold the
    download for minutes)."""
    assert _m.smap is not None
    areas = None if area == ALL_AREAS else [area]
    large = len(_m.smap.services) >= plans.ASK_FROM
    plan_of, women = board_extras(
        _m.smap, _m.findings, areas, plan_of=(lambda _: _plan) if large else None
    )
    trends = runs_panel.trends_for(_m, areas or _m.areas)
    html = board_report(
        _m.smap,
        _m.G,
        _m.findings,
        areas=areas,
        title=_m.source,
        today=day,
        plans=plan_of,
        women=women,
        trends=trends,
    )
    return html.encode("utf-8")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "map"


def render() -> None:
    """Draw the downloads page for the current map."""
    m = state.current()
    st.title("Downloads")
    st.write(
        "Take the map and its gaps to the tools you already use. Every file is made on this "
        "computer from the map shown here."
    )

    st.subheader("Board report")
    area = st.selectbox("Area", [ALL_AREAS, *m.areas], key="downloads_area")
    assert m.smap is not None
    large = len(m.smap.services) >= plans.ASK_FROM
    made = plans.plan_if_made(m, area) if large and area != ALL_AREAS else None
    st.download_button(
        "Download the board report (HTML)",
        data=partial(
            _brief,
            m.digest,
            area,
            dt.date.today(),
            runs_panel.last_saved(),
            made is not None,
            m,
            made,
        ),
        file_name=f"board-report-{_slug(area)}.html",
        mime="text/html",
        on_click="ignore",
        key="download_brief",
        icon=":material/description:",
    )
    st.caption(
        "One file with the headline figures, the network, the standards scorecard, the top gaps "
        "and the groups of women without a safe route. It opens offline in any browser and "
        "prints on A4 (print it, or save it as PDF)."
    )
    if large:
        st.caption(
            "On a map this large, an area's report includes its plan once the plan has been "
            "worked out on the Plan page (in this session, with 5 changes)."
        )

    st.subheader("The map for other tools")
    st.caption(
        "These files keep every cell exactly as it is, for other programs. Only the Excel "
        "workbook, which people open, stores cells that look like formulas as plain text."
    )
    for fmt in FORMATS:
        label, what = FORMAT_TEXT[fmt]
        if fmt == "xlsx" and not xlsx_available():
            st.info(f"{label}: {MissingExtra.XLSX}")
            continue
        st.download_button(
            f"Download {label}",
            data=partial(_export, m.digest, fmt, m),
            file_name=f"journeymap-map{SUFFIXES[fmt]}",
            mime=MIME[fmt],
            on_click="ignore",
            key=f"download_{fmt}",
            icon=":material/download:",
        )
        st.caption(what)


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
