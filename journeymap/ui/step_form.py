"""The questions for one step of a journey, on the Workshop page: where she went, how it felt,
what got in the way, whether it helped her on. Every word is from data/words (`ui.speech`).

Places read as women call them: each service with the type in plain words ("a GP surgery")
and the names in its `also_known_as` column, which the picker searches too. A place she types
that looks like a service on the list ("A&E" where the area has one hospital, or "the hub on
Tower Street"; see `read.places.likely_service`) gets "Did you mean …?" and a button that
picks it, for the facilitator to confirm.

What got in the way: at most 8 barriers are shown first (`workshop.first_barriers`, chosen as
data); the rest, and a barrier in her own words, are behind "Something else got in the way".
Her own words are kept as a barrier of her own and checked like a note (`workshop.privacy`).

Every answer of a new step is saved as a draft the moment it is given (a reload loses
nothing); the step itself is saved when she taps "Save this step".
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import streamlit as st

from journeymap.labels import FEELING_WORDS, HELPED_WORDS, barrier_label
from journeymap.models import Journey, Step
from journeymap.read.places import journey_area, likely_service
from journeymap.ui import state
from journeymap.ui.safe import md
from journeymap.ui.speech import w, word_or
from journeymap.vocab import BARRIERS, NATIONAL, STAGES
from journeymap.workshop.entries import StepEntry, WorkshopStep
from journeymap.workshop.first_barriers import first_barriers
from journeymap.workshop.privacy import identifying, warning_text
from journeymap.workshop.store import Workshop

__all__ = ["ALL_AREAS", "PLACES_AREA", "fresh_form", "privacy_notice", "step_form"]

OFF_MAP = "__not_on_the_map__"

#: Marks a draft whose place is 'not on this list' before anything is typed.
DRAFT_OFF_MAP = "_draft_off_map"
ALL_AREAS = "__all__"
#: The workspace setting naming the area whose services the place picker lists (the
#: facilitator chooses it; it outlasts the panel being locked and the page being reloaded).
PLACES_AREA = "places_area"


def privacy_notice(text: str) -> None:
    """A gentle note under words that look as if they could identify someone (a name, a
    phone number, an address…), so they can be changed before they are saved."""
    kinds = identifying(text)
    if kinds:
        st.warning(warning_text(kinds), icon="💬")


def fresh_form() -> None:
    st.session_state["ws_nonce"] = st.session_state.get("ws_nonce", 0) + 1


def _place_label(m: state.MapView, sid: str, known: dict[str, tuple[str, ...]]) -> str:
    """'Name (a GP surgery) · also: the hub on Tower Street': the picker searches all of it."""
    if sid == OFF_MAP:
        return w("place.off_map")
    G = m.G
    if sid not in G:
        return sid
    kind = word_or(f"place_type.{G.nodes[sid]['type']}", "")
    label = f"{G.nodes[sid]['name']} ({kind})" if kind else str(G.nodes[sid]["name"])
    also = known.get(sid, ())
    return label + (" · " + w("place.also", names="; ".join(also)) if also else "")


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

    st.subheader(w("form.change", step=editing.step) if editing else w("form.add"))
    where, typed = _ask_place(ws, code, m, old, k, live)
    answers = _ask_answers(ws, old, k, live, draft=editing is None)
    privacy_notice(answers["note"])

    cols = st.columns(2)
    label = w("form.save_changes") if editing else w("form.save")
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
        st.toast(w("form.saved"), icon="✅")
        st.rerun()
    if editing and cols[1].button(w("form.cancel"), key=k + "cancel", width="stretch"):
        st.session_state.pop("ws_editing", None)
        fresh_form()
        st.rerun()


def _ask_place(
    ws: Workshop, code: str, m: state.MapView, old: StepEntry, k: str, live: dict[str, Any]
) -> tuple[object, str]:
    """Where she went: a service on the map, or a place she names (the typed text)."""
    places = _places(m, ws.setting(PLACES_AREA) or ALL_AREAS)
    if old.service and old.service not in places:
        places.append(old.service)
    options = [*places, OFF_MAP]
    start = None
    if old.service:
        start = options.index(old.service)
    elif old.place or old.extra.get(DRAFT_OFF_MAP):
        start = options.index(OFF_MAP)
    assert m.smap is not None
    known = {s.id: s.also_known_as for s in m.smap.services if s.also_known_as}
    where = st.selectbox(
        w("form.where"),
        options,
        index=start,
        format_func=lambda sid: _place_label(m, sid, known),
        placeholder=w("form.where_placeholder"),
        key=k + "place",
        **live,
    )
    typed = ""
    if where == OFF_MAP:
        typed = st.text_input(
            w("form.typed_place"),
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
    st.info(w("form.did_you_mean", name=md(match.name)), icon="🔎")
    st.button(
        w("form.choose_it"),
        key=k + "did_you_mean",
        on_click=_choose,
        args=(k, match.id, live.get("args")),
    )


def _journey_area(ws: Workshop, code: str, m: state.MapView) -> str | None:
    """The area chosen above the form, else the one area of her journey's services so far."""
    assert m.smap is not None
    chosen = ws.setting(PLACES_AREA) or ALL_AREAS
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


def _ask_answers(
    ws: Workshop, old: StepEntry, k: str, live: dict[str, Any], *, draft: bool
) -> dict[str, Any]:
    """How it felt, what got in the way, whether it helped, when, and anything she adds."""
    helped_default = {True: "yes", False: "no", None: None}[old.helped_onward]
    feeling = st.segmented_control(
        w("form.feeling"),
        list(FEELING_WORDS),
        default=old.feeling,
        format_func=lambda f: w(f"feeling.{f}"),
        key=k + "feeling",
        **live,
    )
    barriers = _ask_barriers(ws, old, k, live, draft=draft)
    return {
        "feeling": feeling,
        "barriers": barriers,
        "helped": st.segmented_control(
            w("form.helped"),
            list(HELPED_WORDS),
            default=helped_default,
            format_func=lambda h: w(f"helped.{h}"),
            key=k + "helped",
            **live,
        ),
        "stage": st.segmented_control(
            w("form.stage"),
            list(STAGES),
            default=old.stage or None,
            format_func=lambda s: w(f"stage.{s}"),
            key=k + "stage",
            **live,
        ),
        "note": st.text_area(
            w("form.note"),
            value=old.note,
            key=k + "note",
            help=w("form.note_help"),
            **live,
        ),
    }


def _barrier_words(code: str) -> str:
    return word_or(f"barrier.{code}", barrier_label(code))


def _ask_barriers(
    ws: Workshop, old: StepEntry, k: str, live: dict[str, Any], *, draft: bool
) -> list[str]:
    """The few barriers most often met, then the rest and her own words behind "something else".

    A saved step's own barriers are choices of their own (so changing a step keeps them); a
    draft's are back in the box she typed them in, so the choices never change under her.
    """
    first = list(first_barriers(ws.folder))
    rest = [b for b in BARRIERS if b not in first]
    custom = [] if draft else [b for b in old.barriers if b not in BARRIERS]
    typed = ", ".join(b for b in old.barriers if b not in BARRIERS) if draft else ""
    chosen_first = st.pills(
        w("form.barriers"),
        first,
        selection_mode="multi",
        default=[b for b in old.barriers if b in first],
        format_func=_barrier_words,
        key=k + "barriers",
        **live,
    )
    more_default = [b for b in old.barriers if b in rest or b in custom]
    with st.expander(w("form.something_else"), expanded=bool(more_default or typed)):
        chosen_more = st.pills(
            w("form.barriers_more"),
            [*rest, *custom],
            selection_mode="multi",
            default=more_default,
            format_func=_barrier_words,
            key=k + "barriers_more",
            **live,
        )
        own = st.text_input(w("form.own_barrier"), value=typed, key=k + "own_barrier", **live)
        privacy_notice(own)
    return _barriers(chosen_first, chosen_more, own)


def _barriers(
    first: Sequence[str] | None, more: Sequence[str] | None, own: str | None
) -> list[str]:
    """The step's barriers: those tapped, then her own words as a barrier of her own (a ';'
    would split it, so it becomes ',')."""
    got = [*(first or ()), *(more or ())]
    typed = " ".join((own or "").replace(";", ",").split())
    if typed and typed not in got:
        got.append(typed)
    return got


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
        barriers=_barriers(
            ss.get(k + "barriers"), ss.get(k + "barriers_more"), ss.get(k + "own_barrier")
        ),
        helped=ss.get(k + "helped"),
        stage=ss.get(k + "stage"),
        note=ss.get(k + "note", ""),
        extra={DRAFT_OFF_MAP: "1"} if where == OFF_MAP else {},
    )
    with contextlib.suppress(KeyError):  # the journey was deleted in another tab
        ws.save_draft(code, entry)
