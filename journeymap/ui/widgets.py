"""Small pieces every page uses: showing data text safely, and the area and service pickers.

The pickers remember the choice across pages (a commissioner who picked Fenmoor on the
overview finds Fenmoor picked on the network page), keeping it under a plain session key
because Streamlit forgets the state of a widget that a page did not draw.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import pandas as pd
import streamlit as st

from journeymap.labels import type_label
from journeymap.ui.safe import md, text
from journeymap.ui.state import MapView
from journeymap.vocab import NATIONAL

__all__ = ["md", "pick_area", "pick_row", "pick_service", "text"]

AREA_KEY = "chosen_area"
SERVICE_KEY = "chosen_service"


def pick_area(m: MapView, *, key: str, label: str = "Area", national: bool = True) -> str:
    """A select box of the map's areas (national services last, if asked); remembers the choice.

    Returns the chosen area. Cheap: areas come from the cached map.
    """
    options = list(m.areas)
    if national and m.has_national:
        options.append(NATIONAL)
    if not options:
        st.info("This map has no areas.")
        st.stop()
    saved = st.session_state.get(AREA_KEY)
    index = options.index(saved) if saved in options else 0
    choice = st.selectbox(label, options, index=index, key=key)
    st.session_state[AREA_KEY] = choice
    return str(choice)


def pick_service(
    G: nx.MultiDiGraph,
    nodes: Sequence[str],
    *,
    key: str,
    label: str = "Service",
    none: str | None = None,
    remember: bool = True,
) -> str | None:
    """A searchable select box of services by name (and type), sorted by name; remembers the
    choice across pages. With `none`, that label is the first option and returns None."""
    ordered = sorted(nodes, key=lambda n: (str(G.nodes[n]["name"]).lower(), n))
    options: list[str | None] = [None, *ordered] if none is not None else list(ordered)
    if not options:
        st.info("No services to choose from.")
        return None
    saved = st.session_state.get(SERVICE_KEY) if remember else None
    index = options.index(saved) if saved in options else 0

    def show(n: str | None) -> str:
        if n is None:
            return none or ""
        d = G.nodes[n]
        return f"{d['name']} ({type_label(d['type'])})"

    choice = st.selectbox(label, options, index=index, format_func=show, key=key)
    if choice is not None and remember:
        st.session_state[SERVICE_KEY] = choice
    return choice


def pick_row(table: pd.DataFrame, *, key: str, wide: Sequence[str] = ()) -> int:
    """Show `table` (read-only, cells as text) and return the row she selected, else 0.

    `wide` names the columns of long text, given the most room.
    """
    event = st.dataframe(
        table,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={c: st.column_config.TextColumn(width="large") for c in wide},
    )
    rows = event.selection.rows if event is not None else []
    return rows[0] if rows and rows[0] < len(table) else 0
