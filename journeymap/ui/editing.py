"""What the Edit map page keeps between reruns: her draft, and the zip of a map's files.

In a module of its own because page modules are run afresh on every rerun, so a class defined
in one would be a new class each time and a draft kept in the session would stop being one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

import streamlit as st

from journeymap.models import ServiceMap
from journeymap.read import history
from journeymap.read.mapdiff import map_changes
from journeymap.read.mapedit import EDITABLE, Checked, Sheet, check_files, checked_map, read_sheet
from journeymap.read.mapview import LinkEnds, View, area_view, link_ends
from journeymap.read.suggest import Suggestions, suggest_links
from journeymap.scenario.diff import MapDiff, diff_maps
from journeymap.ui import state

__all__ = [
    "AREA_FROM",
    "DRAFT_KEY",
    "VERSION_KEY",
    "Draft",
    "changes_text",
    "checked",
    "editor_key",
    "has_edits",
    "map_zip",
    "next_version",
    "open_draft",
    "suggested",
    "versions_diff",
]

DRAFT_KEY = "edit_draft"
VERSION_KEY = "edit_version"
#: Maps with this many services are edited one area at a time: a table of a national map's
#: 45,000 services took the page seconds per rerun (`read.mapview`).
AREA_FROM = 2_000


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
    #: Each area's rows of `sheets`, by (version, area): worked out once per area.
    views: dict[tuple[int, str], View] = field(default_factory=dict)
    #: The links of `sheets` by their ends, and the version they are of.
    ends: tuple[int, LinkEnds] | None = None

    def view(self, area: str) -> View:
        """The area's rows of the tables the editors start from (`mapview.area_view`)."""
        key = (self.version, area)
        if key not in self.views:
            services, links = self.sheets["services.csv"], self.sheets["links.csv"]
            if self.ends is None or self.ends[0] != self.version:
                self.ends = (self.version, link_ends(services, links))
            kept = {k: v for k, v in self.views.items() if k[0] == self.version}
            kept[key] = area_view(services, links, area, self.ends[1])
            self.views = kept
        return self.views[key]


def editor_key(name: str, version: int, area: str | None = None) -> str:
    """The widget key of a table's editor: new for each starting table and each area."""
    key = f"edit_{name.removesuffix('.csv')}_{version}"
    return key if area is None else f"{key}_{area}"


def has_edits(state: object) -> bool:
    """Whether an editor's widget state (Streamlit's `edited_rows`, `added_rows`,
    `deleted_rows`) holds any edit."""
    return isinstance(state, Mapping) and any(
        state.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")
    )


def next_version() -> int:
    """A new key for the editors each time their starting tables change (never reused, so
    an editor never picks up the edits of another table)."""
    version = int(st.session_state.get(VERSION_KEY, 0)) + 1
    st.session_state[VERSION_KEY] = version
    return version


@st.cache_resource(max_entries=8, show_spinner=False)
def _sheets(digest: str, _files: Mapping[str, bytes]) -> dict[str, Sheet]:
    return {name: read_sheet(_files.get(name), name) for name in EDITABLE}


def open_draft(mf: state.MapFiles) -> Draft:
    """A draft of the session's map as its files are now (the tables read once per content
    of the files, shared by every session: they are never changed, only replaced)."""
    files, digest = mf.files, history.digest(mf.files)
    sheets = _sheets(digest, files)
    return Draft(digest, mf.source, dict(files), dict(sheets), dict(sheets), next_version())


def map_zip(files: Mapping[str, bytes]) -> bytes:
    """The map files in one zip, as a folder would hold them (the upload page reads it back)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(name, files[name])
    return out.getvalue()


@st.cache_resource(max_entries=32, show_spinner=False)
def _checked(
    digest: str,
    label: str,
    _files: Mapping[str, bytes],
    _loaded: Callable[[], ServiceMap | None] | None,
) -> Checked:
    smap = _loaded() if _loaded is not None else None
    found = check_files(_files, label) if smap is None else checked_map(_files, label, smap)
    return replace(found, digest=digest)


def checked(
    files: Mapping[str, bytes],
    label: str,
    loaded: Callable[[], ServiceMap | None] | None = None,
) -> Checked:
    """`mapedit.check_files`, once per content of the files (a rerun that changed nothing in
    the tables, or a return to a version seen before, costs a lookup). `loaded`, asked only
    when these files were not checked before: the map as the app already read it from them,
    if it did (`state.loaded_from`), so that opening the page does not read a national map a
    second time. Never mutate the result."""
    return _checked(history.digest(files), label, files, loaded)


@st.cache_resource(max_entries=32, show_spinner=False)
def _changes(
    old: str, new: str, label: str, _a: Mapping[str, bytes], _b: Mapping[str, bytes]
) -> list[str]:
    a, b = checked(_a, label).smap, checked(_b, label).smap
    if a is None or b is None:
        return [f"{n} changed" for n in sorted({*_a, *_b}) if _a.get(n) != _b.get(n)]
    names = {s.id: s.name for s in (*a.services, *b.services)}
    return map_changes(a, b).lines(names)


def changes_text(old: Mapping[str, bytes], new: Mapping[str, bytes], label: str) -> list[str]:
    """What changed between two sets of map files, one line each (the files named when either
    side cannot be read as a map); once per pair of contents. `label` as for `checked`."""
    return _changes(history.digest(old), history.digest(new), label, old, new)


@st.cache_resource(max_entries=32, show_spinner=False)
def _suggested(
    digest: str, dismissed: tuple[tuple[str, str, str], ...], _smap: ServiceMap
) -> Suggestions:
    return suggest_links(_smap, dismissed)


def suggested(result: Checked, dismissed: Iterable[tuple[str, str, str]]) -> Suggestions:
    """`suggest.suggest_links` for a checked map without errors, once per map and dismissals."""
    assert result.smap is not None
    return _suggested(result.digest, tuple(sorted(dismissed)), result.smap)


@st.cache_resource(max_entries=8, show_spinner="Finding the gaps of both versions…")
def _diff(
    old: str, new: str, label: str, _a: Mapping[str, bytes], _b: Mapping[str, bytes]
) -> MapDiff | None:
    a, b = checked(_a, label).smap, checked(_b, label).smap
    return None if a is None or b is None else diff_maps(a, b)


def versions_diff(old: Mapping[str, bytes], new: Mapping[str, bytes], label: str) -> MapDiff | None:
    """`scenario.diff.diff_maps` of two sets of map files (None when either has errors), once
    per pair of contents: three analyses of the map the first time, a lookup after."""
    return _diff(history.digest(old), history.digest(new), label, old, new)
