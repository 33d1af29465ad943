"""A Streamlit session driven over its websocket, the way the browser drives it, without a browser.

The browser's part of Streamlit's protocol is small: it sends a `BackMsg` asking for a script
run with the page, the query string and the widget values the person changed; the server
answers with `ForwardMsg`s (the elements of the page, then `script_finished`). This client does
the same with the `websockets` package and Streamlit's own protobuf classes, and reads each page
with AppTest's `parse_tree_from_messages`, so tests can find widgets by label or key and look for
exceptions and errors just as an AppTest test does. It costs a few MB and no rendering, so a
two-core machine can hold twenty of them against one real server.

Only what a browser would send is sent: no server internals are touched.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import ElementTree, parse_tree_from_messages

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Session:
    """One browser tab's session. Use `async with Session(url) as s:` then `await s.run()`."""

    url: str
    timeout: float = 60.0
    query_string: str = ""
    page_hash: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url path → page script hash
    tree: ElementTree | None = None
    runs: int = 0
    _ws: Any = None

    async def __aenter__(self) -> Session:
        ws_url = self.url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self._ws = await websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=64 * 1024 * 1024
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ws.close()

    async def run(self, *widgets: WidgetState, page: str | None = None) -> ElementTree:
        """Ask for a script run with these widget values; returns the page when it is drawn.

        `page` is a page's url path ('workshop'); a run that ends in `st.rerun()` is followed
        to the end, as the browser does.
        """
        if page is not None:
            self.page_hash = self.pages[page]
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend(widgets)
        await self._ws.send(msg.SerializeToString())
        self.tree = await asyncio.wait_for(self._collect(), self.timeout)
        self.runs += 1
        return self.tree

    async def _collect(self) -> ElementTree:
        deltas: list[ForwardMsg] = []
        while True:
            raw = await self._ws.recv()
            fmsg = ForwardMsg()
            fmsg.ParseFromString(raw)
            kind = fmsg.WhichOneof("type")
            if kind == "new_session":  # a script run starts: the page is drawn afresh
                deltas = []
                self.page_hash = fmsg.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fmsg.navigation.app_pages}
                self.page_hash = fmsg.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query_string = fmsg.page_info_changed.query_string
            elif kind == "delta":
                deltas.append(fmsg)
            elif kind == "script_finished" and fmsg.script_finished in DONE:
                return parse_tree_from_messages(deltas)


def by_label(widgets: Any, label: str) -> Any:
    found = [w for w in widgets if w.label == label]
    if not found:
        raise LookupError(f"no widget labelled {label!r}: {[w.label for w in widgets]}")
    return found[0]


def click(button: Any) -> WidgetState:
    """What the browser sends when a button is clicked."""
    return WidgetState(id=button.id, trigger_value=True)


def choose(selectbox: Any, shown: str) -> WidgetState:
    """A selectbox option picked by the text the person sees."""
    if shown not in selectbox.options:
        raise LookupError(f"{shown!r} is not an option of {selectbox.label!r}")
    return WidgetState(id=selectbox.id, string_value=shown)


def tap(group: Any, shown: str) -> WidgetState:
    """One option of a segmented control or pills, by the words the person sees.

    The server splits a leading icon off each option's text (`🙁 Bad` → icon and `Bad`) and
    expects the whole text back, as the browser sends it.
    """
    whole = {
        o.content: f"{o.content_icon} {o.content}".strip() if o.content_icon else o.content
        for o in group.proto.options
    }
    if shown not in whole:
        raise LookupError(f"{shown!r} is not an option of {group.label!r}: {list(whole)}")
    state = WidgetState(id=group.id)
    state.string_array_value.data[:] = [whole[shown]]
    return state


def type_text(box: Any, text: str) -> WidgetState:
    """Text typed into a text input or text area (sent when the person leaves the box)."""
    return WidgetState(id=box.id, string_value=text)
