"""journeymap in the browser: `streamlit run app.py` (or `… app.py -- --map DIR`).

This file is only the frame: page settings, the map picker in the sidebar, and the list of
pages. Each page is one module in `journeymap/ui/`; to add a page, write the module (a
`render()` function) and add one `st.Page` line to PAGES.
"""

from __future__ import annotations

import streamlit as st

from journeymap.ui import overview, state

st.set_page_config(page_title="journeymap", page_icon=":material/route:", layout="wide")

#: Every page of the app, in menu order: one line each.
PAGES = [
    st.Page(
        overview.render,
        title="Overview",
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page("journeymap/ui/downloads.py", title="Downloads", icon=":material/download:"),
]

page = st.navigation(PAGES)
state.sidebar()
page.run()
