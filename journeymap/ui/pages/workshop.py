"""Workshop page: a woman's journey, step by step, in her words; saved the moment it changes.

Written for the women in the room, on a tablet: large text, plain words (every one from
data/words, `ui.speech`), tappable choices, no codes except her own journey code. Every change
goes straight to the workspace database (`journeymap.workshop.store`); nothing is held only in
the browser, so a reload, a second tab or a restart of the app loses nothing. The journey being
told is kept in the page address (`?journey=J03`, with its tablet token in workshop mode), so
reloading the page opens the same journey again.

Her consent is asked before anything of her journey is saved (`ui.consent_form`). In workshop
mode (`ui.mode`) the page lists no other journey: carrying on with another code, downloads and
deleting another journey are the facilitator's, behind the PIN (`ui.facilitator`).
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Sequence

import streamlit as st

from journeymap.labels import barrier_label
from journeymap.ui import facilitator, mode, state
from journeymap.ui.consent_form import consent_form
from journeymap.ui.safe import md
from journeymap.ui.speech import picker, w, word_or
from journeymap.ui.step_form import fresh_form, privacy_notice, step_form
from journeymap.ui.workspace import store
from journeymap.vocab import CIRCUMSTANCES
from journeymap.workshop.entries import WorkshopStep
from journeymap.workshop.store import Workshop

__all__ = ["render"]

#: This session's own journey (the one she started or was given by the facilitator).
MINE = "ws_mine"

#: Larger text and bigger tap targets (44 px and more) for this page. A constant: no data in it.
CSS = """<style>
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label, [data-testid="stMainBlockContainer"] input,
[data-testid="stMainBlockContainer"] textarea, [data-testid="stMainBlockContainer"] button {
  font-size: 1.3rem !important; line-height: 1.5;
}
[data-testid="stMainBlockContainer"] button { min-height: 3rem; }
</style>"""


def _current(ws: Workshop) -> str | None:
    """The journey this page shows: the address's, if this tablet may carry on with it."""
    code = st.query_params.get("journey")
    if not code or not ws.exists(code):
        return None
    if not mode.workshop() or facilitator.unlocked() or st.session_state.get(MINE) == code:
        return code
    token = st.query_params.get("t", "")
    if token and hmac.compare_digest(token.encode(), ws.token(code).encode()):
        st.session_state[MINE] = code
        return code
    return None


def _choose(code: str | None) -> None:
    ws = store()
    st.query_params.clear()
    if code:
        st.query_params["journey"] = code
        if mode.workshop():
            st.query_params["t"] = ws.token(code)
    st.session_state[MINE] = code
    st.session_state.pop("ws_pick", None)
    st.session_state.pop("ws_editing", None)
    fresh_form()


def _show_step(ws: Workshop, s: WorkshopStep, last: int) -> None:
    e = s.entry
    with st.container(border=True):
        st.subheader(f"{s.step}. {md(s.label)}")
        lines = []
        if e.feeling is not None:
            lines.append(w("step.felt", feeling=w(f"feeling.{e.feeling}")))
        if e.barriers:
            got = ", ".join(md(word_or(f"barrier.{b}", barrier_label(b))) for b in e.barriers)
            lines.append(w("step.got_in_the_way", barriers=got))
        if e.helped_onward is not None:
            lines.append(w("step.helped", answer=w(f"helped.{'yes' if e.helped_onward else 'no'}")))
        if e.stage:
            lines.append(w(f"stage.{e.stage}"))
        for line in lines:
            st.write(line)
        if e.note:
            st.markdown(f"“{md(e.note)}”")
            privacy_notice(e.note)
        top, bottom = st.columns(2), st.columns(2)  # two by two: roomy on a tablet
        if top[0].button(
            w("step.earlier"), key=f"ws_up_{s.id}", disabled=s.step == 1, width="stretch"
        ):
            ws.move_step(s.id, -1)
            st.rerun()
        if top[1].button(
            w("step.later"), key=f"ws_down_{s.id}", disabled=s.step == last, width="stretch"
        ):
            ws.move_step(s.id, +1)
            st.rerun()
        if bottom[0].button(w("step.change"), key=f"ws_edit_{s.id}", width="stretch"):
            st.session_state["ws_editing"] = s.id
            fresh_form()
            st.rerun()
        with bottom[1].popover(w("step.delete"), width="stretch"):
            st.write(w("step.delete_sure"))
            if st.button(w("step.delete_yes"), key=f"ws_del_{s.id}", type="primary"):
                with contextlib.suppress(KeyError):  # already deleted in another tab
                    ws.delete_step(s.id)
                st.session_state.pop("ws_editing", None)
                st.toast(w("step.deleted"), icon="🗑️")
                st.rerun()


def _circumstances(ws: Workshop, code: str) -> None:
    key = f"ws_about_{code}"

    def save() -> None:
        ws.set_circumstances(code, [c for c in CIRCUMSTANCES if c in st.session_state[key]])

    with st.expander(w("about.title")):
        st.pills(
            w("about.label"),
            list(CIRCUMSTANCES),
            selection_mode="multi",
            default=list(ws.circumstances(code)),
            format_func=lambda c: w(f"circumstance.{c}"),
            key=key,
            on_change=save,
        )


def _delete_journey(ws: Workshop, code: str) -> None:
    with st.expander(w("journey.take_out", code=code)):
        st.write(w("journey.take_out_body", code=code))
        sure = st.checkbox(w("journey.take_out_sure", code=code), key=f"ws_sure_{code}")
        if st.button(
            w("journey.take_out_go", code=code),
            key="ws_delete_journey",
            disabled=not sure,
            type="primary",
        ):
            ws.delete_journey(code)
            _choose(None)
            st.toast(w("journey.deleted", code=code), icon="🗑️")
            st.rerun()


def _journey_picker(ws: Workshop, code: str | None, codes: Sequence[str]) -> None:
    """Start a new journey; outside workshop mode also carry on with any journey code."""
    cols = st.columns(2)
    new = code is None or not mode.workshop()  # in workshop mode: only before her journey
    if new and cols[0].button(w("journey.new"), key="ws_new", type="primary", width="stretch"):
        _choose(ws.new_journey())
        st.rerun()
    if mode.workshop():
        return
    if codes:
        pick = cols[1].selectbox(
            w("journey.carry_on"),
            list(codes),
            index=list(codes).index(code) if code is not None and code in codes else None,
            placeholder=w("journey.carry_on_placeholder"),
            key="ws_pick",
        )
        if pick and pick != code:
            _choose(pick)
            st.rerun()


def _finish(code: str) -> None:
    """Workshop mode: she has finished; the tablet goes back to the start for the next woman."""
    with st.expander(w("journey.finish_title")):
        st.write(w("journey.finish_body", code=code))
        if st.button(w("journey.finish"), key="ws_finish"):
            store().retire_token(code)  # Back in the browser no longer opens it
            facilitator.lock()
            _choose(None)
            st.rerun()


def render() -> None:
    """Draw the workshop page."""
    st.html(CSS)
    m = state.current()
    ws = store()
    picker()
    st.title(w("page.title"))
    st.write(w("page.intro"))
    code = _current(ws)
    _journey_picker(ws, code, ws.codes())
    if code is None:
        asked = st.query_params.get("journey")
        if asked and mode.workshop():
            st.info(w("journey.needs_facilitator"))
        else:
            st.info(w("journey.start_hint") if mode.workshop() else w("journey.start_or_pick"))
        facilitator.panel(ws, m, _choose)
        return

    st.header(w("journey.heading", code=code))
    consent = ws.consent(code)
    if consent is None:
        with st.container(border=True):
            consent_form(ws, code, None)
        _delete_journey(ws, code)
        facilitator.panel(ws, m, _choose)
        return
    steps = ws.steps(code)
    if not steps:
        st.write(w("journey.no_places"))
    editing_id = st.session_state.get("ws_editing")
    editing = next((s for s in steps if s.id == editing_id), None)
    for s in steps:
        if editing is not None and s.id == editing.id:
            with st.container(border=True):
                step_form(ws, code, m, editing)
        else:
            _show_step(ws, s, len(steps))
    if editing is None:
        with st.container(border=True):
            step_form(ws, code, m, None)
    _circumstances(ws, code)
    with st.expander(w("consent.change_title")):
        consent_form(ws, code, consent)
    _delete_journey(ws, code)
    if mode.workshop():
        _finish(code)
    facilitator.panel(ws, m, _choose)


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
