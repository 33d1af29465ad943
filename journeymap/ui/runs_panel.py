"""Runs over time in the app: *Save this run*, and the change since the last saved run.

Used by the Overview page (the panel) and the Downloads page (the board report's trend). A
run is saved into the map folder's `runs/` (`outputs.runs.save_run`, atomically); an upload
and the bundled demo are not written to, so for them the button says why it is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from journeymap.outputs.runs import Trend, last_run, save_run, trend
from journeymap.ui import state
from journeymap.ui.safe import md

__all__ = ["last_saved", "map_folder", "panel", "trends_for"]


def map_folder() -> Path | None:
    """The folder the map came from, when runs may be saved beside it (not an upload, not
    the bundled demo)."""
    return state.writable_folder()


def last_saved() -> str:
    """When the map folder's last run was saved ('' when none): a cache key."""
    folder = map_folder()
    run = last_run(folder) if folder is not None else None
    return run.when if run else ""


def trends_for(m: state.MapView, areas: Sequence[str]) -> dict[str, Trend]:
    """Each area's change since the map folder's last saved run (empty when there is none)."""
    folder = map_folder()
    run = last_run(folder) if folder is not None else None
    if run is None or m.smap is None:
        return {}
    found = {a: trend(run, m.smap, m.G, m.findings, a) for a in areas}
    return {a: t for a, t in found.items() if t is not None}


def panel(m: state.MapView, area: str) -> None:
    """The change since the last saved run, and the *Save this run* button."""
    assert m.smap is not None
    folder = map_folder()
    found = trends_for(m, [area]).get(area)
    with st.expander("Since the last saved run", expanded=found is not None):
        if found is None:
            st.caption("No run of this map has been saved yet.")
        else:
            st.caption(f"Saved {md(found.since)}")
            frame = pd.DataFrame(list(found.figures), columns=["Figure", "Then", "Now"])
            with st.container(key="runs_trend"):
                st.dataframe(frame, hide_index=True)
            st.write(
                f"{len(found.closed)} gaps closed, {len(found.new)} new, {len(found.gone)} gone "
                f"(what they were about was removed: not fixed), {found.still_open} still open."
            )
        why = "" if folder else " (only for a map folder of your own, not the demo or an upload)"
        if st.button(f"Save this run{why}", key="runs_save", disabled=folder is None):
            assert folder is not None
            path = save_run(folder, m.smap, m.G, m.findings)
            st.success(f"Saved as {md(path.name)} in {md(str(folder))}/runs.")
