"""What the Edit map page keeps between reruns: her draft, and the zip of a map's files.

In a module of its own because page modules are run afresh on every rerun, so a class defined
in one would be a new class each time and a draft kept in the session would stop being one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st

from journeymap.read import history
from journeymap.read.mapedit import EDITABLE, Sheet, read_sheet
from journeymap.ui import state

__all__ = ["DRAFT_KEY", "VERSION_KEY", "Draft", "map_zip", "next_version", "open_draft"]

DRAFT_KEY = "edit_draft"
VERSION_KEY = "edit_version"


@dataclass
class Draft:
    """What she is editing: the files as she opened them (and their digest, for the stale
    check), the tables the editors start from, the tables as opened, and the editors' key."""

    origin: str
    source: str
    files: dict[str, bytes]
    sheets: dict[str, Sheet]
    opened: dict[str, Sheet]
    version: int = 0
    conflict: dict[str, bytes] | None = field(default=None)


def next_version() -> int:
    """A new key for the editors each time their starting tables change (never reused, so
    an editor never picks up the edits of another table)."""
    version = int(st.session_state.get(VERSION_KEY, 0)) + 1
    st.session_state[VERSION_KEY] = version
    return version


def open_draft(mf: state.MapFiles) -> Draft:
    """A draft of the session's map as its files are now."""
    files = mf.files
    sheets = {name: read_sheet(files.get(name), name) for name in EDITABLE}
    return Draft(
        history.digest(files), mf.source, dict(files), dict(sheets), dict(sheets), next_version()
    )


def map_zip(files: Mapping[str, bytes]) -> bytes:
    """The map files in one zip, as a folder would hold them (the upload page reads it back)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(name, files[name])
    return out.getvalue()
