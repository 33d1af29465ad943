"""The Pause button on every screen, and the calm screen it opens.

A tap on *Pause* blanks the page: the run that follows draws only the calm screen (where to get
support, and *Carry on*) and stops before any page is drawn, so none of her story is in the
page while it is paused. *Carry on* needs a tap, not the PIN. app.py calls `guard()` before the
page runs.
"""

from __future__ import annotations

import streamlit as st

from journeymap.ui.safe import md
from journeymap.ui.speech import w
from journeymap.ui.workspace import store
from journeymap.workshop.support import contacts

__all__ = ["PAUSED", "ROOM_CONTACT", "guard"]

PAUSED = "jm_paused"
ROOM_CONTACT = "room_contact"

#: A large Pause button (its container has Streamlit's key class). A constant: no data in it.
CSS = """<style>
.st-key-jm_pause button, .st-key-jm_carry_on button {
  min-height: 3.5rem; min-width: 12rem; font-size: 1.4rem !important;
}
</style>"""


def _set(paused: bool) -> None:
    st.session_state[PAUSED] = paused


def _calm() -> None:
    st.title(w("pause.title"))
    st.write(w("pause.body"))
    st.button(w("pause.carry_on"), key="jm_carry_on", type="primary", on_click=_set, args=(False,))
    ws = store()
    st.header(w("pause.support"))
    room = ws.setting(ROOM_CONTACT)
    if room:
        with st.container(border=True):
            st.subheader(w("pause.room"))
            st.write(md(room))
    for c in contacts(ws.folder):
        with st.container(border=True):
            st.subheader(md(c.name))
            st.write(f"**{md(c.phone)}** · {md(c.hours)}")
            st.write(md(c.about))


def guard() -> None:
    """While paused, draw only the calm screen and stop; otherwise draw the Pause button."""
    st.html(CSS)
    if st.session_state.get(PAUSED, False):
        _calm()
        st.stop()
    st.button(
        w("pause.button"),
        key="jm_pause",
        on_click=_set,
        args=(True,),
        help=w("pause.help"),
    )
