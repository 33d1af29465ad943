"""Data text shown as text: the one way pages put strings from the map files on screen.

Streamlit renders markdown in `st.markdown`, `st.caption`, headers and widget labels. A service
called `**Free** [click](http://x)` or `<script>alert(1)</script>` must show as typed, so
every data string passes through `md()` first. (HTML is never enabled anywhere in the app.)
"""

from __future__ import annotations

import re

import streamlit as st

__all__ = ["md", "text"]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(value: object) -> str:
    """Data text escaped for Streamlit markdown: every ASCII punctuation mark is backslashed, so
    `**`, links, `:colour[…]` directives, `$…$` and HTML all show as the characters typed.
    Line breaks are kept as breaks. Cost: O(len)."""
    return _PUNCTUATION.sub(r"\\\1", str(value)).replace("\n", "  \n")


def text(value: object) -> None:
    """Show one paragraph of data text as text (never markup)."""
    st.markdown(md(value))
