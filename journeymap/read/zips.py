"""Reading a zip that may be hostile: the one way journeymap opens an archive.

Uploaded maps (`upload`) and Open Referral packages (`oruk_files`) both arrive as zips from
people journeymap cannot vouch for. A crafted zip can claim small sizes and unpack to
gigabytes, hold a million members, or carry headers that make `zipfile` raise any of a dozen
exceptions. Here the number of members is checked before anything is read, sizes are counted
while reading (never taken from the zip's own headers, which can lie), and every way `zipfile`
fails becomes a `ZipRefused` saying why in one sentence, so no traceback reaches a user.
Nothing is written to disk. Which members to read, and how to word a refusal for its reader,
is the caller's part.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path

__all__ = ["NotAZip", "TooBig", "TooManyMembers", "ZipRefused", "open_zip", "read_members"]

#: What `zipfile` raises on opening a damaged or crafted archive.
_OPEN_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    OSError,
    EOFError,
    struct.error,
    NotImplementedError,  # a crafted "needs zip version 99" directory entry
)
#: What `zipfile` raises while unpacking a damaged member.
_MEMBER_ERRORS = (
    zipfile.BadZipFile,  # a CRC that does not match, e.g. a header that understates the size
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    zlib.error,  # a damaged deflate stream (not a subclass of any of the above)
    lzma.LZMAError,
)
_CHUNK = 64 * 1024


class ZipRefused(Exception):
    """A zip, or one member of it, cannot be read; `str()` says why without naming the zip,
    and `member` is the member's name (None when the archive as a whole is refused)."""

    def __init__(self, message: str, member: str | None = None):
        super().__init__(message)
        self.member = member


class NotAZip(ZipRefused):
    """The archive cannot be opened: it is not a zip, or its directory is damaged.
    The message is `zipfile`'s own."""


class TooManyMembers(ZipRefused):
    """The archive has more members than the reader allows."""

    def __init__(self, count: int, limit: int):
        super().__init__(f"it holds {count:,} files; the limit is {limit:,}")
        self.count, self.limit = count, limit


class TooBig(ZipRefused):
    """Reading `member` would take the unpacked bytes past the reader's limit."""

    def __init__(self, member: str, limit: int):
        super().__init__(f"'{member}' unpacks to more than {limit:,} bytes", member)
        self.limit = limit


def open_zip(source: bytes | str | Path, *, max_members: int) -> zipfile.ZipFile:
    """The archive at `source` (its bytes, or a path), opened for reading.

    Raises `NotAZip` when it cannot be opened and `TooManyMembers` when it has more than
    `max_members` members (directory entries count). Cost: reads the zip's directory only.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source)
    except _OPEN_ERRORS as exc:
        raise NotAZip(str(exc)) from None
    count = len(archive.infolist())
    if count > max_members:
        archive.close()
        raise TooManyMembers(count, max_members)
    return archive


def read_members(
    archive: zipfile.ZipFile, members: Iterable[zipfile.ZipInfo], *, max_total: int
) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """Each member's unpacked bytes, in turn, while all of them together stay within
    `max_total` bytes.

    The bytes are counted as they unpack, so a header that lies about a size cannot get
    past the limit (`TooBig`); a member that is password-protected, compressed in a way
    `zipfile` cannot read, or damaged raises `ZipRefused` naming it. Cost: linear in the
    unpacked size, stopping as soon as the limit is passed.
    """
    total = 0
    for info in members:
        content = _read_member(archive, info, max_total - total, max_total)
        total += len(content)
        yield info, content


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, limit: int) -> bytes:
    name = info.filename
    if info.file_size > room:
        raise TooBig(name, limit)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > room:
                    raise TooBig(name, limit)
    except NotImplementedError:  # a RuntimeError too, so it comes first
        raise ZipRefused(f"'{name}' uses a compression this app cannot read", name) from None
    except RuntimeError:  # encrypted
        raise ZipRefused(
            f"'{name}' is password-protected; zip it without a password", name
        ) from None
    except _MEMBER_ERRORS:
        raise ZipRefused(f"'{name}' is damaged and cannot be unpacked", name) from None
    return bytes(out)
