"""The Overview's treatment figures: the area's published NDTMS figures (figures.csv beside
the map, written by `journeymap import-figures`) set against the national share and the map's
routes. The words and numbers are `outputs.figures_section`'s, the board report's own."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from journeymap.outputs.figures_section import FiguresView, figures_views
from journeymap.problems import MapError
from journeymap.read.figures import FIGURES_FILE, Figure, load_figures, parse_figures
from journeymap.ui import state
from journeymap.ui.safe import md, text

__all__ = ["render_figures"]


@st.cache_resource(max_entries=8, show_spinner=False)
def _load(folder: str, stamp: tuple[int, int]) -> tuple[tuple[Figure, ...], tuple[str, ...]]:
    """The figures beside the map folder, read once per state of the file."""
    try:
        return load_figures(folder), ()
    except MapError as exc:
        return (), tuple(str(p) for p in exc.errors)


@st.cache_resource(max_entries=8, show_spinner=False)
def _parse(digest: str, label: str, _data: bytes) -> tuple[tuple[Figure, ...], tuple[str, ...]]:
    """Uploaded figures, read once per content (`digest`)."""
    try:
        return parse_figures(_data, label), ()
    except MapError as exc:
        return (), tuple(str(p) for p in exc.errors)


def _published() -> tuple[tuple[Figure, ...], tuple[str, ...]]:
    """Figures beside the map (folder or workbook) chosen at start-up, or uploaded with it."""
    if st.session_state.get(state.UPLOAD_KEY):
        files = state.map_files()
        data = files.files.get(FIGURES_FILE)
        if data is None:
            return (), ()
        label = f"{files.label.rstrip('/')}/{FIGURES_FILE}" if files.label else FIGURES_FILE
        return _parse(hashlib.sha256(data).hexdigest(), label, data)
    folder = Path(state.default_folder())
    if folder.is_file():  # `--map BOOK.xlsx`: the figures sit beside the workbook
        folder = folder.parent
    path = folder / FIGURES_FILE
    if not folder.is_dir() or not path.is_file():
        return (), ()
    info = path.stat()
    return _load(str(folder), (info.st_size, info.st_mtime_ns))


def _views(m: state.MapView, area: str, figures: tuple[Figure, ...]) -> dict[str, FiguresView]:
    return figures_views(figures, [area], m.G)


def render_figures(m: state.MapView, area: str) -> None:
    """The area's treatment figures, if figures.csv has any for it; nothing otherwise."""
    figures, problems = _published()
    if problems:
        st.warning("figures.csv has problems, so the treatment figures are not shown:")
        st.code("\n".join(problems), language=None, wrap_lines=True)
        return
    view = _views(m, area, figures).get(area) if figures else None
    if view is None:
        return
    figs = view.figures
    st.subheader("Treatment figures")
    cols = st.columns(3)
    cols[0].metric(f"Women in treatment, {md(figs.period)}", figs.women or "–")
    cols[1].metric(
        "Women's share of people in treatment",
        view.share,
        help=md(f"{figs.share_note}. {view.national_source}."),
    )
    cols[2].metric("In England", view.national, help=view.national_source)
    st.dataframe(
        pd.DataFrame(view.trend, columns=["Year", "Women in treatment", "Share of people"]),
        hide_index=True,
    )
    if view.referrals:
        st.markdown(md(f"Where new presentations were referred from, {figs.referral_period}"))
        st.dataframe(
            pd.DataFrame(
                view.referrals,
                columns=["Referred from", "Women", "Women's share", "Men", "Men's share"],
            ),
            hide_index=True,
        )
    for f in view.findings:
        with st.container(border=True):
            st.markdown(f"**{md(f.severity.capitalize())}** · {md(f.category.replace('_', ' '))}")
            text(f.finding)
            st.caption(md(f.evidence))
            st.caption("What would help: " + md(f.suggestion))
    st.caption(md(f"{figs.note} Sources: {'; '.join(figs.sources)}."))
