"""What-if page: build a scenario by picking changes, see before and after, download it as TOML.

Thin: the scenario being built lives in session state as a `scenario.Scenario`; every change is
checked by writing the candidate out with `scenario_toml` and reading it back with
`parse_scenario`, so the page accepts exactly what the CLI accepts and the downloaded file
gives the same comparison as `journeymap compare`. Comparisons are cached per map digest and
scenario text. Text from data files is shown as text (tables, plain captions), never as HTML.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import streamlit as st

from journeymap.models import Finding, ServiceMap
from journeymap.outputs.change_chart import change_figures, changed_areas
from journeymap.problems import MapError
from journeymap.scenario.changes import Scenario
from journeymap.scenario.compare import Comparison, compare, comparison_csv, figures, versus
from journeymap.scenario.read import parse_scenario
from journeymap.scenario.write import scenario_toml
from journeymap.ui import state
from journeymap.ui.safe import md
from journeymap.ui.scenario_builder import (
    KEY,
    change_list,
    current,
    fitting_examples,
    pick_changes,
    show_problems,
    start,
)

__all__ = ["render"]

BUILT = "The scenario built above"
FINDING_COLUMNS = ["severity", "area", "category", "subject_name", "finding", "subject_id"]


@st.cache_resource(max_entries=32, show_spinner="Comparing before and after…")
def _compare(digest: str, text: str, _smap: ServiceMap) -> Comparison:
    """The comparison for one map (by digest) and one scenario text; shared, never mutated."""
    return compare(_smap, parse_scenario(text, _smap))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "scenario"


# --- showing -------------------------------------------------------------------------------


def _table(df: pd.DataFrame, key: str) -> None:
    """A read-only table in a keyed container (so tests can find it); cells shown as text."""
    with st.container(key=key):
        st.dataframe(df, hide_index=True)


def _findings_frame(findings: tuple[Finding, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        [[getattr(f, c) for c in FINDING_COLUMNS] for f in findings], columns=FINDING_COLUMNS
    )


def _figures_frame(result: Comparison, area: str | None) -> pd.DataFrame:
    before, after = result.headline_for(area)
    rows = [(f.label, f.before_text, f.after_text, f.change) for f in figures(before, after)]
    return pd.DataFrame(rows, columns=["Figure", "Before", "After", "Change"])


def _show(result: Comparison, sc: Scenario, smap: ServiceMap) -> None:
    st.subheader("Before and after")
    touched = changed_areas(smap, result.applied) if result.applied else []
    choices: list[str | None] = [*touched, *(a for a in smap.area_names() if a not in touched)]
    area = st.selectbox(
        "Figures for",
        [*choices, None],
        key="sc_area_" + "_".join(touched),  # a new set of areas starts at the first
        format_func=lambda a: "All areas" if a is None else a,
    )
    _table(_figures_frame(result, area), "sc_figures")
    st.write(
        f"**{len(result.resolved)}** findings resolved, **{len(result.new)}** new, "
        + (f"**{len(result.gone)}** gone, " if result.gone else "")
        + f"**{len(result.kept)}** kept."
    )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Resolved ({len(result.resolved)})**: gaps this change closes")
        _table(_findings_frame(result.resolved), "sc_resolved")
    with right:
        st.markdown(f"**New ({len(result.new)})**: gaps this change opens")
        _table(_findings_frame(result.new), "sc_new")
    if result.gone:
        st.markdown(
            f"**Gone ({len(result.gone)})**: what these findings were about is removed by the "
            "scenario. They are not fixed, and the figures above still count them."
        )
        _table(_findings_frame(result.gone), "sc_gone")
    for title, pairs, key in (
        ("Kept, less severe", result.eased, "sc_eased"),
        ("Kept, more severe", result.worsened, "sc_worsened"),
    ):
        if pairs:
            with st.expander(f"{title} ({len(pairs)})", expanded=True):
                rows = [
                    (b.severity, a.severity, a.area, a.category, a.subject_name) for b, a in pairs
                ]
                columns = ["before", "after", "area", "category", "subject_name"]
                _table(pd.DataFrame(rows, columns=columns), key)
    with st.expander(f"Kept ({len(result.kept)}): gaps still there"):
        _table(_findings_frame(result.kept), "sc_kept")
    for line in result.changes:
        if line.startswith("Links that close"):
            st.text(line)
    if result.applied is not None:
        before_fig, after_fig = change_figures(smap, result.applied)
        left, right = st.columns(2)
        left.plotly_chart(before_fig, key="sc_before_chart")
        right.plotly_chart(after_fig, key="sc_after_chart")
    toml_bytes = scenario_toml(sc).encode("utf-8")
    a, b = st.columns(2)
    a.download_button(
        "Download this scenario (TOML)",
        toml_bytes,
        file_name=f"{_slug(sc.name)}.toml",
        mime="application/toml",
        on_click="ignore",
        key="sc_download",
    )
    b.download_button(
        "Download the comparison (CSV)",
        comparison_csv(result),
        file_name=f"{_slug(sc.name)}-comparison.csv",
        mime="text/csv",
        on_click="ignore",
        key="sc_download_csv",
    )


def _two(m: state.MapView, built: Comparison | None) -> None:
    """Two scenarios side by side: the figures, and which gaps each closes and opens."""
    assert m.smap is not None
    st.subheader("Compare two scenarios")
    examples = state.derive(m, fitting_examples)
    options = ([BUILT] if built is not None else []) + list(examples)
    if len(options) < 2:
        st.caption("Build a scenario, or add example files to scenarios/, to compare two.")
        return
    # Keys change with the choices on offer, so a newly built scenario starts as A and the
    # area shown follows the pair chosen (a widget keeps its old value under the same key).
    suffix = "built" if built is not None else "examples"
    left, right = st.columns(2)
    first = left.selectbox("Scenario A", options, index=0, key=f"vs_a_{suffix}")
    second = right.selectbox("Scenario B", options, index=1, key=f"vs_b_{suffix}")

    def result_for(choice: str) -> Comparison | None:
        if choice == BUILT:
            return built
        assert m.smap is not None
        try:
            text = examples[choice].read_text(encoding="utf-8")
            parse_scenario(text, m.smap, choice)  # its problems, with their file name
        except (MapError, OSError, UnicodeDecodeError) as exc:
            if isinstance(exc, MapError):
                show_problems(exc)
            else:
                st.error(f"{md(choice)} cannot be read: {md(exc)}")
            return None
        return _compare(m.digest, text, m.smap)

    a, b = result_for(first), result_for(second)
    if a is None or b is None:
        return
    vs = versus(a, b)
    touched = [x for c in (a, b) if c.applied is not None for x in changed_areas(m.smap, c.applied)]
    areas = list(dict.fromkeys([*touched, *m.smap.area_names()]))
    area = st.selectbox(
        "Figures for",
        [*areas, None],
        key=f"vs_area_{first}_{second}",
        format_func=lambda x: "All areas" if x is None else x,
    )
    rows = vs.rows(area)
    _table(
        pd.DataFrame(rows, columns=["Figure", "Before", f"A: {a.name}", f"B: {b.name}"]),
        "vs_figures",
    )
    sections = (
        ("Closed by A only", vs.resolved_a),
        ("Closed by B only", vs.resolved_b),
        ("Closed by both", vs.resolved_both),
        ("Opened by A only", vs.new_a),
        ("Opened by B only", vs.new_b),
        ("Opened by both", vs.new_both),
    )
    for title, items in sections:
        with st.expander(f"{title} ({len(items)})", expanded=bool(items) and "Closed" in title):
            st.dataframe(_findings_frame(items), hide_index=True)


def render() -> None:
    """Draw the what-if page for the current map."""
    m = state.current()
    smap = m.smap
    assert smap is not None
    st.title("What if…?")
    st.write(
        "Try a change to the system before anyone spends: a worker co-located at the women's "
        "centre, a new pathway, a post that ends. Pick changes below; journeymap runs every "
        "analysis on the map as it is and as it would be, and shows which gaps the change "
        "closes and which it opens. The map itself is never changed."
    )
    start(m)
    sc = current()
    # Widget values are dropped when the user visits another page; the scenario is not.
    for key, value in (
        ("sc_name", sc.name or "My scenario"),
        ("sc_based_on", sc.based_on),
        ("sc_description", sc.description),
    ):
        st.session_state.setdefault(key, value)
    st.text_input("Scenario name", key="sc_name")
    st.text_input("Based on (the good-practice example it models)", key="sc_based_on")
    st.text_area("Description (what it is, and what it should change)", key="sc_description")
    st.session_state[KEY] = replace(
        sc,
        name=st.session_state["sc_name"].strip() or "My scenario",
        based_on=st.session_state["sc_based_on"].strip(),
        description=st.session_state["sc_description"].strip(),
    )
    pick_changes(m)
    st.markdown("**Changes in this scenario**")
    sc = current()
    built: Comparison | None = None
    if sc.is_empty:
        st.caption("No changes yet: pick one above, or load an example.")
    else:
        change_list(smap)
        try:
            built = _compare(m.digest, scenario_toml(sc), smap)
        except MapError as exc:  # e.g. the map was replaced by an upload since
            show_problems(exc)
        if built is not None:
            _show(built, sc, smap)
    st.divider()
    _two(m, built)


if __name__ == "__main__":
    render()
