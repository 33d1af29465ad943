"""The Edit map page's suggested links: services at one place or run by one provider that
have no link yet, each to add or dismiss in one click (never added silently)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from journeymap.read.mapedit import Checked
from journeymap.read.suggest import Suggestion, read_dismissed, write_dismissed
from journeymap.ui import state
from journeymap.ui.editing import suggested
from journeymap.ui.safe import md

__all__ = ["ASKED_KEY", "ASK_FROM", "DISMISSED_KEY", "SHOWN", "suggestions_panel"]

#: Dismissals of an upload's suggestions, kept in the session (a folder keeps them in a file).
DISMISSED_KEY = "edit_dismissed"
#: On maps of this many services, links are looked for only once she asks in the session:
#: on a national map with addresses and coordinates that is 0.6 s of the page's first visit.
ASK_FROM = 2_000
ASKED_KEY = "edit_suggestions_asked"
#: Suggestions shown at once: a short queue to work through (each is two buttons to draw).
SHOWN = 8


def _dismissed(mf: state.MapFiles) -> set[tuple[str, str, str]]:
    if mf.folder is not None and not state.is_demo(mf.folder):
        return read_dismissed(mf.folder)
    return set(st.session_state.get(DISMISSED_KEY, ()))


def suggestions_panel(
    mf: state.MapFiles, checked: Checked, add: Callable[[Mapping[str, str]], None]
) -> None:
    """Links to confirm: same place → co-location, same provider → joint working. *Add*
    gives the link's row to `add` (the page puts it in the links table, saved with the next
    Save); *Dismiss* is remembered with the map (or, for an upload, in the session)."""
    if checked.smap is None:
        st.caption("Suggestions appear once the tables have no problems.")
        return
    if len(checked.smap.services) >= ASK_FROM and not st.session_state.get(ASKED_KEY):
        st.caption(
            f"This map has {len(checked.smap.services):,} services, so links to suggest are "
            "looked for when you ask (a second or so)."
        )
        if st.button("Look for links to suggest", key="suggest_look"):
            st.session_state[ASKED_KEY] = True
            st.rerun()
        return
    dismissed = _dismissed(mf)
    found = suggested(checked, dismissed)
    for note in found.crowded:
        st.caption(md(note))
    if not found.links:
        st.caption("No links to suggest: no two unlinked services share a place or a provider.")
        return
    if len(found.links) > SHOWN:
        st.caption(
            f"Showing {SHOWN} of {len(found.links)} suggestions: add or dismiss these to see "
            "the next."
        )
    shown = found.links[:SHOWN]
    ends = {sid for s in shown for sid in (s.source, s.target)}
    names = {s.id: s.name for s in checked.smap.services if s.id in ends}
    for i, s in enumerate(shown):
        row = st.columns([5, 1, 1])
        row[0].markdown(
            f"{md(names[s.source])} and {md(names[s.target])}: "
            f"**{s.kind.replace('_', ' ')}**? ({md(s.reason)})"
        )
        if row[1].button("Add", key=f"accept_{i}_{s.source}_{s.target}"):
            add(_link_row(s))
        if row[2].button("Dismiss", key=f"dismiss_{i}_{s.source}_{s.target}"):
            _dismiss(mf, dismissed | {s.key})


def _link_row(s: Suggestion) -> dict[str, str]:
    """The suggested link as a row of links.csv (informal until she says otherwise)."""
    note = f"suggested: {s.reason}"
    return {"from": s.source, "to": s.target, "kind": s.kind, "formal": "no", "notes": note}


def _dismiss(mf: state.MapFiles, keys: set[tuple[str, str, str]]) -> None:
    if mf.folder is not None and not state.is_demo(mf.folder):
        write_dismissed(mf.folder, keys)
    else:
        st.session_state[DISMISSED_KEY] = sorted(keys)
    st.rerun()
