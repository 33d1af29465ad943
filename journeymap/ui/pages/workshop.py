"""Workshop page: a woman's journey, step by step, in her words; saved the moment it changes.

Written for the women in the room, on a tablet: large text, plain words, tappable choices, no
codes except the journey code. Every change goes straight to the workspace database
(`journeymap.workshop.store`); nothing is held only in the browser, so a reload, a second tab or a
restart of the app loses nothing. The journey being told is kept in the page address
(`?journey=J03`), so reloading the page opens the same journey again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import streamlit as st

from journeymap.labels import (
    CIRCUMSTANCE_WORDS,
    FEELING_WORDS,
    STAGE_WORDS,
    barrier_label,
)
from journeymap.problems import MapError
from journeymap.ui import state
from journeymap.ui.safe import md
from journeymap.ui.step_form import ALL_AREAS, fresh_form, step_form
from journeymap.ui.workspace import store
from journeymap.vocab import CIRCUMSTANCES
from journeymap.workshop.entries import WorkshopStep
from journeymap.workshop.privacy import identifying, warning_text
from journeymap.workshop.store import Workshop

__all__ = ["render"]


#: Larger text and bigger tap targets for this page only. A constant: no data ever goes in it.
CSS = """<style>
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label, [data-testid="stMainBlockContainer"] input,
[data-testid="stMainBlockContainer"] textarea, [data-testid="stMainBlockContainer"] button {
  font-size: 1.3rem !important; line-height: 1.5;
}
[data-testid="stMainBlockContainer"] button { min-height: 3rem; }
</style>"""


def _current(ws: Workshop) -> str | None:
    code = st.query_params.get("journey")
    if code and ws.exists(code):
        return code
    return None


def _choose(code: str | None) -> None:
    if code:
        st.query_params["journey"] = code
    elif "journey" in st.query_params:
        del st.query_params["journey"]
    st.session_state.pop("ws_pick", None)
    st.session_state.pop("ws_editing", None)
    fresh_form()


def _show_step(ws: Workshop, s: WorkshopStep, last: int) -> None:
    e = s.entry
    with st.container(border=True):
        st.subheader(f"{s.step}. {md(s.label)}")
        lines = []
        if e.feeling is not None:
            lines.append(f"It felt: {FEELING_WORDS[e.feeling]}")
        if e.barriers:
            got = ", ".join(md(barrier_label(b)) for b in e.barriers)
            lines.append(f"What got in the way: {got}")
        if e.helped_onward is not None:
            lines.append(f"Helped you get to the next help: {'Yes' if e.helped_onward else 'No'}")
        if e.stage:
            lines.append(STAGE_WORDS.get(e.stage, ""))
        for line in lines:
            st.write(line)
        if e.note:
            st.markdown(f"“{md(e.note)}”")
            kinds = identifying(e.note)
            if kinds:
                st.warning(warning_text(kinds), icon="💬")
        top, bottom = st.columns(2), st.columns(2)  # two by two: roomy on a tablet
        if top[0].button("⬆️ Earlier", key=f"ws_up_{s.id}", disabled=s.step == 1, width="stretch"):
            ws.move_step(s.id, -1)
            st.rerun()
        if top[1].button(
            "⬇️ Later", key=f"ws_down_{s.id}", disabled=s.step == last, width="stretch"
        ):
            ws.move_step(s.id, +1)
            st.rerun()
        if bottom[0].button("✏️ Change", key=f"ws_edit_{s.id}", width="stretch"):
            st.session_state["ws_editing"] = s.id
            fresh_form()
            st.rerun()
        with bottom[1].popover("🗑️ Delete", width="stretch"):
            st.write("Delete this step? This cannot be undone.")
            if st.button("Yes, delete this step", key=f"ws_del_{s.id}", type="primary"):
                with contextlib.suppress(KeyError):  # already deleted in another tab
                    ws.delete_step(s.id)
                st.session_state.pop("ws_editing", None)
                st.toast("Step deleted.", icon="🗑️")
                st.rerun()


def _circumstances(ws: Workshop, code: str) -> None:
    key = f"ws_about_{code}"

    def save() -> None:
        ws.set_circumstances(code, [c for c in CIRCUMSTANCES if c in st.session_state[key]])

    with st.expander("About you (you can skip this)"):
        st.pills(
            "Tap any that were part of your life at the time",
            list(CIRCUMSTANCES),
            selection_mode="multi",
            default=list(ws.circumstances(code)),
            format_func=lambda c: CIRCUMSTANCE_WORDS[c],
            key=key,
            on_change=save,
        )


def _delete_journey(ws: Workshop, code: str) -> None:
    with st.expander(f"Take journey {code} out"):
        st.write(
            f"This deletes journey {code} and every step in it from this computer, for good. "
            "It will not be in any saved file or report. It cannot be undone."
        )
        sure = st.checkbox(f"Yes, I want to delete journey {code}", key=f"ws_sure_{code}")
        if st.button(
            f"Delete journey {code}", key="ws_delete_journey", disabled=not sure, type="primary"
        ):
            ws.delete_journey(code)
            _choose(None)
            st.toast(f"Journey {code} has been deleted.", icon="🗑️")
            st.rerun()


def _facilitator(ws: Workshop, m: state.MapView) -> None:
    with st.expander("For the facilitator"):
        st.write("Journeys are saved on this computer, as they are entered, in:")
        st.code(str(ws.path), language=None)
        areas = [ALL_AREAS, *m.areas]
        st.selectbox(
            "Places to list",
            areas,
            format_func=lambda a: "All areas" if a == ALL_AREAS else a,
            key="ws_area",
        )
        st.download_button(
            "Download all journeys (journeys.csv)",
            data=ws.export_csv,  # made on click, not on every rerun
            file_name="journeys.csv",
            mime="text/csv",
            on_click="ignore",
            key="ws_export",
        )
        up = st.file_uploader("Add journeys from a journeys.csv", type=["csv"], key="ws_import")
        if up is not None and st.button("Add these journeys", key="ws_import_go"):
            assert m.smap is not None
            names = {s.id: s.name for s in m.smap.services}
            try:
                codes = ws.import_csv(up.getvalue(), names, file=up.name)
            except MapError as exc:
                st.error(
                    "Nothing was added. Each line says the file, the line, and what to change:"
                )
                st.code("\n".join(str(p) for p in exc.errors), language=None, wrap_lines=True)
            else:
                st.success(f"Added {len(codes)} journeys: {', '.join(codes)}.")


def _journey_picker(ws: Workshop, code: str | None, codes: Sequence[str]) -> None:
    cols = st.columns(2)
    if cols[0].button("➕ Start a new journey", key="ws_new", type="primary", width="stretch"):
        _choose(ws.new_journey())
        st.rerun()
    if codes:
        pick = cols[1].selectbox(
            "Carry on with a journey",
            list(codes),
            index=list(codes).index(code) if code is not None and code in codes else None,
            placeholder="Choose your journey code",
            key="ws_pick",
        )
        if pick and pick != code:
            _choose(pick)
            st.rerun()


def render() -> None:
    """Draw the workshop page."""
    st.html(CSS)
    m = state.current()
    ws = store()
    st.title("Your journey")
    st.write(
        "This is your story of the places you went for help. There are no right or wrong "
        "answers, you can skip anything, and you can change or delete anything at any time."
    )
    code = _current(ws)
    _journey_picker(ws, code, ws.codes())
    if code is None:
        st.info("Start a new journey, or choose your journey code to carry on.")
        _facilitator(ws, m)
        return

    st.header(f"Journey {code}")
    steps = ws.steps(code)
    if not steps:
        st.write("No places yet. Add the first place you went for help below.")
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
    _delete_journey(ws, code)
    _facilitator(ws, m)


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
