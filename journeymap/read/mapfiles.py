"""Where a map's files come from: a folder, one workbook, or a zip of a map folder.

Each gives the files' bytes by name (as an upload does), the folder to put before file names
in messages, and warnings about the folder itself; `read.load` checks what they hold.
"""

from __future__ import annotations

from pathlib import Path

from journeymap.problems import MapError, Problem
from journeymap.read.workbook import is_book
from journeymap.resources import ALL_MAP_FILES

__all__ = ["map_files", "map_label", "read_folder"]


def read_folder(folder: str | Path) -> dict[str, bytes]:
    """The bytes of the map files present in `folder` (case-insensitive names), and of any
    workbook there (by its own name, as `parse_map` reads workbooks by their ending)."""
    path = Path(folder)
    if path.is_file() and is_book(path.name):
        return {path.name: path.read_bytes()}
    wanted = set(ALL_MAP_FILES)
    return {
        (p.name if is_book(p.name) else p.name.lower()): p.read_bytes()
        for p in sorted(path.iterdir())
        if p.is_file()
        and (p.name.lower() in wanted or (is_book(p.name) and not p.name.startswith("~$")))
    }


def map_label(folder: str | Path) -> str:
    """The folder to put before file names in messages: a workbook's own folder, since its
    name is part of each label (`maps/book.xlsx[services]`)."""
    path = Path(folder)
    if is_book(path.name) and not path.is_dir():
        return "" if str(path.parent) == "." else str(path.parent)
    return str(path)


def map_files(folder: str | Path) -> tuple[dict[str, bytes], str, tuple[str, ...]]:
    """The map's files by name, the folder to name in messages, and warnings about the
    folder itself (a zip's other members); raises `MapError` when there is nothing to read."""
    path = Path(folder)
    if path.is_file() and path.suffix.lower() == ".zip":
        return _zip_files(path)
    if not path.is_dir() and not (path.is_file() and is_book(path.name)):
        raise MapError(
            [
                Problem(
                    str(path),
                    1,
                    "this is not a folder; give the map folder that holds services.csv",
                )
            ]
        )
    try:
        files = read_folder(path)
    except OSError as exc:
        raise MapError(
            [Problem(str(path), 1, f"cannot read the folder: {exc.strerror or exc}")]
        ) from exc
    return files, map_label(path), ()


def _zip_files(path: Path) -> tuple[dict[str, bytes], str, tuple[str, ...]]:
    """A zip of a map folder, read as an upload is (unsafe members refused, sizes counted
    while unpacking); members that are not map files are told as warnings."""
    from journeymap.read.upload import UploadError, read_upload  # only for zips

    try:
        upload = read_upload([(str(path), path.read_bytes())])
    except OSError as exc:
        raise MapError(
            [Problem(str(path), 1, f"cannot read the zip: {exc.strerror or exc}")]
        ) from exc
    except UploadError as exc:
        raise MapError([Problem(str(path), 1, message) for message in exc.messages]) from exc
    notes = tuple(str(Problem(str(path), 1, note, warning=True)) for note in upload.notes)
    return dict(upload.files), upload.folder, notes
