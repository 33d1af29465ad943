"""Workshop mode: the app as a tablet handed to a woman in a workshop (DESIGN §8).

Started with `streamlit run app.py -- --workshop`, or with `JOURNEYMAP_WORKSHOP=1`, the app shows
only the journey page: no sidebar, no page list, no upload box, no other journey's code. The
facilitator can leave workshop mode for this browser session only, from the facilitator panel
(behind the PIN), and come back to it from the sidebar.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import streamlit as st

from journeymap.ui.args import app_args

__all__ = ["WORKSHOP_ENV", "back_button", "leave", "started_in_workshop_mode", "workshop"]

WORKSHOP_ENV = "JOURNEYMAP_WORKSHOP"
LEFT = "jm_left_workshop"


def started_in_workshop_mode(
    argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None
) -> bool:
    """True when the app was started with --workshop or JOURNEYMAP_WORKSHOP=1 (or yes/true)."""
    env = os.environ if env is None else env
    flag = env.get(WORKSHOP_ENV, "").strip().casefold() in {"1", "yes", "true", "on"}
    return app_args(argv).workshop or flag


def workshop() -> bool:
    """True when this run shows workshop mode (started so, and not left in this session)."""
    return started_in_workshop_mode() and not st.session_state.get(LEFT, False)


def leave() -> None:
    """Leave workshop mode in this browser session (the facilitator, after the PIN)."""
    st.session_state[LEFT] = True


def back_button() -> None:
    """In the sidebar, when workshop mode was left in this session: the way back to it."""
    if started_in_workshop_mode() and st.session_state.get(LEFT, False):
        with st.sidebar:
            if st.button("Back to workshop mode", key="jm_back_to_workshop", type="primary"):
                st.session_state[LEFT] = False
                st.switch_page("journeymap/ui/pages/workshop.py")
