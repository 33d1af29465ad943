"""Uploaded files (CSVs or workbooks, or one zip of a map folder) → the map files, read safely.

A commissioner drags her map into the app; the same files may come from anyone who can reach
it, so a zip is treated as hostile until read: members whose names climb out of the folder
(`../`, absolute paths, drive letters), zips inside zips, too many members and members that
unpack to more than a sane size are refused, each with a sentence saying why. Sizes are counted
while reading, not taken from the zip's own header, which a crafted file can fake. Nothing is
ever written to disk: the result is a `{file name: bytes}` mapping for `load.parse_map`.
The archive itself is opened and unpacked by `zips`, the reader Open Referral zips share;
which members a map may hold is decided here. No Streamlit here, so the rules are tested
without a browser.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from journeymap.problems import one_line
from journeymap.read.figures import FIGURES_FILE
from journeymap.read.workbook import is_book
from journeymap.read.zips import NotAZip, TooBig, TooManyMembers, ZipRefused, open_zip, read_members
from journeymap.resources import ALL_MAP_FILES

__all__ = [
    "MAX_MEMBERS",
    "MAX_TOTAL_BYTES",
    "Upload",
    "UploadError",
    "read_upload",
]

#: What an upload may bring: the map's files and the published figures beside them
#: (`journeymap import-figures` writes figures.csv into the map folder).
UPLOADED_FILES = (*ALL_MAP_FILES, FIGURES_FILE)
#: A map folder has at most six files; a zip with hundreds of members is not one.
MAX_MEMBERS = 200
#: Unpacked size of all map files together. A national map of 45,000 services is about 15 MB.
MAX_TOTAL_BYTES = 64 * 1024 * 1024
_MB = 1024 * 1024


class UploadError(Exception):
    """The upload was refused; `.messages` says why, one plain sentence each."""

    def __init__(self, messages: Iterable[str]):
        # Messages quote member names, which a crafted zip can fill with line breaks.
        self.messages = [one_line(m) for m in messages]
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class Upload:
    """Map files read from an upload, with notes about anything ignored.

    `files` maps the lower-case file name (`services.csv`) to its bytes; `folder` is the label
    to put before file names in FILE:LINE messages (`mymap.zip/mymap`, or empty for loose CSVs).
    """

    files: dict[str, bytes]
    folder: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def read_upload(
    items: Iterable[tuple[str, bytes]],
    *,
    max_members: int = MAX_MEMBERS,
    max_total: int = MAX_TOTAL_BYTES,
) -> Upload:
    """Read uploaded (name, bytes) pairs: loose CSV files or `.xlsx` workbooks (opened safely
    by `workbook` when the map is parsed), or exactly one zip of a map folder.

    Returns the map files found. Raises `UploadError` listing every reason for refusal.
    Files that are not map files are ignored, each with a note. Cost: linear in the unpacked
    size, stopping as soon as a limit is passed.
    """
    items = list(items)
    if not items:
        raise UploadError(["nothing was uploaded"])
    zips = [(n, b) for n, b in items if _base(n).lower().endswith(".zip")]
    if zips and len(items) > 1:
        raise UploadError(
            ["upload either one zip of the map folder or the CSV files themselves, not both"]
            if len(zips) < len(items)
            else ["upload one zip at a time"]
        )
    if zips:
        return _read_zip(*zips[0], max_members=max_members, max_total=max_total)
    return _read_loose(items, max_total=max_total)


def _base(name: str) -> str:
    """The file name without any folder a browser or zip put before it."""
    return PurePosixPath(name.replace("\\", "/")).name


def _read_loose(items: list[tuple[str, bytes]], *, max_total: int) -> Upload:
    files: dict[str, bytes] = {}
    notes: list[str] = []
    errors: list[str] = []
    total = 0
    for name, data in items:
        base = _base(name)
        key = base if is_book(base) else base.lower()  # a workbook keeps its name (load)
        if key not in UPLOADED_FILES and not is_book(base):
            notes.append(_ignored(base))
            continue
        if key in files:
            errors.append(f"{base} was uploaded twice; upload one of each file")
            continue
        total += len(data)
        files[key] = data
    if total > max_total:
        errors.append(f"the files come to {_size(total)}; the limit is {_size(max_total)}")
    if not errors and not files:
        errors.append(_none_found())
    if errors:
        raise UploadError(errors)
    return Upload(files=files, folder="", notes=tuple(notes))


def _size(n: int) -> str:
    """Bytes as people say them: '64 MB', '900 KB'."""
    return f"{n / _MB:.0f} MB" if n >= _MB else f"{max(1, round(n / 1024))} KB"


def _ignored(name: str) -> str:
    return one_line(
        f"ignored {name}: not a map file (a map folder holds "
        + ", ".join(ALL_MAP_FILES[:-1])
        + f" and {ALL_MAP_FILES[-1]})"
    )


def _none_found() -> str:
    return "no map files found: a map needs at least services.csv and links.csv"


def _unsafe(name: str) -> str | None:
    """Why a member name is refused, or None when it stays inside the folder."""
    posix = name.replace("\\", "/")
    if not posix.strip("/") or not PurePosixPath(posix).parts:  # "", "/", "." or "./"
        return "a member has no name (a damaged or crafted zip); refused"
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return f"'{name}' has an absolute path; a map zip holds only relative paths"
    if ".." in PurePosixPath(posix).parts:
        return f"'{name}' points outside the folder ('..'); refused"
    if "\x00" in name:
        return f"'{name!r}' has a nul character in its name; refused"
    return None


def _read_zip(zip_name: str, data: bytes, *, max_members: int, max_total: int) -> Upload:
    label = _base(zip_name)
    try:
        archive = open_zip(data, max_members=max_members)
    except NotAZip:
        raise UploadError([f"{label} is not a zip file, or it is damaged"]) from None
    except TooManyMembers as exc:
        raise UploadError(
            [
                f"{label} holds {exc.count} files; a map zip holds a few CSV files "
                f"(the limit is {max_members})"
            ]
        ) from None
    with archive:
        wanted, notes = _choose(archive.infolist(), label)
        folders = {PurePosixPath(i.filename.replace("\\", "/")).parent for i in wanted}
        if len(folders) > 1:
            where = ", ".join(sorted(str(f) if str(f) != "." else "(top)" for f in folders))
            raise UploadError(
                [f"{label} has map files in more than one folder ({where}); zip one map folder"]
            )
        files = _read_wanted(archive, wanted, label, max_total)
    if not files:
        raise UploadError([f"{label}: {_none_found()}"])
    inner = str(next(iter(folders))) if folders else "."
    folder = label if inner == "." else f"{label}/{inner}"
    return Upload(files=files, folder=folder, notes=tuple(notes))


def _choose(members: list[zipfile.ZipInfo], label: str) -> tuple[list[zipfile.ZipInfo], list[str]]:
    """The members that are map files, and a note for each other file; raises `UploadError`
    with every member refused (unsafe names, links, zips inside, a file twice)."""
    errors: list[str] = []
    notes: list[str] = []
    wanted: list[zipfile.ZipInfo] = []
    seen: set[tuple[PurePosixPath, str]] = set()
    for info in members:
        name = info.filename
        if name.endswith(("/", "\\")) and not PurePosixPath(name.replace("\\", "/")).parts:
            continue  # a directory entry for the zip's own top ("./"): nothing in it
        problem = _unsafe(name)
        if problem:
            errors.append(f"{label}: {problem}")
            continue
        if info.is_dir():
            continue
        path = PurePosixPath(name.replace("\\", "/"))
        if path.parts[0] == "__MACOSX" or path.name.startswith("._"):
            continue  # Finder's resource forks: not the user's files
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            errors.append(f"{label}: '{name}' is a symbolic link; refused")
            continue
        if path.name.lower().endswith(".zip"):
            errors.append(f"{label}: '{name}' is a zip inside the zip; unpack it first")
            continue
        if path.name.lower() not in UPLOADED_FILES:
            notes.append(_ignored(name))
            continue
        if (path.parent, path.name.lower()) in seen:
            # Two members of one name: tools differ on which one they show; refuse.
            errors.append(f"{label}: '{name}' is in the zip twice; zip the folder again")
            continue
        seen.add((path.parent, path.name.lower()))
        wanted.append(info)
    if errors:
        raise UploadError(errors)
    return wanted, notes


def _read_wanted(
    archive: zipfile.ZipFile, wanted: list[zipfile.ZipInfo], label: str, max_total: int
) -> dict[str, bytes]:
    """The map files' bytes by lower-case name; counted while they unpack (`zips`)."""
    files: dict[str, bytes] = {}
    try:
        for info, content in read_members(archive, wanted, max_total=max_total):
            if content.startswith(b"PK\x03\x04"):
                raise UploadError(
                    [f"{label}: '{info.filename}' is a zip inside the zip; unpack it first"]
                )
            files[PurePosixPath(info.filename.replace("\\", "/")).name.lower()] = content
    except TooBig as exc:
        raise UploadError([_too_big(label, exc.member or "", max_total)]) from None
    except ZipRefused as exc:
        raise UploadError([f"{label}: {exc}"]) from None
    return files


def _too_big(label: str, member: str, limit: int) -> str:
    return f"{label}: '{member}' makes the map larger than {_size(limit)} when unpacked; refused"
