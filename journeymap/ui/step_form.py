"""The questions for one step of a journey, on the Workshop page: where she went, how it felt,
what got in the way, whether it helped her on.

A place she types that looks like a service on the list ("A&E" where the area has one
hospital; see `read.places.likely_service`) gets "Did you mean …?" and a button that picks it.

Every answer of a new step is saved as a draft the moment it is given (a reload loses
nothing); the step itself is saved when she taps "Save this step".
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import streamlit as st

from journeymap.labels import FEELING_WORDS, HELPED_WORDS, STAGE_WORDS, TYPE_LABELS, barrier_label
from journeymap.models import Journey, Step
from journeymap.read.places import journey_area, likely_service
from journeymap.ui import state
from journeymap.ui.safe import md
from journeymap.vocab import BARRIERS, NATIONAL, STAGES
from journeymap.workshop.entries import StepEntry, WorkshopStep
from journeymap.workshop.privacy import identifying, warning_text
from journeymap.workshop.store import Workshop

__all__ = ["ALL_AREAS", "fresh_form", "step_form"]

OFF_MAP = "__not_on_the_map__"
#: Marks a draft whose place is 'not on this list' before anything is typed.
DRAFT_OFF_MAP = "_draft_off_map"
ALL_AREAS = "__all__"


def fresh_form() -> None:
    st.session_state["ws_nonce"] = st.session_state.get("ws_nonce", 0) + 1


def _place_label(m: state.MapView, sid: str) -> str:
    if sid == OFF_MAP:
        return "✏️ A place not on this list"
    G = m.G
    if sid not in G:
        return sid
    kind = TYPE_LABELS.get(G.nodes[sid]["type"], "")
    return f"{G.nodes[sid]['name']} ({kind})" if kind else str(G.nodes[sid]["name"])


def _places(m: state.MapView, area: str) -> list[str]:
    assert m.smap is not None
    return [s.id for s in m.smap.services if area == ALL_AREAS or s.area in (area, NATIONAL)]


def step_form(ws: Workshop, code: str, m: state.MapView, editing: WorkshopStep | None) -> None:
    """The questions for one step: a new one, or `editing` an existing one (prefilled)."""
    nonce = st.session_state.get("ws_nonce", 0)
    k = f"ws_{'edit' if editing else 'add'}_{nonce}_"
    draft = None if editing else ws.draft(code)
    old = editing.entry if editing else (draft or StepEntry())
    # A new step's answers are kept as a draft as each one is given (not for changes to a step).
    live: dict[str, Any] = {} if editing else {"on_change": _keep_draft, "args": (ws, code, m, k)}

    st.subheader(f"Change step {editing.step}" if editing else "Add a place you went for help")
    where, typed = _ask_place(ws, code, m, old, k, live)
    answers = _ask_answers(old, k, live)
    kinds = identifying(answers["note"])
    if kinds:
        st.warning(warning_text(kinds), icon="💬")

    cols = st.columns(2)
    label = "Save changes" if editing else "Save this step"
    if cols[0].button(label, type="primary", key=k + "save", width="stretch"):
        extra = {key: v for key, v in old.extra.items() if key != DRAFT_OFF_MAP}
        entry = _entry(m, where, typed, extra=extra, **answers)
        try:
            if editing:
                ws.update_step(editing.id, entry)
            else:
                ws.add_step(code, entry)
        except (ValueError, KeyError) as exc:
            st.error(md(exc.args[0] if exc.args else exc))
            return
        st.session_state.pop("ws_editing", None)
        fresh_form()
        st.toast("Saved.", icon="✅")
        st.rerun()
    if editing and cols[1].button("Cancel", key=k + "cancel", width="stretch"):
        st.session_state.pop("ws_editing", None)
        fresh_form()
        st.rerun()


def _ask_place(
    ws: Workshop, code: str, m: state.MapView, old: StepEntry, k: str, live: dict[str, Any]
) -> tuple[object, str]:
    """Where she went: a service on the map, or a place she names (the typed text)."""
    places = _places(m, st.session_state.get("ws_area", ALL_AREAS))
    if old.service and old.service not in places:
        places.append(old.service)
    options = [*places, OFF_MAP]
    start = None
    if old.service:
        start = options.index(old.service)
    elif old.place or old.extra.get(DRAFT_OFF_MAP):
        start = options.index(OFF_MAP)
    where = st.selectbox(
        "Where did you go?",
        options,
        index=start,
        format_func=lambda sid: _place_label(m, sid),
        placeholder="Type to search for the place",
        key=k + "place",
        **live,
    )
    typed = ""
    if where == OFF_MAP:
        typed = st.text_input(
            "What was the place? (for example: A&E, a friend's sofa)",
            value=old.place,
            key=k + "typed",
            **live,
        )
        _did_you_mean(ws, code, m, typed, places, k, live)
    return where, typed


def _did_you_mean(
    ws: Workshop,
    code: str,
    m: state.MapView,
    typed: str,
    places: list[str],
    k: str,
    live: dict[str, Any],
) -> None:
    """'Did you mean …?' under a typed place that is most likely a service on the list, with
    a button that picks it (only services the list offers; see `read.places`)."""
    assert m.smap is not None
    if not typed.strip():
        return
    offered = set(places)
    services = [s for s in m.smap.services if s.id in offered]
    match = likely_service(typed, services, _journey_area(ws, code, m))
    if match is None:
        return
    st.info(f"Did you mean {md(match.name)}?", icon="🔎")
    st.button(
        "Yes, choose it",
        key=k + "did_you_mean",
        on_click=_choose,
        args=(k, match.id, live.get("args")),
    )


def _journey_area(ws: Workshop, code: str, m: state.MapView) -> str | None:
    """The area chosen above the form, else the one area of her journey's services so far."""
    assert m.smap is not None
    chosen = st.session_state.get("ws_area", ALL_AREAS)
    if chosen != ALL_AREAS:
        return str(chosen)
    steps = tuple(
        Step(journey=code, step=s.step, service=s.entry.service, place=s.entry.place)
        for s in ws.steps(code)
    )
    return journey_area(Journey(code=code, steps=steps), m.smap.services)


def _choose(k: str, sid: str, draft: tuple[Any, ...] | None) -> None:
    """The 'Yes, choose it' button (a callback, so it runs before the widgets are drawn):
    the service becomes the place, and the typed words go; a new step's draft is kept."""
    st.session_state[k + "place"] = sid
    st.session_state[k + "typed"] = ""
    if draft is not None:
        _keep_draft(*draft)


def _ask_answers(old: StepEntry, k: str, live: dict[str, Any]) -> dict[str, Any]:
    """How it felt, what got in the way, whether it helped, when, and anything she adds."""
    custom = [b for b in old.barriers if b not in BARRIERS]
    helped_default = {True: "yes", False: "no", None: None}[old.helped_onward]
    return {
        "feeling": st.segmented_control(
            "How did it feel?",
            list(FEELING_WORDS),
            default=old.feeling,
            format_func=FEELING_WORDS.__getitem__,
            key=k + "feeling",
            **live,
        ),
        "barriers": st.pills(
            "What got in the way? (tap all that fit)",
            [*BARRIERS, *custom],
            selection_mode="multi",
            default=list(old.barriers),
            format_func=barrier_label,
            key=k + "barriers",
            **live,
        ),
        "helped": st.segmented_control(
            "Did this help you get to the next help?",
            list(HELPED_WORDS),
            default=helped_default,
            format_func=HELPED_WORDS.__getitem__,
            key=k + "helped",
            **live,
        ),
        "stage": st.segmented_control(
            "Where were you then? (you can skip this)",
            list(STAGES),
            default=old.stage or None,
            format_func=STAGE_WORDS.__getitem__,
            key=k + "stage",
            **live,
        ),
        "note": st.text_area(
            "Anything you want to add? (you can skip this)",
            value=old.note,
            key=k + "note",
            help="Please leave out names, phone numbers, emails and addresses.",
            **live,
        ),
    }


def _entry(
    m: state.MapView,
    where: object,
    typed: str,
    *,
    feeling: int | None,
    barriers: Sequence[str],
    helped: str | None,
    stage: str | None,
    note: str,
    extra: dict[str, str],
) -> StepEntry:
    on_map = where not in (None, OFF_MAP) and str(where) in m.G
    return StepEntry(
        service=str(where) if on_map else "",
        service_name=str(m.G.nodes[where]["name"]) if on_map else "",
        place=typed if where == OFF_MAP else "",
        stage=stage or "",
        feeling=feeling,
        barriers=tuple(barriers or ()),
        helped_onward={"yes": True, "no": False}.get(helped or ""),
        note=note or "",
        extra=extra,
    )


def _keep_draft(ws: Workshop, code: str, m: state.MapView, k: str) -> None:
    """Save the new step's answers so far (a widget's on_change): a reload loses nothing."""
    ss = st.session_state
    where = ss.get(k + "place")
    entry = _entry(
        m,
        where,
        ss.get(k + "typed", ""),
        feeling=ss.get(k + "feeling"),
        barriers=ss.get(k + "barriers") or (),
        helped=ss.get(k + "helped"),
        stage=ss.get(k + "stage"),
        note=ss.get(k + "note", ""),
        extra={DRAFT_OFF_MAP: "1"} if where == OFF_MAP else {},
    )
    with contextlib.suppress(KeyError):  # the journey was deleted in another tab
        ws.save_draft(code, entry)
