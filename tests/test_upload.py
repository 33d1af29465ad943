"""Reading uploads safely: loose CSVs, a zip of a map folder, and every way a zip is refused."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from journeymap.read.upload import MAX_TOTAL_BYTES, UploadError, read_upload

SERVICES = b"id,name,type,area\ngp,GP,gp,A\ntx,TX,drug_alcohol_treatment,A\n"
LINKS = b"from,to,kind\ngp,tx,referral\n"


def make_zip(members: dict[str, bytes], *, symlinks: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, data)
    return out.getvalue()


def refusal(items) -> str:
    with pytest.raises(UploadError) as err:
        read_upload(items)
    return "\n".join(err.value.messages)


def test_loose_csv_files_are_read_by_name_case_insensitively():
    got = read_upload([("Services.CSV", SERVICES), ("links.csv", LINKS)])
    assert got.files == {"services.csv": SERVICES, "links.csv": LINKS}
    assert got.folder == "" and got.notes == ()


def test_other_files_are_ignored_with_a_note():
    got = read_upload([("services.csv", SERVICES), ("links.csv", LINKS), ("notes.csv", b"x")])
    assert set(got.files) == {"services.csv", "links.csv"}
    assert got.notes == (
        "ignored notes.csv: not a map file (a map folder holds services.csv, links.csv, "
        "journeys.csv, areas.csv, actions.csv, standards.csv and personas.csv)",
    )


def test_a_browser_supplied_path_is_reduced_to_the_file_name():
    got = read_upload([("../../services.csv", SERVICES), ("C:\\maps\\links.csv", LINKS)])
    assert set(got.files) == {"services.csv", "links.csv"}


def test_the_same_file_twice_is_refused():
    assert refusal([("services.csv", SERVICES), ("SERVICES.csv", SERVICES)]) == (
        "SERVICES.csv was uploaded twice; upload one of each file"
    )


def test_nothing_or_nothing_useful_is_refused():
    assert refusal([]) == "nothing was uploaded"
    assert refusal([("readme.csv", b"x")]) == (
        "no map files found: a map needs at least services.csv and links.csv"
    )


def test_loose_files_over_the_size_limit_are_refused():
    with pytest.raises(UploadError) as err:
        read_upload([("services.csv", b"x" * 3000)], max_total=2048)
    assert err.value.messages == ["the files come to 3 KB; the limit is 2 KB"]


def test_a_zip_of_a_map_folder_is_read_and_labelled_with_its_folder():
    data = make_zip(
        {
            "mymap/": b"",
            "mymap/services.csv": SERVICES,
            "mymap/links.csv": LINKS,
            "mymap/README.txt": b"hello",
            "__MACOSX/mymap/._services.csv": b"junk",
        }
    )
    got = read_upload([("mymap.zip", data)])
    assert got.files == {"services.csv": SERVICES, "links.csv": LINKS}
    assert got.folder == "mymap.zip/mymap"
    assert got.notes[0].startswith("ignored mymap/README.txt: not a map file")
    assert len(got.notes) == 1  # Finder's resource forks are skipped silently


def test_a_zip_with_files_at_the_top_is_labelled_with_the_zip():
    got = read_upload([("map.zip", make_zip({"services.csv": SERVICES, "links.csv": LINKS}))])
    assert got.folder == "map.zip"


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../services.csv", "map.zip: '../services.csv' points outside the folder ('..'); refused"),
        (
            "mymap/../../links.csv",
            "map.zip: 'mymap/../../links.csv' points outside the folder ('..'); refused",
        ),
        (
            "/etc/services.csv",
            "map.zip: '/etc/services.csv' has an absolute path; a map zip holds only relative paths",
        ),
        (
            "C:/maps/services.csv",
            "map.zip: 'C:/maps/services.csv' has an absolute path; a map zip holds only relative paths",
        ),
        ("inner.zip", "map.zip: 'inner.zip' is a zip inside the zip; unpack it first"),
    ],
)
def test_unsafe_members_are_refused(member, message):
    data = make_zip({"services.csv": SERVICES, member: b"x"})
    assert refusal([("map.zip", data)]) == message


def test_a_zip_hidden_under_a_csv_name_is_refused_by_its_content():
    inner = make_zip({"services.csv": SERVICES})
    data = make_zip({"services.csv": inner, "links.csv": LINKS})
    assert refusal([("map.zip", data)]) == (
        "map.zip: 'services.csv' is a zip inside the zip; unpack it first"
    )


def test_symbolic_links_are_refused():
    data = make_zip(
        {"services.csv": b"/etc/passwd", "links.csv": LINKS}, symlinks=("services.csv",)
    )
    assert refusal([("map.zip", data)]) == ("map.zip: 'services.csv' is a symbolic link; refused")


def test_too_many_members_are_refused_before_reading():
    data = make_zip({f"f{i}.txt": b"" for i in range(12)})
    with pytest.raises(UploadError) as err:
        read_upload([("map.zip", data)], max_members=10)
    assert err.value.messages == [
        "map.zip holds 12 files; a map zip holds a few CSV files (the limit is 10)"
    ]


def test_a_member_that_unpacks_too_large_is_refused():
    data = make_zip({"services.csv": b"0" * 5000, "links.csv": LINKS})
    assert len(data) < 1000  # it compresses well: the upload itself is small
    with pytest.raises(UploadError) as err:
        read_upload([("map.zip", data)], max_total=4096)
    assert err.value.messages == [
        "map.zip: 'services.csv' makes the map larger than 4 KB when unpacked; refused"
    ]


def test_the_size_is_counted_while_reading_not_taken_from_the_header():
    """A zip whose header understates the size: reading stops at the limit or fails the check."""
    big = b"0" * 200_000
    data = bytearray(make_zip({"services.csv": big, "links.csv": LINKS}))
    real = len(big).to_bytes(4, "little")
    fake = (100).to_bytes(4, "little")
    assert data.count(real) >= 2
    data = data.replace(real, fake)  # local header and central directory both lie
    message = refusal([("map.zip", bytes(data))])
    assert message.startswith("map.zip: 'services.csv' ")
    assert "damaged" in message or "larger than" in message


def test_total_size_across_members_is_limited():
    data = make_zip({"services.csv": b"1" * 3000, "links.csv": b"2" * 3000})
    with pytest.raises(UploadError) as err:
        read_upload([("map.zip", data)], max_total=4096)
    assert err.value.messages == [
        "map.zip: 'links.csv' makes the map larger than 4 KB when unpacked; refused"
    ]


def test_damaged_or_fake_zips_are_refused():
    assert refusal([("map.zip", b"this is not a zip")]) == (
        "map.zip is not a zip file, or it is damaged"
    )
    good = make_zip({"services.csv": SERVICES})
    assert "map.zip" in refusal([("map.zip", good[: len(good) // 2])])


def test_a_zip_with_map_files_in_two_folders_is_refused():
    data = make_zip({"a/services.csv": SERVICES, "b/links.csv": LINKS})
    assert refusal([("map.zip", data)]) == (
        "map.zip has map files in more than one folder (a, b); zip one map folder"
    )


def test_a_zip_and_loose_files_together_are_refused():
    data = make_zip({"services.csv": SERVICES})
    assert refusal([("map.zip", data), ("links.csv", LINKS)]) == (
        "upload either one zip of the map folder or the CSV files themselves, not both"
    )
    assert refusal([("a.zip", data), ("b.zip", data)]) == "upload one zip at a time"


def test_an_empty_zip_has_no_map_files():
    assert refusal([("map.zip", make_zip({"notes.txt": b"x"}))]) == (
        "map.zip: no map files found: a map needs at least services.csv and links.csv"
    )


def test_the_default_limit_fits_a_national_map():
    assert MAX_TOTAL_BYTES >= 32 * 1024 * 1024


def test_a_member_in_a_compression_the_reader_lacks_is_named_as_such():
    import io
    import zipfile

    from journeymap.read.zips import ZipRefused, open_zip, read_members

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("services.csv", b"id,name,type,area\n")
    data = bytearray(buf.getvalue())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 8 : local + 10] = (99).to_bytes(2, "little")  # a method zipfile cannot read
    data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    archive = open_zip(bytes(data), max_members=10)
    with pytest.raises(ZipRefused, match="uses a compression this app cannot read"):
        list(read_members(archive, archive.infolist(), max_total=1_000_000))
