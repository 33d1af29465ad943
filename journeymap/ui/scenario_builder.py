"""The scenario builder of the What if…? page: pick changes, each checked before it is taken.

The scenario being built lives in session state as a `Scenario`; every change is checked by
writing the candidate out with `scenario_toml` and reading it back with `parse_scenario`, so
the page accepts exactly what the CLI accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import streamlit as st

from journeymap.labels import KIND_HINTS, KIND_LABELS, plural, type_label
from journeymap.models import Link, Service, ServiceMap
from journeymap.problems import MapError
from journeymap.scenario.apply import describe_changes
from journeymap.scenario.changes import TABLES, LinkRef, OfferChange, Scenario
from journeymap.scenario.read import example_scenarios, names_a_missing_service, parse_scenario
from journeymap.scenario.write import scenario_toml
from journeymap.ui import state
from journeymap.ui.safe import md
from journeymap.vocab import LINK_KINDS, NATIONAL, OFFER_TAGS, SERVICE_TYPES

__all__ = [
    "KEY",
    "change_list",
    "current",
    "fitting_examples",
    "pick_changes",
    "put",
    "show_problems",
    "start",
]

#: Session-state key of the scenario being built (a `Scenario`).
KEY = "scenario"
#: Maps with this many services list one area's services at a time in the boxes below: a
#: national map's 45,000 services and 134,000 links made each rerun of the page 0.5 s.
BY_AREA_FROM = 2_000
#: The "[[add_link]] #2: " that starts a problem: it names a place in a file, not on this page.
_ENTRY = re.compile(r"^\[\[\w+\]\] #\d+: ")


def kind_choice(kind: str) -> str:
    """'Co-location (a worker or clinic on site: no hand-off, …)': the kind and what it means."""
    return f"{KIND_LABELS[kind]} ({KIND_HINTS[kind]})"


def check(candidate: Scenario, smap: ServiceMap) -> Scenario | None:
    """The candidate read back through the file format, or None after showing its problems."""
    try:
        return parse_scenario(scenario_toml(candidate), smap, "scenario")
    except MapError as exc:
        reasons = [_ENTRY.sub("", p.message) for p in exc.errors]
        st.error("That change cannot be made, for the reason below.")
        st.code("\n".join(reasons), language=None, wrap_lines=True)
        return None


def current() -> Scenario:
    sc = st.session_state.get(KEY)
    return sc if isinstance(sc, Scenario) else Scenario(name="")


def put(sc: Scenario) -> None:
    """Put a loaded (or empty) scenario in the builder, its texts in their boxes."""
    st.session_state[KEY] = sc
    st.session_state["sc_name"] = sc.name
    st.session_state["sc_based_on"] = sc.based_on
    st.session_state["sc_description"] = sc.description


class _Labels(dict[str, str]):
    """Option labels made once per run: a select box calls its format_func for every option
    on every rerun, and a national map has 45,000 services and 134,000 links, so the label
    is a dict look-up (C speed) rather than a Python function formatting each one."""

    def __missing__(self, key: str) -> str:
        return f"{key} ({key})"


def _service_labels(m: state.MapView) -> dict[str, str]:
    assert m.smap is not None
    return {s.id: f"{s.name} ({s.id})" for s in m.smap.services}


def id_label(m: state.MapView, extra: Iterable[Service] = ()) -> Callable[[str], str]:
    """A selectbox format_func: 'Name (id)', the map's labels made once per map."""
    labels = _Labels(state.derive(m, _service_labels))
    labels.update((s.id, f"{s.name} ({s.id})") for s in extra)
    return labels.__getitem__


def fitting_examples(m: state.MapView) -> dict[str, Path]:
    """The example scenarios in scenarios/ that fit this map (the bundled ones name the demo's
    services, so on a commissioner's own map they are left out rather than shown as errors)."""
    assert m.smap is not None
    ids = m.G  # the graph's nodes are the map's services: a set look-up each
    fitting = {}
    for name, path in example_scenarios().items():
        try:
            data = path.read_bytes()
            if names_a_missing_service(data, ids):
                continue
            parse_scenario(data, m.smap, name)
        except (MapError, OSError):
            continue
        fitting[name] = path
    return fitting


def start(m: state.MapView) -> None:
    """Load an example or a file into the builder, or start again."""
    smap = m.smap
    assert smap is not None
    examples = state.derive(m, fitting_examples)
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
                put(parse_scenario(examples[choice].read_bytes(), smap, choice))
            except MapError as exc:
                show_problems(exc)
    with right:
        upload = st.file_uploader("…or load a scenario file", type=["toml"], key="sc_upload")
        if st.button("Load this file", key="sc_load_file", disabled=upload is None):
            assert upload is not None
            try:
                put(parse_scenario(upload.getvalue(), smap, upload.name))
            except MapError as exc:
                show_problems(exc)
    if st.button("Start again", key="sc_clear"):
        put(Scenario(name="My scenario"))


def show_problems(exc: MapError) -> None:
    st.error(
        f"The scenario has {plural(len(exc.errors), 'problem')}. "
        "Each line says where it is and what to change:"
    )
    st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)


def _link_labels(m: state.MapView, area: str | None) -> dict[str, str]:
    """Each link of the map (or, with `area`, each to or from that area's services) by its
    key, as the 'End a link' box shows it, in map order."""
    smap = m.smap
    assert smap is not None
    links = smap.links if area is None else [smap.links[i] for i in _links_of(m, area)]
    node = m.G.nodes
    return {
        f"{k.source}|{k.target}|{k.kind}": (
            f"{node[k.source]['name']} → {node[k.target]['name']} ({k.kind.replace('_', '-')})"
        )
        for k in links
    }


def _by_area(m: state.MapView) -> dict[str, list[str]]:
    """Area (or 'national') → its services' ids, in map order."""
    assert m.smap is not None
    found: dict[str, list[str]] = {}
    for s in m.smap.services:
        found.setdefault(s.area, []).append(s.id)
    return found


def _links_of(m: state.MapView, area: str) -> list[int]:
    """The indices in `smap.links` of the links to or from the area's services, in map order:
    read from the graph around those services, not from a national map's 134,000 links."""
    succ, pred = m.G.succ, m.G.pred
    found: set[int] = set()
    for sid in state.derive(m, _by_area).get(area, []):
        for around in (succ[sid], pred[sid]):
            found.update(data["link"] for keys in around.values() for data in keys.values())
    return sorted(found)


def _area_box(m: state.MapView, label: str, key: str, start: str | None = None) -> str:
    assert m.smap is not None
    national = [NATIONAL] if NATIONAL in state.derive(m, _by_area) else []
    areas = [*m.smap.area_names(), *national]
    return str(
        st.selectbox(
            label,
            areas,
            index=areas.index(start) if start in areas else 0,
            key=key,
            format_func=lambda a: "Open to every area (national)" if a == NATIONAL else a,
        )
    )


def pick_changes(m: state.MapView) -> None:
    """One tab per kind of change; each button checks the change before taking it.

    The option labels are made once per map (`state.derive`): a national map's boxes list
    45,000 services and 134,000 links, and making their labels on every rerun took 0.4 s.
    From `BY_AREA_FROM` services the boxes list one area's services (and the national ones)
    and the links to or from them, the area chosen above them."""
    smap = m.smap
    assert smap is not None
    sc = current()
    label = id_label(m, sc.add_service)
    area = to_area = None
    if len(smap.services) >= BY_AREA_FROM:
        area = _area_box(m, "Services of", "sc_pick_area")

    def mapped(where: str | None) -> list[str]:
        """The map's services the boxes offer: every one, or those of `where` and the
        national ones."""
        if where is None:
            return [s.id for s in smap.services]
        by_area = state.derive(m, _by_area)
        national = by_area.get(NATIONAL, []) if where != NATIONAL else []
        return [*by_area.get(where, []), *national]

    def listed(where: str | None) -> list[str]:
        """`mapped(where)` and the scenario's new services, less those it closes."""
        new = (s.id for s in sc.add_service)
        return [i for i in (*mapped(where), *new) if i not in sc.remove_service]

    ids = listed(area)
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
        if area is not None:
            to_area = _area_box(m, "To a service of", f"sc_pick_to_area_{area}", area)
        targets = ids if to_area == area else listed(to_area)
        a, b = st.columns(2)
        source = a.selectbox("From", ids, key="link_from", format_func=label)
        target = b.selectbox(
            "To", targets, key="link_to", format_func=label, index=min(1, len(targets) - 1)
        )
        kind = st.radio("Kind", LINK_KINDS, key="link_kind", format_func=kind_choice)
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
            take(replace(sc, add_link=(*sc.add_link, link)), smap)
    with tabs[1]:
        link_labels = state.derive(m, _link_labels, area)
        chosen = st.selectbox(
            "Link", list(link_labels), key="end_link", format_func=link_labels.__getitem__
        )
        if st.button("End this link", key="remove_link", disabled=chosen is None):
            source, target, kind = chosen.split("|")
            ref = LinkRef(source, target, kind)
            take(replace(sc, remove_link=(*sc.remove_link, ref)), smap)
    with tabs[2]:
        service = st.selectbox("Service", ids, key="offer_service", format_func=label)
        tags = st.multiselect("Starts to offer", OFFER_TAGS, key="offer_tags")
        if st.button("Add these offers", key="add_offers", disabled=not tags):
            change = OfferChange(service, tuple(tags))
            take(replace(sc, add_offers=(*sc.add_offers, change)), smap)
    with tabs[3]:
        service = st.selectbox("Service", ids, key="stop_service", format_func=label)
        offered = offers_of(smap, sc, service)
        tags = st.multiselect("Stops offering", offered, key="stop_tags")
        if st.button("Stop these offers", key="remove_offers", disabled=not tags):
            change = OfferChange(service, tuple(tags))
            take(replace(sc, remove_offers=(*sc.remove_offers, change)), smap)
    with tabs[4]:
        new_service(smap, sc)
    with tabs[5]:
        closing = st.selectbox("Service", mapped(area), key="close_service", format_func=label)
        st.caption("Its links close with it.")
        if (
            st.button("Close this service", key="remove_service", disabled=closing is None)
            and closing
        ):
            take(replace(sc, remove_service=(*sc.remove_service, closing)), smap)


def offers_of(smap: ServiceMap, sc: Scenario, sid: str | None) -> list[str]:
    service = next((s for s in (*sc.add_service, *smap.services) if s.id == sid), None)
    return list(service.offers) if service else []


def new_service(smap: ServiceMap, sc: Scenario) -> None:
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
        take(replace(sc, add_service=(*sc.add_service, service)), smap)


def take(candidate: Scenario, smap: ServiceMap) -> None:
    candidate = replace(candidate, name=candidate.name or "My scenario")
    checked = check(candidate, smap)
    if checked is not None:
        st.session_state[KEY] = checked


def change_list(smap: ServiceMap) -> None:
    """The changes so far, each with a button to take it back."""
    sc = current()
    lines = describe_changes(smap, sc)
    entries = [(t, i) for t in TABLES for i in range(len(getattr(sc, t)))]
    for n, (line, (table, index)) in enumerate(zip(lines, entries, strict=True)):
        left, right = st.columns([6, 1])
        left.text(line)
        if right.button("Undo", key=f"undo_{n}"):
            items = getattr(sc, table)
            st.session_state[KEY] = replace(sc, **{table: items[:index] + items[index + 1 :]})
            st.rerun()
