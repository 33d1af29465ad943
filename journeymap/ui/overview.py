"""Overview page: each area's headline figures and its top gaps, in plain words."""

from __future__ import annotations

import streamlit as st

from ..metrics import headline
from . import state


def render() -> None:
    """Draw the overview of the current map."""
    m = state.current()
    st.title("Overview")
    assert m.smap is not None
    st.write(
        f"{len(m.smap.services)} services, {len(m.smap.links)} links, {len(m.findings)} findings."
    )
    for area in m.areas:
        h = headline(m.smap, m.G, m.findings, area)
        st.subheader(area)
        share = "—" if h.share_with_route is None else f"{h.share_with_route:.0%}"
        cols = st.columns(4)
        cols[0].metric("Touchpoints with a route to treatment", share)
        cols[1].metric(
            "Median hand-offs", "—" if h.median_handoffs is None else f"{h.median_handoffs:g}"
        )
        cols[2].metric("Standards met", f"{h.standards_met} of {h.standards_total}")
        cols[3].metric("High-severity findings", h.by_severity.get("high", 0))
