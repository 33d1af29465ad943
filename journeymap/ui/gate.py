"""What every page passes before it is drawn: usage statistics off, and the password if one is set.

journeymap holds women's accounts of some of the hardest moments of their lives, so two things
are checked on every run of the app, before any page or the sidebar is drawn:

- **Usage statistics are off.** `.streamlit/config.toml` sets `browser.gatherUsageStats = false`,
  but a command-line flag, an environment variable (`STREAMLIT_BROWSER_GATHER_USAGE_STATS`) or a
  user's own config could turn them back on. If they are on, the app shows how to turn them off
  and nothing else.
- **The password, when one is set.** A server shared on a network can ask for one password,
  set in the environment variable `JOURNEYMAP_PASSWORD` before the app starts. Until it is typed,
  no page, map, journey or upload box is shown; it is asked for once per browser session (a
  reload asks again), compared in constant time, with a pause after a wrong try.
"""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st
from streamlit import config

__all__ = ["PASSWORD_ENV", "check", "locked", "password_required", "telemetry_problem"]

PASSWORD_ENV = "JOURNEYMAP_PASSWORD"
UNLOCKED = "jm_unlocked"
#: Seconds to wait after a wrong password: slows guessing without bothering a person.
WRONG_PAUSE = 1.0


def telemetry_problem() -> str | None:
    """Why the app must not run (usage statistics are on), or None when they are off."""
    if config.get_option("browser.gatherUsageStats") is False:
        return None
    return (
        "Usage statistics are switched on, so this browser would send them to Streamlit. "
        "journeymap will not run like that: the women's journeys and your map must stay on this "
        "computer. Start it again from the journeymap folder with usage statistics off:\n\n"
        "    streamlit run app.py --browser.gatherUsageStats=false\n\n"
        "and check that no environment variable STREAMLIT_BROWSER_GATHER_USAGE_STATS or "
        "~/.streamlit/config.toml turns them on."
    )


def password_required() -> bool:
    """True when a password is set (JOURNEYMAP_PASSWORD) and this session has not given it."""
    return bool(os.environ.get(PASSWORD_ENV)) and not st.session_state.get(UNLOCKED, False)


def _ask_password() -> None:
    st.title("journeymap")
    st.write("This journeymap is protected. Type the password you were given to open it.")
    with st.form("jm_password", clear_on_submit=True):
        typed = st.text_input("Password", type="password", key="jm_password_typed")
        sent = st.form_submit_button("Open journeymap")
    if sent:
        secret = os.environ.get(PASSWORD_ENV, "")
        if hmac.compare_digest(typed.encode("utf-8"), secret.encode("utf-8")):
            st.session_state[UNLOCKED] = True
            st.rerun()
        time.sleep(WRONG_PAUSE)
        st.error("That is not the password. Ask the person who started journeymap for it.")


def locked() -> bool:
    """True when `check()` will stop this run (app.py hides the page list then)."""
    return telemetry_problem() is not None or password_required()


def check() -> None:
    """Stop the run unless usage statistics are off and the password (if any) was given.

    Called by app.py after `st.navigation` (so a link to a page opens that page once the
    password is given) and before the page and the sidebar; draws only why it stopped.
    """
    problem = telemetry_problem()
    if problem:
        st.error(problem)
        st.stop()
    if password_required():
        _ask_password()
        st.stop()
