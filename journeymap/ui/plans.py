"""The plan of an area, as the Plan and Actions pages share it: worked out once per map, area
and number of changes (`state.derive`, so every session shares it), and on a large map only
once someone has asked for it in this session."""

from __future__ import annotations

import streamlit as st

from journeymap.scenario.plan import Plan, make_plan
from journeymap.ui import state

__all__ = ["ASK_FROM", "ask", "asked", "plan_for", "plan_if_made"]

#: On maps of this many services the plan is worked out only when she asks: each change is
#: tried by running every analysis on the whole map again (on a national map of 45,000
#: services that is minutes for one area), so opening the page must not start it.
ASK_FROM = 2_000
#: The plans asked for in this session: (map digest, area, changes).
ASKED = "plans_asked"


def _plan(m: state.MapView, area: str, changes: int) -> Plan:
    assert m.smap is not None
    return make_plan(m.smap, area, changes=changes, findings=m.findings)


def plan_for(m: state.MapView, area: str, changes: int = 5) -> Plan:
    """The plan for `area`, worked out once per map and shared (the Actions page uses it)."""
    return state.derive(m, _plan, area, changes)


def asked(m: state.MapView, area: str, changes: int) -> bool:
    """True when the plan may be worked out now: a small map, or this session asked."""
    small = m.smap is not None and len(m.smap.services) < ASK_FROM
    return small or (m.digest, area, changes) in st.session_state.get(ASKED, set())


def plan_if_made(m: state.MapView, area: str, changes: int = 5) -> Plan | None:
    """The plan, unless the map is large and no one has asked for it in this session (then
    None: working it out would hold the page for minutes)."""
    return plan_for(m, area, changes) if asked(m, area, changes) else None


def ask(m: state.MapView, area: str, changes: int) -> None:
    """Note that this session asked for the plan (`asked` is then True)."""
    st.session_state.setdefault(ASKED, set()).add((m.digest, area, changes))
