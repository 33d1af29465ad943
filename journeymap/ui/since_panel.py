"""The Edit map page's "what changed since we last mapped": the services and links changed,
and the gaps resolved, new and gone, against a version kept in the map's history."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from journeymap.read import history
from journeymap.ui import state
from journeymap.ui.editing import changes_text, versions_diff

__all__ = ["since_panel"]


def since_panel(mf: state.MapFiles, files: Mapping[str, bytes]) -> None:
    """What changed since a saved version in the history ("since we last mapped")."""
    if mf.folder is None:
        st.caption("An uploaded map has no saved history; download it to keep a version.")
        return
    kept = history.versions(mf.folder)
    if not kept:
        st.caption("No saved versions yet: each save keeps the version before it here.")
        return
    chosen = st.selectbox(
        "Compare with",
        kept,
        index=None,
        format_func=lambda v: v.label,
        placeholder="Choose a saved version",
        key="since",
    )
    if chosen is None:
        return
    before = history.read_version(chosen)
    lines = changes_text(before, files, mf.label)
    st.code("\n".join(lines) or "No change to services or links.", language=None)
    result = versions_diff(before, files, mf.label)
    if result is None:
        st.caption("The gaps are compared once neither version has a problem.")
        return
    c = result.comparison
    st.markdown(
        f"**Gaps:** {len(c.resolved)} resolved, {len(c.new)} new, {len(c.gone)} gone (what "
        f"they were about was removed: not fixed), {len(c.kept)} still there."
    )
    rows = [
        {
            "Status": status,
            "Severity": f.severity,
            "Area": f.area,
            "Category": f.category.replace("_", " "),
            "About": f.subject_name,
            "Finding": f.finding,
        }
        for status, found in (("resolved", c.resolved), ("new", c.new), ("gone", c.gone))
        for f in found
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(f"The same from the command line: `journeymap diff {chosen.path} {mf.folder}`.")
