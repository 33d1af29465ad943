"""The app's workshop workspace, opened once and shared by every session and page."""

from __future__ import annotations

import streamlit as st

from journeymap.ui.args import app_args
from journeymap.workshop.paths import default_workspace
from journeymap.workshop.store import Workshop

__all__ = ["store"]


@st.cache_resource(show_spinner=False)
def _open(folder: str) -> Workshop:
    return Workshop(folder)


def store() -> Workshop:
    """The workspace of this app (`--workspace`, `$JOURNEYMAP_WORKSPACE` or the default).

    Shared by all sessions: safe, because every call of the store opens its own connection.
    Stops the page with a plain message when the folder cannot be used.
    """
    folder = default_workspace(app_args().workspace)
    try:
        return _open(str(folder))
    except OSError as exc:
        st.error(
            f"Journeys cannot be saved in {folder}: {exc.strerror or exc}. Ask the facilitator "
            "to start the app with a workspace folder you can write to (--workspace DIR)."
        )
        st.stop()
        raise  # st.stop() raises; this line is for type checkers
