"""What-if page: build a scenario by picking changes, see before and after, download it as TOML.

Thin: the scenario being built lives in session state as a `scenario.Scenario`; every change is
checked by writing the candidate out with `scenario_toml` and reading it back with
`parse_scenario`, so the page accepts exactly what the CLI accepts and the downloaded file
gives the same comparison as `journeymap compare`. Comparisons are cached per map digest and
scenario text. Text from data files is shown as text (tables, plain captions), never as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from journeymap.labels import type_label
from journeymap.models import Finding, Link, Service, ServiceMap
from journeymap.outputs.change_chart import change_figures, changed_areas
from journeymap.problems import MapError
from journeymap.scenario.apply import describe_changes
from journeymap.scenario.changes import TABLES, LinkRef, OfferChange, Scenario
from journeymap.scenario.compare import Comparison, compare, comparison_csv, figures, versus
from journeymap.scenario.read import example_scenarios, parse_scenario
from journeymap.scenario.write import scenario_toml
from journeymap.ui import state
from journeymap.ui.safe import md
from journeymap.vocab import LINK_KINDS, NATIONAL, OFFER_TAGS, SERVICE_TYPES

__all__ = ["KEY", "render"]

#: Session-state key of the scenario being built (a `Scenario`).
KEY = "scenario"
BUILT = "The scenario built above"
#: The "[[add_link]] #2: " that starts a problem: it names a place in a file, not on this page.
_ENTRY = re.compile(r"^\[\[\w+\]\] #\d+: ")
KIND_LABELS = {
    "referral": "Referral (one hand-off)",
    "co_location": "Co-location: a worker or clinic on site (no hand-off)",
    "joint_working": "Joint working: shared meetings, MDT (one hand-off)",
}
FINDING_COLUMNS = ["severity", "area", "category", "subject_name", "finding", "subject_id"]


@st.cache_resource(max_entries=32, show_spinner="Comparing before and after…")
def _compare(digest: str, text: str, _smap: ServiceMap) -> Comparison:
    """The comparison for one map (by digest) and one scenario text; shared, never mutated."""
    return compare(_smap, parse_scenario(text, _smap))


def _check(candidate: Scenario, smap: ServiceMap) -> Scenario | None:
    """The candidate read back through the file format, or None after showing its problems."""
    try:
        return parse_scenario(scenario_toml(candidate), smap, "scenario")
    except MapError as exc:
        reasons = [_ENTRY.sub("", p.message) for p in exc.errors]
        st.error("That change cannot be made, for the reason below.")
        st.code("\n".join(reasons), language=None, wrap_lines=True)
        return None


def _current() -> Scenario:
    sc = st.session_state.get(KEY)
    return sc if isinstance(sc, Scenario) else Scenario(name="")


def _set(sc: Scenario) -> None:
    """Put a loaded (or empty) scenario in the builder, its texts in their boxes."""
    st.session_state[KEY] = sc
    st.session_state["sc_name"] = sc.name
    st.session_state["sc_based_on"] = sc.based_on
    st.session_state["sc_description"] = sc.description


def _label(smap: ServiceMap) -> Callable[[str], str]:
    """A selectbox format_func: 'Name (id)'."""
    names = {s.id: s.name for s in smap.services}
    return lambda sid: f"{names.get(sid, sid)} ({sid})"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "scenario"


# --- building ------------------------------------------------------------------------------


def _fitting_examples(m: state.MapView) -> dict[str, Path]:
    """The example scenarios in scenarios/ that fit this map (the bundled ones name the demo's
    services, so on a commissioner's own map they are left out rather than shown as errors)."""
    assert m.smap is not None
    fitting = {}
    for name, path in example_scenarios().items():
        try:
            parse_scenario(path.read_bytes(), m.smap, name)
        except (MapError, OSError):
            continue
        fitting[name] = path
    return fitting


def _start(m: state.MapView) -> None:
    """Load an example or a file into the builder, or start again."""
    smap = m.smap
    assert smap is not None
    examples = state.derive(m, _fitting_examples)
    left, right = st.columns(2)
    with left:
        choice = st.selectbox(
            "Start from an example",
            ["", *examples],
            key="sc_example",
            format_func=lambda n: "—" if not n else n.removesuffix(".toml").replace("-", " "),
        )
        if st.button("Load this example", key="sc_load_example", disabled=not choice):
            try:
                _set(parse_scenario(examples[choice].read_bytes(), smap, choice))
            except MapError as exc:
                _problems(exc)
    with right:
        upload = st.file_uploader("…or load a scenario file", type=["toml"], key="sc_upload")
        if st.button("Load this file", key="sc_load_file", disabled=upload is None):
            assert upload is not None
            try:
                _set(parse_scenario(upload.getvalue(), smap, upload.name))
            except MapError as exc:
                _problems(exc)
    if st.button("Start again", key="sc_clear"):
        _set(Scenario(name="My scenario"))


def _problems(exc: MapError) -> None:
    st.error(
        f"The scenario has {len(exc.errors)} problem{'s' * (len(exc.errors) != 1)}. "
        "Each line says where it is and what to change:"
    )
    st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)


def _pick_changes(smap: ServiceMap) -> None:
    """One tab per kind of change; each button checks the change before taking it."""
    sc = _current()
    label = _label(smap)
    ids = [s.id for s in (*smap.services, *sc.add_service) if s.id not in sc.remove_service]
    tabs = st.tabs(
        [
            "Add a link",
            "End a link",
            "Add offers",
            "Stop offers",
            "Add a service",
            "Close a service",
        ]
    )
    with tabs[0]:
        a, b = st.columns(2)
        source = a.selectbox("From", ids, key="link_from", format_func=label)
        target = b.selectbox(
            "To", ids, key="link_to", format_func=label, index=min(1, len(ids) - 1)
        )
        kind = st.radio("Kind", LINK_KINDS, key="link_kind", format_func=KIND_LABELS.__getitem__)
        c, d = st.columns(2)
        two_way = c.checkbox("Referrals both ways", key="link_two_way")
        formal = d.checkbox("Written down (an agreed pathway or protocol)", key="link_formal")
        notes = st.text_input("Notes", key="link_notes")
        if st.button("Add this link", key="add_link", type="primary", disabled=not ids):
            link = Link(
                source=source,
                target=target,
                kind=kind,
                two_way=two_way,
                formal=formal,
                notes=notes.strip(),
            )
            _take(replace(sc, add_link=(*sc.add_link, link)), smap)
    with tabs[1]:
        links = {f"{k.source}|{k.target}|{k.kind}": k for k in smap.links}
        names = {s.id: s.name for s in smap.services}
        chosen = st.selectbox(
            "Link",
            list(links),
            key="end_link",
            format_func=lambda key: (
                f"{names[links[key].source]} → {names[links[key].target]} "
                f"({links[key].kind.replace('_', '-')})"
            ),
        )
        if st.button("End this link", key="remove_link", disabled=chosen is None):
            k = links[chosen]
            ref = LinkRef(k.source, k.target, k.kind)
            _take(replace(sc, remove_link=(*sc.remove_link, ref)), smap)
    with tabs[2]:
        service = st.selectbox("Service", ids, key="offer_service", format_func=label)
        tags = st.multiselect("Starts to offer", OFFER_TAGS, key="offer_tags")
        if st.button("Add these offers", key="add_offers", disabled=not tags):
            change = OfferChange(service, tuple(tags))
            _take(replace(sc, add_offers=(*sc.add_offers, change)), smap)
    with tabs[3]:
        service = st.selectbox("Service", ids, key="stop_service", format_func=label)
        offered = _offers_of(smap, sc, service)
        tags = st.multiselect("Stops offering", offered, key="stop_tags")
        if st.button("Stop these offers", key="remove_offers", disabled=not tags):
            change = OfferChange(service, tuple(tags))
            _take(replace(sc, remove_offers=(*sc.remove_offers, change)), smap)
    with tabs[4]:
        _new_service(smap, sc)
    with tabs[5]:
        closing = st.selectbox(
            "Service", [s.id for s in smap.services], key="close_service", format_func=label
        )
        st.caption("Its links close with it.")
        if st.button("Close this service", key="remove_service"):
            _take(replace(sc, remove_service=(*sc.remove_service, closing)), smap)


def _offers_of(smap: ServiceMap, sc: Scenario, sid: str | None) -> list[str]:
    service = next((s for s in (*sc.add_service, *smap.services) if s.id == sid), None)
    return list(service.offers) if service else []


def _new_service(smap: ServiceMap, sc: Scenario) -> None:
    a, b = st.columns(2)
    sid = a.text_input("Id (letters, digits, - _ .)", key="new_id").strip()
    name = b.text_input("Name", key="new_name").strip()
    stype = a.selectbox("Type", SERVICE_TYPES, key="new_type", format_func=lambda t: type_label(t))
    area = b.selectbox("Area", [*smap.area_names(), NATIONAL], key="new_area")
    women_only = st.checkbox("Women-only service", key="new_women_only")
    offers = st.multiselect("Offers", OFFER_TAGS, key="new_offers")
    if st.button("Add this service", key="add_service", disabled=not (sid and name)):
        try:
            service = Service(
                id=sid,
                name=name,
                type=stype,
                area=area,
                women_only=women_only,
                offers=tuple(offers),
            )
        except ValueError as exc:  # pydantic checks the shape; the reader checks the rest
            st.error(f"That service cannot be added: {md(exc)}")
            return
        _take(replace(sc, add_service=(*sc.add_service, service)), smap)


def _take(candidate: Scenario, smap: ServiceMap) -> None:
    candidate = replace(candidate, name=candidate.name or "My scenario")
    checked = _check(candidate, smap)
    if checked is not None:
        st.session_state[KEY] = checked


def _change_list(smap: ServiceMap) -> None:
    """The changes so far, each with a button to take it back."""
    sc = _current()
    lines = describe_changes(smap, sc)
    entries = [(t, i) for t in TABLES for i in range(len(getattr(sc, t)))]
    for n, (line, (table, index)) in enumerate(zip(lines, entries, strict=True)):
        left, right = st.columns([6, 1])
        left.text(line)
        if right.button("Undo", key=f"undo_{n}"):
            items = getattr(sc, table)
            st.session_state[KEY] = replace(sc, **{table: items[:index] + items[index + 1 :]})
            st.rerun()


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
        f"**{len(result.kept)}** kept."
    )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Resolved ({len(result.resolved)})**: gaps this change closes")
        _table(_findings_frame(result.resolved), "sc_resolved")
    with right:
        st.markdown(f"**New ({len(result.new)})**: gaps this change opens")
        _table(_findings_frame(result.new), "sc_new")
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
    examples = state.derive(m, _fitting_examples)
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
                _problems(exc)
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
    _start(m)
    sc = _current()
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
    _pick_changes(smap)
    st.markdown("**Changes in this scenario**")
    sc = _current()
    built: Comparison | None = None
    if sc.is_empty:
        st.caption("No changes yet: pick one above, or load an example.")
    else:
        _change_list(smap)
        try:
            built = _compare(m.digest, scenario_toml(sc), smap)
        except MapError as exc:  # e.g. the map was replaced by an upload since
            _problems(exc)
        if built is not None:
            _show(built, sc, smap)
    st.divider()
    _two(m, built)


if __name__ == "__main__":
    render()
