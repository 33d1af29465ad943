"""Hostile uploads: zips that climb out of the folder, bomb, nest, lie about their sizes or are
damaged are refused with a clear one-line message, and nothing but `UploadError` ever escapes.

`journeymap/read/upload.py` (and `tests/test_upload.py`) cover the ordinary refusals; these tests are
the attacker's side: crafted headers, flipped bits, hypothesis-made archives, and the app itself
showing the refusal instead of a traceback.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_
from streamlit.testing.v1 import AppTest

from journeymap.read.upload import MAX_MEMBERS, MAX_TOTAL_BYTES, UploadError, read_upload
from journeymap.resources import ALL_MAP_FILES

ROOT = Path(__file__).resolve().parent.parent
SCALE = int(os.environ.get("JOURNEYMAP_FUZZ", "1"))
SERVICES = b"id,name,type,area\ngp,GP,gp,A\ntx,TX,drug_alcohol_treatment,A\n"
LINKS = b"from,to,kind\ngp,tx,referral\n"


def make_zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


def refusal(data: bytes, name: str = "map.zip", **limits: int) -> list[str]:
    with pytest.raises(UploadError) as err:
        read_upload([(name, data)], **limits)
    messages = err.value.messages
    assert messages and all(m and "\n" not in m and "\r" not in m for m in messages), messages
    return messages


@pytest.mark.parametrize(
    "member",
    [
        "../services.csv",
        "map/../../services.csv",
        "..\\services.csv",
        "map\\..\\..\\links.csv",
        "/etc/services.csv",
        "\\\\server\\share\\services.csv",
        "C:\\maps\\services.csv",
        "c:/maps/services.csv",
    ],
)
def test_members_that_climb_out_or_are_absolute_are_refused(member):
    told = refusal(make_zip([(member, SERVICES), ("links.csv", LINKS)]))
    assert any(f"'{member}'" in m and ("outside the folder" in m or "absolute" in m) for m in told)


def test_too_many_members_is_refused_before_anything_is_read():
    members = [(f"junk/{i}.txt", b"") for i in range(MAX_MEMBERS + 1)]
    told = refusal(make_zip([("services.csv", SERVICES), *members]))
    assert told == [
        f"map.zip holds {MAX_MEMBERS + 2} files; a map zip holds a few CSV files "
        f"(the limit is {MAX_MEMBERS})"
    ]


def test_a_real_zip_bomb_is_refused():
    """100 MB of zeros in a 100 KB zip, at the real limit."""
    bomb = make_zip([("services.csv", b"0" * (100 * 1024 * 1024)), ("links.csv", LINKS)])
    assert len(bomb) < 200_000
    assert refusal(bomb) == [
        f"map.zip: 'services.csv' makes the map larger than {MAX_TOTAL_BYTES // 2**20} MB "
        "when unpacked; refused"
    ]


def test_map_files_together_over_the_limit_are_refused():
    half = b"1" * (600 * 1024)
    told = refusal(make_zip([("services.csv", half), ("links.csv", half)]), max_total=1024 * 1024)
    assert told == ["map.zip: 'links.csv' makes the map larger than 1 MB when unpacked; refused"]


def _patch(data: bytes, signature: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite a field in every zip header with `signature` (a crafted, lying archive)."""
    out = bytearray(data)
    at = out.find(signature)
    while at >= 0:
        struct.pack_into(fmt, out, at + offset, value)
        at = out.find(signature, at + 1)
    return bytes(out)


def test_a_zip_that_lies_about_its_unpacked_size_is_refused():
    honest = make_zip([("services.csv", b"0" * (3 * 1024 * 1024)), ("links.csv", LINKS)])
    forged = _patch(honest, b"PK\x03\x04", 22, "<I", 100)  # local header: 100 bytes
    forged = _patch(forged, b"PK\x01\x02", 24, "<I", 100)  # central directory: 100 bytes
    assert zipfile.ZipFile(io.BytesIO(forged)).getinfo("services.csv").file_size == 100
    (told,) = refusal(forged, max_total=1024 * 1024)
    assert told == "map.zip: 'services.csv' is damaged and cannot be unpacked"


def test_an_encrypted_member_is_refused():
    plain = make_zip([("services.csv", SERVICES), ("links.csv", LINKS)], zipfile.ZIP_STORED)
    locked = _patch(plain, b"PK\x03\x04", 6, "<H", 1)  # general purpose flag: encrypted
    locked = _patch(locked, b"PK\x01\x02", 8, "<H", 1)
    told = refusal(locked)
    assert told == [
        "map.zip: 'services.csv' is password-protected; zip it without a password"
    ] or told == ["map.zip: 'links.csv' is password-protected; zip it without a password"]


def test_a_directory_asking_for_an_unknown_zip_version_is_refused():
    plain = make_zip([("services.csv", SERVICES), ("links.csv", LINKS)])
    future = _patch(plain, b"PK\x01\x02", 6, "<H", 990)  # "needs zip version 99.0"
    assert refusal(future) == ["map.zip is not a zip file, or it is damaged"]


def test_nested_zips_are_refused_by_name_and_by_content():
    inner = make_zip([("services.csv", SERVICES), ("links.csv", LINKS)])
    assert refusal(make_zip([("map/inner.zip", inner)])) == [
        "map.zip: 'map/inner.zip' is a zip inside the zip; unpack it first"
    ]
    assert refusal(make_zip([("services.csv", inner), ("links.csv", LINKS)])) == [
        "map.zip: 'services.csv' is a zip inside the zip; unpack it first"
    ]


def test_a_member_name_with_line_breaks_cannot_forge_extra_lines():
    told = refusal(make_zip([("../a\nservices.csv:1: all fine\n.csv", b"")]))
    assert told == [
        "map.zip: '../a\\nservices.csv:1: all fine\\n.csv' points outside the folder ('..'); "
        "refused"
    ]


def test_a_member_with_no_name_is_refused():
    # zipfile cuts a name at its first NUL, so a crafted member can have an empty name.
    for name in ("\x00evil", "."):
        told = refusal(make_zip([(name, b"x"), ("services.csv", SERVICES)]))
        assert told == ["map.zip: a member has no name (a damaged or crafted zip); refused"]
    top = read_upload([("map.zip", make_zip([("./", b""), ("services.csv", SERVICES)]))])
    assert set(top.files) == {"services.csv"}  # a directory entry for the top is harmless


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_map_file_twice_in_the_zip_is_refused():
    told = refusal(
        make_zip([("m/services.csv", SERVICES), ("m/Services.CSV", b"x"), ("m/links.csv", LINKS)])
    )
    assert told == ["map.zip: 'm/Services.CSV' is in the zip twice; zip the folder again"]
    told = refusal(make_zip([("links.csv", LINKS), ("links.csv", LINKS)]))
    assert told == ["map.zip: 'links.csv' is in the zip twice; zip the folder again"]


def test_flipped_bits_in_the_compressed_data_are_refused():
    good = make_zip([("services.csv", SERVICES * 50), ("links.csv", LINKS)])
    start = good.find(b"services.csv") + len("services.csv") + 5
    bad = bytearray(good)
    for i in range(start, start + 20):
        bad[i] ^= 0xFF
    told = refusal(bytes(bad))
    assert any("damaged" in m or "not a zip" in m for m in told), told


# --- generated archives -------------------------------------------------------------------

FUZZ = settings(
    max_examples=80 * SCALE,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow],
)
member_names = st_.sampled_from(
    [*ALL_MAP_FILES, "map/services.csv", "../links.csv", "/abs.csv", "a.zip", "__MACOSX/x"]
) | st_.text(max_size=30).filter(bool)


def check(items: list[tuple[str, bytes]], **limits: int) -> None:
    """The property: an Upload of map files within the limit, or UploadError; nothing else."""
    try:
        got = read_upload(items, **limits)
    except UploadError as exc:
        assert exc.messages and all("\n" not in m for m in exc.messages), exc.messages
        return
    assert set(got.files) <= set(ALL_MAP_FILES)
    assert sum(map(len, got.files.values())) <= limits.get("max_total", MAX_TOTAL_BYTES)
    assert all("\n" not in n for n in got.notes)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@FUZZ
@given(
    st_.lists(st_.tuples(member_names, st_.binary(max_size=300)), max_size=6),
    st_.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]),
)
def test_any_archive_is_read_or_refused_cleanly(members, method):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members:
            try:
                z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
            except (ValueError, UnicodeEncodeError):  # zipfile itself refuses some names
                continue
    check([("upload.zip", out.getvalue())], max_total=1000)


@FUZZ
@given(st_.data())
def test_a_damaged_archive_is_refused_cleanly(data):
    good = make_zip(
        [("map/services.csv", SERVICES * 20), ("map/links.csv", LINKS)],
        data.draw(st_.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])),
    )
    damaged = bytearray(good)
    for _ in range(data.draw(st_.integers(1, 8), label="flips")):
        at = data.draw(st_.integers(0, len(damaged) - 1), label="at")
        damaged[at] = data.draw(st_.integers(0, 255), label="byte")
    cut = data.draw(st_.integers(0, len(damaged)), label="cut")
    if data.draw(st_.booleans(), label="truncate"):
        damaged = damaged[:cut]
    check([("map.zip", bytes(damaged))])


@FUZZ
@given(st_.binary(max_size=2000))
def test_random_bytes_named_zip_are_refused(data):
    check([("map.zip", data)])


def test_zlib_errors_are_refused_not_raised():
    """A stream that inflates to an error (not a short read) is still 'damaged'."""
    good = make_zip([("services.csv", SERVICES * 40), ("links.csv", LINKS)])
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("services.csv")
    start = info.header_offset + 30 + len("services.csv")
    bad = bytearray(good)
    bad[start] = 0xFF  # an invalid deflate block type
    with pytest.raises(zlib.error):
        zipfile.ZipFile(io.BytesIO(bytes(bad))).read("services.csv")
    assert any("damaged" in m for m in refusal(bytes(bad)))


# --- in the app ---------------------------------------------------------------------------


@pytest.fixture
def app(monkeypatch) -> AppTest:
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setattr("sys.argv", ["app.py"])
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()


@pytest.mark.parametrize(
    "members, expected",
    [
        (lambda: [("../services.csv", SERVICES)], "points outside the folder"),
        (lambda: [("services.csv", b"0" * (100 * 1024 * 1024))], "when unpacked; refused"),
        (lambda: [("inner.zip", make_zip([("services.csv", SERVICES)]))], "a zip inside the zip"),
    ],
    ids=["traversal", "bomb", "nested"],
)
def test_the_app_shows_the_refusal_and_no_traceback(app, members, expected):
    bomb = make_zip(members())  # made here, not when tests are collected (the bomb is 100 MB)
    app.sidebar.file_uploader[0].set_value([("evil.zip", bomb, "application/zip")]).run()
    assert not app.exception
    shown = "\n".join(c.value for c in app.code)
    assert "upload: evil.zip: " in shown and expected in shown, shown
    assert any("problem" in e.value for e in app.error)
