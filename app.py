"""journeymap in the browser: `streamlit run app.py` (or `… app.py -- --map DIR --workspace DIR`).

This file is only the frame: page settings, the map picker in the sidebar, and the list of
pages. Each page is one module in `journeymap/ui/` with a `render()` function, which it calls
when Streamlit runs the file as a page (`if __name__ == "__main__": render()`); the module
uses absolute imports so it can also be imported by tests. To add a page, write the module and
add one `st.Page` line to PAGES.
"""

from __future__ import annotations

import streamlit as st

from journeymap.runtime.gcpause import collect_every
from journeymap.ui import gate, mode, pause, state

#: A full garbage collection once a minute, as Streamlit's after every run is off (PRIVACY.md).
collect_every(60)

# An emoji icon is drawn by the browser itself; a ":material/…:" page icon would make every
# browser fetch the tab icon from fonts.gstatic.com (PRIVACY.md: nothing leaves this computer).
st.set_page_config(page_title="journeymap", page_icon="🧭", layout="wide")

#: Every page of the app, in menu order: one line each.
PAGES = [
    st.Page(
        "journeymap/ui/pages/overview.py",
        title="Overview",
        icon=":material/dashboard:",
        default=True,
    ),
    st.Page("journeymap/ui/pages/network.py", title="Network", icon=":material/hub:"),
    st.Page("journeymap/ui/pages/edit.py", title="Edit map", icon=":material/edit:"),
    st.Page("journeymap/ui/pages/gaps.py", title="Gaps", icon=":material/report:"),
    st.Page("journeymap/ui/pages/standards.py", title="Standards", icon=":material/checklist:"),
    st.Page("journeymap/ui/pages/service.py", title="Service", icon=":material/home_health:"),
    st.Page("journeymap/ui/pages/personas.py", title="Personas", icon=":material/groups:"),
    st.Page("journeymap/ui/pages/journeys.py", title="Journeys", icon=":material/timeline:"),
    st.Page("journeymap/ui/pages/workshop.py", title="Workshop", icon=":material/edit_note:"),
    st.Page("journeymap/ui/pages/scenarios.py", title="What if…?", icon=":material/alt_route:"),
    st.Page("journeymap/ui/pages/plan.py", title="Plan", icon=":material/flag:"),
    st.Page("journeymap/ui/pages/actions.py", title="Actions", icon=":material/task_alt:"),
    st.Page("journeymap/ui/pages/downloads.py", title="Downloads", icon=":material/download:"),
]

#: Workshop mode (`-- --workshop` or JOURNEYMAP_WORKSHOP=1, README "Workshop mode"): this one page.
WORKSHOP_PAGES = [
    st.Page("journeymap/ui/pages/workshop.py", title="Your journey", icon="🧭", default=True)
]

# Usage statistics off, and the password if one is set, before anything is shown: while the gate
# is shut even the page list is hidden; the page asked for opens once it is passed.
in_workshop = mode.workshop()
page = st.navigation(
    WORKSHOP_PAGES if in_workshop else PAGES,
    position="hidden" if gate.locked() or in_workshop else "sidebar",
)
gate.check()
pause.guard()  # the Pause button on every screen; while paused, only the calm screen
if not in_workshop:
    state.sidebar()
    mode.back_button()
page.run()
