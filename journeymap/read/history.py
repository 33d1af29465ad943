"""Saving a map folder from the app: every file whole, the version before kept, Undo, no lost work.

A save writes each changed file atomically (`atomic.write_atomic`) after copying the files as
they were into `history/NNNN-WHEN/` inside the map folder, so the history travels with the map
and a person can open any old version in a spreadsheet. *Undo* puts the newest of those back
byte for byte and removes it from the history, so pressing it again steps further back.

journeys.csv is never copied into the history (nor written or undone here): it holds women's
journeys, and a journey withdrawn must be gone, not kept in an old version. A version is read
with the folder's journeys as they are now, so comparing versions compares the map itself.

Two people editing one map: each save says which version of the files it was made from (the
`digest` of their bytes when she opened them). If the folder has changed since, the save is
refused with the files as they are now, so the page can tell her what changed and keep
everything she typed. A lock file makes the check and the write one step, so two saves at
the same moment cannot both pass the check.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from journeymap.read.atomic import write_atomic
from journeymap.read.mapfiles import read_folder
from journeymap.resources import ALL_MAP_FILES

__all__ = [
    "HISTORY",
    "KEPT_FILES",
    "PRIVATE_FILES",
    "Stale",
    "Version",
    "digest",
    "folder_digest",
    "read_version",
    "save",
    "undo",
    "versions",
]

#: The folder, inside the map folder, that keeps the versions before each save.
HISTORY = "history"
#: Map files the history never keeps: lived-experience data (PRIVACY.md, withdrawal).
PRIVATE_FILES = frozenset({"journeys.csv"})
#: The map files a save writes, keeps and undoes.
KEPT_FILES = tuple(n for n in ALL_MAP_FILES if n not in PRIVATE_FILES)
_NAME = re.compile(r"^(\d{4,})-(\d{8}T\d{6}Z)$")

try:  # a lock shared by every process saving into the folder (POSIX; elsewhere, none)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class Stale(Exception):
    """The folder changed since she opened it: nothing was written. `files` are as they are now."""

    def __init__(self, files: Mapping[str, bytes]):
        super().__init__("the map was saved by someone else since you opened it")
        self.files = dict(files)


@dataclass(frozen=True)
class Version:
    """One saved version in the history: its number, when it was replaced, and its folder."""

    number: int
    when: datetime
    path: Path

    @property
    def label(self) -> str:
        """'version 3, replaced 1 Dec 2026 23:10 UTC'."""
        return f"version {self.number}, replaced {self.when:%d %b %Y %H:%M} UTC"


def digest(files: Mapping[str, bytes]) -> str:
    """A fingerprint of the map files' names and bytes (any change to any map CSV changes it;
    other files read with them, such as a workbook in the folder, do not count)."""
    h = hashlib.sha256()
    for name in sorted(n for n in files if n in ALL_MAP_FILES):  # not a workbook beside them
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def folder_digest(folder: str | Path) -> str:
    """`digest` of the map files in `folder` as they are on disk now."""
    return digest(read_folder(folder))


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    (folder / HISTORY).mkdir(exist_ok=True)
    with open(folder / HISTORY / ".lock", "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def versions(folder: str | Path) -> list[Version]:
    """The versions kept in the folder's history, newest first."""
    root = Path(folder) / HISTORY
    found = []
    if root.is_dir():
        for p in root.iterdir():
            m = _NAME.match(p.name)
            if m and p.is_dir():
                when = datetime.strptime(m.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                found.append(Version(int(m.group(1)), when, p))
    return sorted(found, key=lambda v: v.number, reverse=True)


def read_version(version: Version) -> dict[str, bytes]:
    """The map files of a saved version, by name, with the journeys the folder holds now."""
    files = read_folder(version.path)
    live = version.path.parent.parent
    for name in PRIVATE_FILES:
        files.pop(name, None)
        if (live / name).is_file():
            files[name] = (live / name).read_bytes()
    return files


def _check(folder: Path, expected: str) -> dict[str, bytes]:
    now = read_folder(folder)
    if digest(now) != expected:
        raise Stale(now)
    return now


def save(folder: str | Path, files: Mapping[str, bytes], expected: str) -> str:
    """Write the map files that differ from the folder's, keeping the folder's as a version.

    `expected` is the `digest` of the files she opened; if the folder no longer has them, raise
    `Stale` and write nothing. Files not in `files` are left alone. Returns the new digest.
    Cost: reading and copying the map files once.
    """
    root = Path(folder)
    with _locked(root):
        now = _check(root, expected)
        changed = {n: b for n, b in files.items() if n in KEPT_FILES and now.get(n) != b}
        if not changed:
            return expected
        number = max((v.number for v in versions(root)), default=0) + 1
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        keep = root / HISTORY / f"{number:04d}-{stamp}"
        tmp = root / HISTORY / f".{keep.name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name, data in now.items():
            if name in KEPT_FILES:  # the map's CSVs only: never journeys, nor a workbook
                (tmp / name).write_bytes(data)
        os.replace(tmp, keep)  # the version appears whole or not at all
        for name, data in changed.items():
            write_atomic(root / name, data)
        return digest({**now, **changed})


def undo(folder: str | Path, expected: str) -> str:
    """Put the newest saved version back byte for byte and drop it from the history.

    A map file the version did not have is removed (it was added by the save undone). Raises
    `Stale` when the folder changed since `expected`, and `LookupError` when there is nothing
    to undo. Returns the digest of the restored files.
    """
    root = Path(folder)
    with _locked(root):
        _check(root, expected)
        kept = versions(root)
        if not kept:
            raise LookupError("there is no saved version to go back to")
        newest = kept[0]
        old = read_version(newest)
        for name in KEPT_FILES:
            if name in old:
                write_atomic(root / name, old[name])
            elif (root / name).is_file():
                (root / name).unlink()
        shutil.rmtree(newest.path)
        return digest(old)
