"""The facilitator's PIN and panel: what in the workshop is only for the facilitator.

The panel (every journey, carry on with one, downloads, import, delete on withdrawal, how long
journeys are kept, the room's support contact, leaving workshop mode) and her words on the
Journeys page open only once the facilitator PIN (`workshop.pin`) is given in this browser
session. A PIN is set on first start when `JOURNEYMAP_FACILITATOR_PIN` is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from journeymap.problems import MapError
from journeymap.ui import mode, state
from journeymap.ui.pause import ROOM_CONTACT
from journeymap.ui.safe import md
from journeymap.ui.speech import w
from journeymap.ui.step_form import ALL_AREAS, PLACES_AREA
from journeymap.workshop.pin import FacilitatorPin, TooSoon
from journeymap.workshop.store import Workshop

__all__ = ["KEEP_UNTIL", "UNLOCKED", "lock", "panel", "pin_form", "unlocked"]

UNLOCKED = "jm_facilitator"
KEEP_UNTIL = "keep_until"


def unlocked() -> bool:
    """True when the facilitator PIN was given in this browser session."""
    return bool(st.session_state.get(UNLOCKED, False))


def lock() -> None:
    st.session_state[UNLOCKED] = False


def pin_form(ws: Workshop, where: str) -> None:
    """Ask for the PIN (or, the first time, to set one); `where` keeps keys apart per page."""
    pin = FacilitatorPin(ws)
    if not pin.is_set() and mode.workshop():
        # The tablet is in her hands: a PIN she set would open every journey.
        st.write(w("pin.not_set_workshop"))
        return
    if not pin.is_set():
        st.write(w("pin.first"))
        with st.form(f"jm_set_pin_{where}", clear_on_submit=True):
            one = st.text_input(w("pin.new"), type="password", key=f"jm_pin_new_{where}")
            two = st.text_input(w("pin.again"), type="password", key=f"jm_pin_again_{where}")
            sent = st.form_submit_button(w("pin.set"))
        if sent:
            if one != two:
                st.error(w("pin.differ"))
                return
            try:
                pin.set(one)
            except ValueError as exc:
                st.error(md(exc.args[0]))
                return
            st.session_state[UNLOCKED] = True
            st.rerun()
        return
    with st.form(f"jm_pin_{where}", clear_on_submit=True):
        typed = st.text_input(w("pin.label"), type="password", key=f"jm_pin_typed_{where}")
        sent = st.form_submit_button(w("pin.open"))
    if sent:
        try:
            right = pin.check(typed)
        except TooSoon as exc:
            st.error(w("pin.wait", seconds=round(exc.seconds)))
            return
        if right:
            st.session_state[UNLOCKED] = True
            st.rerun()
        left = pin.wait()
        st.error(w("pin.wrong_wait", seconds=round(left)) if left else w("pin.wrong"))


def panel(ws: Workshop, m: state.MapView, choose: Callable[[str | None], None]) -> None:
    """The facilitator's panel, behind the PIN. `choose(code)` opens a journey on this page."""
    with st.expander(w("fac.title")):
        if not unlocked():
            pin_form(ws, "panel")
            return
        _journeys(ws, choose)
        _settings(ws, m)
        _files(ws, m)
        cols = st.columns(2)
        if mode.workshop() and cols[0].button(w("fac.leave"), key="jm_leave_workshop"):
            mode.leave()
            st.rerun()
        if cols[1].button(w("fac.lock"), key="jm_lock"):
            lock()
            st.rerun()


def _journeys(ws: Workshop, choose: Callable[[str | None], None]) -> None:
    codes = ws.codes()
    st.subheader(w("fac.journeys"))
    if not codes:
        st.write(w("fac.no_journeys"))
        return
    rows = []
    for code in codes:
        consent = ws.consent(code)
        rows.append(
            {
                w("fac.col_code"): code,
                w("fac.col_steps"): len(ws.steps(code)),
                w("fac.col_pool"): "—" if consent is None else w(f"yes_no.{consent.pool}"),
                w("fac.col_quote"): "—" if consent is None else w(f"yes_no.{consent.quote}"),
                w("fac.col_kept"): consent.keep_until if consent else "",
            }
        )
    st.dataframe(rows, hide_index=True)
    pick = st.selectbox(w("fac.carry_on"), codes, index=None, key="jm_fac_pick")
    cols = st.columns(2)
    if pick and cols[0].button(w("fac.open", code=pick), key="jm_fac_open"):
        choose(pick)
        if mode.workshop():
            lock()  # the tablet goes back to her with this journey only
        st.rerun()
    sure = st.checkbox(w("fac.delete_sure"), key="jm_fac_sure", disabled=not pick)
    if (
        pick
        and cols[1].button(w("fac.delete", code=pick), disabled=not sure, key="jm_fac_delete")
        and sure
    ):
        ws.delete_journey(pick)
        choose(None)
        st.toast(w("journey.deleted", code=pick), icon="🗑️")
        st.rerun()


def _settings(ws: Workshop, m: state.MapView) -> None:
    st.subheader(w("fac.settings"))
    options = [ALL_AREAS, *m.areas]
    kept_area = ws.setting(PLACES_AREA) or ALL_AREAS
    area = st.selectbox(
        w("fac.places"),
        options,
        index=options.index(kept_area) if kept_area in options else 0,
        format_func=lambda a: w("fac.all_areas") if a == ALL_AREAS else a,
        key="jm_fac_places",
    )
    if area != kept_area:  # kept in the workspace: it outlasts the panel being locked
        ws.set_setting(PLACES_AREA, area)
    kept = ws.setting(KEEP_UNTIL)
    date = st.date_input(
        w("fac.keep_until"),
        value=dt.date.fromisoformat(kept) if kept else None,
        # a date already passed is shown (so she can see it and act), never refused
        min_value=min(dt.date.today(), dt.date.fromisoformat(kept)) if kept else dt.date.today(),
        key="jm_fac_keep",
    )
    if isinstance(date, dt.date) and date.isoformat() != kept:
        ws.set_setting(KEEP_UNTIL, date.isoformat())
    room = st.text_area(w("fac.room_contact"), value=ws.setting(ROOM_CONTACT), key="jm_fac_room")
    if room != ws.setting(ROOM_CONTACT):
        ws.set_setting(ROOM_CONTACT, room.strip())
    st.caption(w("fac.support_file", folder=md(str(ws.folder))))


def _files(ws: Workshop, m: state.MapView) -> None:
    st.subheader(w("fac.files"))
    st.write(w("fac.saved_in"))
    st.code(str(ws.path), language=None)
    st.download_button(
        w("fac.download"),
        data=ws.export_csv,  # made on click, not on every rerun
        file_name="journeys.csv",
        mime="text/csv",
        on_click="ignore",
        key="ws_export",
    )
    up = st.file_uploader(w("fac.import"), type=["csv"], key="ws_import")
    if up is not None and st.button(w("fac.import_go"), key="ws_import_go"):
        assert m.smap is not None
        names = {s.id: s.name for s in m.smap.services}
        try:
            codes = ws.import_csv(up.getvalue(), names, file=up.name)
        except MapError as exc:
            st.error(w("fac.import_errors"))
            st.code("\n".join(str(p) for p in exc.errors), language=None, wrap_lines=True)
        else:
            st.success(w("fac.imported", count=len(codes), codes=", ".join(codes)))
