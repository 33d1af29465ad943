"""Finding an Open Referral directory's files and handing them to the reader for their shape.

The directory is one JSON file (a whole feed, a page, or a service), a folder, or a zip (read
with the hardened reader of `zips`: members counted, sizes counted while unpacking, a damaged
archive refused with a sentence), holding either the CSV files of a tabular package
(`oruk_tabular`) or JSON pages saved from its API (`oruk_pages`). No network is used. A file
that cannot be read is an error, as `FILE:LINE`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from journeymap.problems import Problems
from journeymap.read.oruk_pages import read_pages
from journeymap.read.oruk_records import Record
from journeymap.read.oruk_tabular import TABLE_FILES, read_tabular
from journeymap.read.zips import TooBig, TooManyMembers, ZipRefused, open_zip, read_members

__all__ = ["MAX_ZIP_BYTES", "MAX_ZIP_MEMBERS", "read_records"]

#: Larger zips than this (uncompressed) are refused rather than read into memory.
MAX_ZIP_BYTES = 512 * 1024 * 1024
#: A package has a dozen CSV files, or some hundreds of saved pages; more members is not one.
MAX_ZIP_MEMBERS = 10_000
_TOO_BIG = "the zip unpacks to more than 512 MB; unzip it first"


def read_records(path: Path, problems: Problems) -> tuple[list[Record], int, str]:
    """Every service in the package or pages at `path`, the number of organisations, the shape.

    The shape is 'tabular' or 'api'. Problems go to `problems`; the caller decides whether
    there are errors. Cost: linear in the size of the files.
    """
    if path.is_file() and path.suffix.lower() == ".json":
        return _one_file(path, problems)
    files = _read_source(path, problems)
    if not files:
        if not problems.has_errors:
            problems.error(
                str(path),
                1,
                "no CSV or JSON files here; give the folder (or .zip) of the Open Referral CSV "
                "files, or a folder of JSON pages saved from its /services endpoint",
            )
        return [], 0, ""
    root = _root(files)
    names = {PurePosixPath(n).name.lower() for n in files if str(PurePosixPath(n).parent) == root}
    if names & {"datapackage.json", *TABLE_FILES["service"]} or any(
        n.endswith(".csv") for n in names
    ):
        label = str(path) if root == "." else f"{path}/{root}"
        records, organisations = read_tabular(files, root, label, problems)
        return records, organisations, "tabular"
    records, organisations = read_pages(files, str(path), problems)
    return records, organisations, "api"


def _one_file(path: Path, problems: Problems) -> tuple[list[Record], int, str]:
    """A feed saved as one JSON file; messages name the file as the user gave it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(str(path), 1, f"cannot read the file: {exc.strerror or exc}")
        return [], 0, ""
    records, organisations = read_pages({str(path): data}, "", problems)
    return records, organisations, "api"


def _read_source(src: Path, problems: Problems) -> dict[str, bytes]:
    """The package's files keyed by name (relative, posix), from a folder or a zip."""
    label = str(src)
    if src.is_dir():
        files: dict[str, bytes] = {}
        for path in sorted(src.rglob("*")):
            rel = path.relative_to(src)
            if path.is_file() and len(rel.parts) <= 2 and path.suffix.lower() in (".csv", ".json"):
                files[rel.as_posix()] = path.read_bytes()
        return files
    if not src.exists():
        problems.error(label, 1, "there is no such file or folder")
        return {}
    if not zipfile.is_zipfile(src):
        problems.error(
            label,
            1,
            "this is not a folder, a zip file or a .json file; give the feed saved as one "
            ".json file, a folder (or .zip) of saved JSON pages, or of the Open Referral CSV "
            "files",
        )
        return {}
    return _read_zip(src, problems)


def _read_zip(src: Path, problems: Problems) -> dict[str, bytes]:
    """The CSV and JSON members of the zip at `src` by name, or {} with the reason recorded."""
    label = str(src)
    try:
        with open_zip(src, max_members=MAX_ZIP_MEMBERS) as archive:
            members = [
                m
                for m in archive.infolist()
                if not m.is_dir()
                and PurePosixPath(m.filename).suffix.lower() in (".csv", ".json")
                and not PurePosixPath(m.filename).name.startswith(("._", "."))
            ]
            if sum(m.file_size for m in members) > MAX_ZIP_BYTES:  # said before any is read
                problems.error(label, 1, _TOO_BIG)
                return {}
            return {
                m.filename: data
                for m, data in read_members(archive, members, max_total=MAX_ZIP_BYTES)
            }
    except TooBig:  # the sizes its headers give are false
        problems.error(label, 1, _TOO_BIG)
    except TooManyMembers as exc:
        problems.error(
            label,
            1,
            f"the zip holds {exc.count:,} files; an Open Referral package holds a few dozen CSV "
            f"files or some hundreds of saved pages (the limit is {exc.limit:,}); unzip it and "
            "give the folder of the package",
        )
    except ZipRefused as exc:  # not a zip after all, or damaged, or a member password-protected
        problems.error(label, 1, f"the zip file cannot be read ({exc})")
    return {}


def _root(files: Mapping[str, bytes]) -> str:
    """The folder inside a zip that holds the package (zips often add one top folder)."""
    markers = {"datapackage.json", *TABLE_FILES["service"]}
    folders = sorted(
        {str(PurePosixPath(n).parent) for n in files if PurePosixPath(n).name.lower() in markers},
        key=len,
    )
    if folders:
        return folders[0]
    tops = {PurePosixPath(n).parts[0] for n in files if len(PurePosixPath(n).parts) > 1}
    if len(tops) == 1 and all(len(PurePosixPath(n).parts) > 1 for n in files):
        return tops.pop()
    return "."
