"""Which map the app shows, loaded and analysed once per content of its files.

The map is, in order: the files uploaded in this browser session (they replace the map for this
session only); else the folder given as `streamlit run app.py -- --map DIR`; else the folder in
the environment variable `JOURNEYMAP_MAP`; else the bundled demo map `data/demo`.

Pages ask for it with `current()`, which returns a frozen `MapView` (map, graph, findings, a
label saying where it came from). Loading, the graph and the findings are cached with
`st.cache_resource` on a digest of the files' bytes: every session showing the same files gets
the same objects, and nothing is copied on a rerun (`st.cache_data` would pickle and copy the
graph on every rerun, which costs seconds on a national map). Those objects are shared between
sessions, so **pages must never mutate them**; derive new objects instead.

A map with errors never reaches a page: `current()` lists every problem as `FILE:LINE: …` and
stops the page there. Warnings are shown and do not block.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import streamlit as st

from journeymap.analyse import find_gaps
from journeymap.graph.build import build_graph
from journeymap.labels import plural
from journeymap.models import Finding, ServiceMap
from journeymap.problems import MapError, Problem
from journeymap.read.load import parse_map
from journeymap.read.mapfiles import map_label, read_folder
from journeymap.read.upload import UploadError, read_upload
from journeymap.read.workbook import is_book
from journeymap.resources import DATA_DIR
from journeymap.ui.args import app_args
from journeymap.ui.safe import md

__all__ = [
    "EDITED_KEY",
    "ENV_VAR",
    "UPLOAD_KEY",
    "Edited",
    "MapFiles",
    "MapView",
    "current",
    "default_folder",
    "derive",
    "edited",
    "keep_edit",
    "load",
    "map_files",
    "saved",
    "sidebar",
    "undo_edit",
]

ENV_VAR = "JOURNEYMAP_MAP"
UPLOAD_KEY = "upload"
#: The session's own edits of an uploaded map (an `Edited`): it has no folder to save to.
EDITED_KEY = "edited_upload"
DEMO = DATA_DIR / "demo"
T = TypeVar("T")


@dataclass(frozen=True)
class MapView:
    """A loaded map and everything derived from it, shared by all sessions: never mutate.

    `digest` identifies the content of the files (use it as the cache key of anything derived
    from the map); `source` says where the map came from, for people. `problems` is non-empty
    only when the map has errors, and then `smap`, `G` and `findings` are empty.
    """

    source: str
    digest: str
    smap: ServiceMap | None
    G: nx.MultiDiGraph = field(repr=False)
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.smap is not None and not self.problems

    @functools.cached_property
    def areas(self) -> list[str]:
        """Local areas in map order (national services belong to every area); worked out
        once per map (a national map's 45,000 services took 25 ms on every rerun)."""
        return self.smap.area_names() if self.smap else []

    @functools.cached_property
    def has_national(self) -> bool:
        """Whether any service is national (open to every area); worked out once per map."""
        return self.smap is not None and any(s.is_national for s in self.smap.services)


def default_folder(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The map folder chosen at start-up: `--map DIR`, else `$JOURNEYMAP_MAP`, else the demo."""
    env = os.environ if env is None else env
    chosen = app_args(argv).map or env.get(ENV_VAR) or ""
    return Path(chosen) if chosen else DEMO


def _digest(files: Mapping[str, bytes], folder: str) -> str:
    h = hashlib.sha256(folder.encode())
    for name in sorted(files):
        h.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


@st.cache_resource(max_entries=16, show_spinner="Reading the map and finding the gaps…")
def _analyse(
    digest: str, source: str, folder: str, _files: Mapping[str, bytes], notes: tuple[str, ...]
) -> MapView:
    """Parse, build the graph and find every gap: once per content of the files (the digest)."""
    try:
        smap = parse_map(_files, folder)
    except MapError as exc:
        return MapView(
            source=source,
            digest=digest,
            smap=None,
            G=nx.MultiDiGraph(),
            warnings=tuple(str(p) for p in exc.problems if p.warning),
            notes=notes,
            problems=tuple(str(p) for p in exc.errors),
        )
    G = build_graph(smap)
    nx.freeze(G)  # shared between sessions: any attempt to change it raises
    return MapView(
        source=source,
        digest=digest,
        smap=smap,
        G=G,
        findings=tuple(find_gaps(smap, G)),
        warnings=smap.warnings,
        notes=notes,
    )


def load(
    files: Mapping[str, bytes], folder: str, source: str, notes: Sequence[str] = ()
) -> MapView:
    """The analysed map for these file contents (cached on their digest). Never raises."""
    return _analyse(_digest(files, folder), source, folder, files, tuple(notes))


@st.cache_resource(max_entries=512, show_spinner=False)
def _derived(
    digest: str, name: str, args: tuple[Hashable, ...], _fn: Callable[..., T], _m: MapView
) -> T:
    return _fn(_m, *args)


def derive(m: MapView, fn: Callable[..., T], *args: Hashable) -> T:
    """`fn(m, *args)`, computed once per map content and arguments, shared by every session.

    For anything a page derives from the map that costs more than a few milliseconds (a
    layout, headline figures, key partners). `fn` must be a module-level function (a page
    module's own is fine) and its result is shared: never mutate it. Cost: the first call pays
    `fn`; later ones a lookup.
    """
    # The file as well as the name: page modules run as `__main__`, so names alone could clash.
    code = getattr(fn, "__code__", None)
    where = f"{code.co_filename if code else fn.__module__}:{fn.__qualname__}"
    return _derived(m.digest, where, args, fn, m)


def _error_view(source: str, messages: Sequence[str]) -> MapView:
    return MapView(
        source=source,
        digest="error:" + hashlib.sha256("\n".join(messages).encode()).hexdigest(),
        smap=None,
        G=nx.MultiDiGraph(),
        problems=tuple(messages),
    )


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each file: it changes when any file does."""
    stamps = []
    for p in folder.iterdir():
        if p.is_file():
            info = p.stat()
            stamps.append((p.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(stamps))


@st.cache_resource(max_entries=8, show_spinner=False)
def _folder_view(folder: str, source: str, stamp: tuple[tuple[str, int, int], ...]) -> MapView:
    """Read the folder once per state of its files (see `_stamp`), so a rerun costs a few
    `stat` calls, not reading and hashing a national map; an edited file is read again."""
    try:
        files = read_folder(folder)
    except OSError as exc:
        return _error_view(source, [f"{folder}:1: cannot read the folder: {exc.strerror or exc}"])
    return load(files, folder, source)


def _from_folder(folder: Path) -> MapView:
    source = "the demo map" if folder.resolve() == DEMO.resolve() else f"folder {folder}"
    if folder.is_file() and is_book(folder.name):  # `--map BOOK.xlsx`
        return _book_view(str(folder), f"workbook {folder}", _stamp_file(folder))
    if not folder.is_dir():
        problem = Problem(
            str(folder), 1, "this is not a folder; give the map folder that holds services.csv"
        )
        return _error_view(source, [str(problem)])
    try:
        stamp = _stamp(folder)
    except OSError as exc:
        return _error_view(source, [f"{folder}:1: cannot read the folder: {exc.strerror or exc}"])
    return _folder_view(str(folder), source, stamp)


def _stamp_file(path: Path) -> tuple[tuple[str, int, int], ...]:
    info = path.stat()
    return ((path.name, info.st_size, info.st_mtime_ns),)


@st.cache_resource(max_entries=8, show_spinner=False)
def _book_view(book: str, source: str, stamp: tuple[tuple[str, int, int], ...]) -> MapView:
    """A map given as one workbook, read once per state of the file (as `_folder_view`)."""
    try:
        files = read_folder(book)
    except OSError as exc:
        return _error_view(source, [f"{book}:1: cannot read the workbook: {exc.strerror or exc}"])
    return load(files, map_label(book), source)


@st.cache_resource(max_entries=16, show_spinner=False)
def _upload_view(key: tuple[tuple[str, str, int], ...], _uploaded: Sequence[Any]) -> MapView:
    """Read an upload once per set of uploaded files (Streamlit gives each upload its own id)."""
    items = [(str(u.name), bytes(u.getvalue())) for u in _uploaded]
    source = "your upload: " + ", ".join(name for name, _ in items)
    try:
        got = read_upload(items)
    except UploadError as exc:
        return _error_view(source, [f"upload: {m}" for m in exc.messages])
    return load(got.files, got.folder, source, got.notes)


def _from_upload(uploaded: Sequence[Any]) -> MapView:
    return _upload_view(_upload_key(uploaded), uploaded)


@dataclass(frozen=True)
class Edited:
    """An uploaded map as edited in this session: the upload it started from (its view's
    digest), the files now, and the earlier edits, newest last, for Undo."""

    upload: str
    files: Mapping[str, bytes]
    folder: str
    earlier: tuple[Mapping[str, bytes], ...] = ()


@dataclass(frozen=True)
class MapFiles:
    """The files behind the session's map: their bytes, the name messages put before them, and
    the folder to save to (None for an upload, which is edited in the session)."""

    files: Mapping[str, bytes]
    label: str
    folder: Path | None
    source: str


@st.cache_resource(max_entries=16, show_spinner=False)
def _upload_files(key: tuple[tuple[str, str, int], ...], _uploaded: Sequence[Any]) -> MapFiles:
    items = [(str(u.name), bytes(u.getvalue())) for u in _uploaded]
    try:
        got = read_upload(items)
    except UploadError:
        return MapFiles({}, "upload", None, "your upload")
    return MapFiles(got.files, got.folder, None, "your upload")


def _upload_key(uploaded: Sequence[Any]) -> tuple[tuple[str, str, int], ...]:
    return tuple(
        (
            str(u.name),
            str(getattr(u, "file_id", "") or hashlib.sha256(u.getvalue()).hexdigest()),
            int(getattr(u, "size", 0)),
        )
        for u in uploaded
    )


def _edited(upload: MapView) -> Edited | None:
    edit = st.session_state.get(EDITED_KEY)
    return edit if isinstance(edit, Edited) and edit.upload == upload.digest else None


def edited() -> Edited | None:
    """This session's edits of the map uploaded now, if any."""
    uploaded = st.session_state.get(UPLOAD_KEY) or []
    return _edited(_from_upload(uploaded)) if uploaded else None


def keep_edit(files: Mapping[str, bytes], folder: str, before: Mapping[str, bytes]) -> None:
    """Keep `files` as this session's version of the uploaded map (`before` for Undo)."""
    uploaded = st.session_state.get(UPLOAD_KEY) or []
    edit = edited()
    if edit is None:
        st.session_state[EDITED_KEY] = Edited(
            _from_upload(uploaded).digest, dict(files), folder, (dict(before),)
        )
    else:
        st.session_state[EDITED_KEY] = Edited(
            edit.upload, dict(files), folder, (*edit.earlier, edit.files)
        )


def undo_edit() -> bool:
    """Step this session's uploaded map back one kept edit; False when there is none."""
    edit = edited()
    if edit is None or not edit.earlier:
        return False
    st.session_state[EDITED_KEY] = Edited(
        edit.upload, edit.earlier[-1], edit.folder, edit.earlier[:-1]
    )
    return True


def map_files() -> MapFiles:
    """The files of the session's map as they are now (an edited upload's edits included)."""
    uploaded = st.session_state.get(UPLOAD_KEY) or []
    if uploaded:
        edit = _edited(_from_upload(uploaded))
        if edit is not None:
            return MapFiles(edit.files, edit.folder, None, "your upload, as edited here")
        return _upload_files(_upload_key(uploaded), uploaded)
    folder = default_folder()
    files = read_folder(folder) if folder.is_dir() else {}
    return MapFiles(files, str(folder), folder, f"folder {folder}")


def is_demo(folder: Path | str) -> bool:
    """True for the bundled demo map's folder, which the app never writes to."""
    return Path(folder).resolve() == DEMO.resolve()


def writable_folder() -> Path | None:
    """The map folder that actions, runs and saves may be written to: None for an upload, a
    workbook given as the map (a file, not a folder) and the bundled demo."""
    if st.session_state.get(UPLOAD_KEY):
        return None
    folder = default_folder()
    return folder if folder.is_dir() and not is_demo(folder) else None


def saved() -> None:
    """Forget the folder views read before a save, so every page reads the new files at once
    (the modification times alone might not change within one clock tick)."""
    _folder_view.clear()


def view() -> MapView:
    """The map for this session, with errors recorded rather than shown. Never raises."""
    uploaded = st.session_state.get(UPLOAD_KEY) or []
    if uploaded:
        upload = _from_upload(uploaded)
        edit = _edited(upload)
        if edit is not None:
            return load(edit.files, edit.folder, "your upload, as edited here")
        return upload
    return _from_folder(default_folder())


def loaded_from(files: Mapping[str, bytes], folder: str) -> ServiceMap | None:
    """The session's map when it was read from exactly these files, named `folder` in
    messages (so `parse_map(files, folder)` would give it again); else None. Cost: hashing
    the files."""
    m = view()
    return m.smap if m.smap is not None and m.digest == _digest(files, folder) else None


def current() -> MapView:
    """The map for this page. Shows warnings; on errors lists them all and stops the page."""
    m = view()
    if not m.ok:
        many = len(m.problems) != 1
        st.error(
            f"The map from {md(m.source)} has {plural(len(m.problems), 'problem')}. "
            f"Nothing else is shown until {'they are' if many else 'it is'} fixed. Each line "
            "says the file, the line in it, and what to change."
            + (
                " To go back to the map you started with, remove the uploaded files (×)."
                if st.session_state.get(UPLOAD_KEY)
                else ""
            )
        )
        st.code("\n".join(m.problems), language=None, wrap_lines=True)
        if m.warnings:
            st.caption("Warnings (these do not stop the map):")
            st.code("\n".join(m.warnings), language=None, wrap_lines=True)
        st.stop()
    return m


def sidebar() -> None:
    """Where the map comes from, and the uploader that replaces it for this session."""
    with st.sidebar:
        st.file_uploader(
            "Use your own map",
            type=["csv", "zip", "xlsx"],
            accept_multiple_files=True,
            key=UPLOAD_KEY,
            help="services.csv and links.csv (and journeys.csv, areas.csv, standards.csv, "
            "personas.csv if you have them), or one Excel workbook with a sheet for each, "
            "or one zip of your map folder. The files stay on "
            "this computer and replace the map for this browser session only.",
        )
        m = view()
        st.caption("Showing " + md(m.source))
        for note in m.notes:
            st.caption(md(note))
        if m.ok and m.warnings:
            with st.expander(plural(len(m.warnings), "warning")):
                st.code("\n".join(m.warnings), language=None, wrap_lines=True)
