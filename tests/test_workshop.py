"""The workshop store: codes, steps, saving at once, real deletion, export and import."""

import logging
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journeymap.problems import MapError
from journeymap.read.load import parse_journeys
from journeymap.ui.args import app_args
from journeymap.workshop.consent import Consent
from journeymap.workshop.paths import default_workspace, user_data_dir
from journeymap.workshop.store import DB_NAME, StepEntry, Workshop

NAMES = {"gp": "Riverside GP", "tx": "Recovery Hub", "wc": "Women's Centre"}
SECRET = "Zebra-marker-4471 she said this in confidence"


def gp(**kw):
    return StepEntry(service="gp", service_name="Riverside GP", **kw)


def labels(ws, code):
    return [s.label for s in ws.steps(code)]


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def test_codes_are_given_in_order_and_never_reused(tmp_path):
    ws = Workshop(tmp_path / "ws")
    assert [ws.new_journey(Consent(pool=True)) for _ in range(3)] == ["J01", "J02", "J03"]
    ws.delete_journey("J03")
    assert (
        ws.new_journey(Consent(pool=True)) == "J04"
    )  # J03 is withdrawn; its code is not given to another
    assert ws.codes() == ["J01", "J02", "J04"]
    assert (
        Workshop(tmp_path / "ws").new_journey(Consent(pool=True)) == "J05"
    )  # the counter is in the file


def test_steps_add_change_move_delete(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    a = ws.add_step(code, gp(feeling=-1, barriers=("not_asked",), helped_onward=False))
    b = ws.add_step(code, StepEntry(place="a friend's sofa", stage="before_help"))
    c = ws.add_step(code, StepEntry(service="tx", service_name="Recovery Hub", feeling=1))
    assert labels(ws, code) == ["Riverside GP", "a friend's sofa", "Recovery Hub"]
    assert [s.step for s in ws.steps(code)] == [1, 2, 3]

    ws.update_step(b, StepEntry(place="a friend's flat", feeling=0))
    assert labels(ws, code)[1] == "a friend's flat"
    assert ws.steps(code)[1].entry.feeling == 0

    ws.move_step(c, -1)
    assert labels(ws, code) == ["Riverside GP", "Recovery Hub", "a friend's flat"]
    ws.move_step(a, -1)  # already first: stays
    ws.move_step(b, +5)  # already last: stays
    assert labels(ws, code) == ["Riverside GP", "Recovery Hub", "a friend's flat"]

    ws.delete_step(c)
    assert labels(ws, code) == ["Riverside GP", "a friend's flat"]
    assert [s.step for s in ws.steps(code)] == [1, 2]
    first = ws.steps(code)[0].entry
    assert (first.feeling, first.barriers, first.helped_onward) == (-1, ("not_asked",), False)


def test_a_draft_is_kept_until_the_step_is_saved_and_goes_with_the_journey(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    assert ws.draft(code) is None
    ws.save_draft(code, StepEntry(feeling=-1, note="Draft-words-Ibis"))  # no place yet: fine
    ws.save_draft(code, gp(feeling=-2, note="Draft-words-Ibis", barriers=("stigma",)))
    assert ws.draft(code) == gp(feeling=-2, note="Draft-words-Ibis", barriers=("stigma",))
    assert Workshop(tmp_path).draft(code) is not None  # on disk, not in memory
    ws.add_step(code, gp(feeling=-2))
    assert ws.draft(code) is None
    ws.save_draft(code, StepEntry(note="Draft-words-Heron"))
    ws.delete_journey(code)
    assert ws.draft(code) is None
    assert b"Draft-words" not in all_bytes(tmp_path)
    with pytest.raises(KeyError):
        ws.save_draft(code, StepEntry())


def test_bad_entries_get_plain_messages(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    with pytest.raises(ValueError, match="Choose a place from the list, or type a place"):
        ws.add_step(code, StepEntry(place="  "))
    with pytest.raises(ValueError, match=r"must be from -2 \(very bad\) to 2 \(very good\)"):
        ws.add_step(code, gp(feeling=3))
    with pytest.raises(KeyError, match="no journey J09 in this workspace"):
        ws.add_step("J09", gp())
    with pytest.raises(KeyError, match="no longer there"):
        ws.delete_step(999)
    with pytest.raises(ValueError, match="Unknown circumstance: pirate"):
        ws.set_circumstances(code, ["pirate"])
    assert ws.steps(code) == []


def test_files_are_private(tmp_path):
    folder = tmp_path / "new" / "ws"
    ws = Workshop(folder)
    ws.add_step(ws.new_journey(Consent(pool=True)), gp(note="x"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for p in folder.iterdir():  # the database and its -wal / -shm files
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    assert (folder / DB_NAME).exists()


def test_a_new_store_object_sees_everything_at_once(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    ws.add_step(code, gp(note="kept"))
    ws.set_circumstances(code, ["mother", "rural"])
    again = Workshop(tmp_path)  # as after a reload or restart: nothing cached in memory
    assert again.codes() == [code]
    assert again.steps(code)[0].entry.note == "kept"
    assert again.circumstances(code) == ("mother", "rural")


WRITER = textwrap.dedent(
    """
    import sys
    from journeymap.workshop.store import Consent, StepEntry, Workshop
    ws = Workshop(sys.argv[1])
    for i in range(int(sys.argv[3])):
        ws.add_step(sys.argv[2], StepEntry(place=f"{sys.argv[4]} {i}", feeling=i % 5 - 2))
    print(ws.new_journey(Consent(pool=True)))
    """
)


def run_python(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_write_at_once_and_nothing_is_lost(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    procs = [run_python(str(tmp_path), code, "25", name) for name in ("tab-a", "tab-b")]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    steps = ws.steps(code)
    assert len(steps) == 50
    assert [s.step for s in steps] == list(range(1, 51))
    assert {s.entry.place for s in steps} == {f"tab-{t} {i}" for t in "ab" for i in range(25)}
    assert sorted(out.strip() for out, _ in outs) == ["J02", "J03"]  # no code given twice


def test_written_in_one_process_read_in_another(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    proc = run_python(str(tmp_path), code, "3", "from the other process")
    proc.communicate(timeout=60)
    reader = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from journeymap.workshop.store import Workshop; "
            "print([s.label for s in Workshop(sys.argv[1]).steps(sys.argv[2])])",
            str(tmp_path),
            code,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reader.stdout.strip() == str([f"from the other process {i}" for i in range(3)])


def test_deleting_a_journey_leaves_no_trace_in_any_file(tmp_path):
    ws = Workshop(tmp_path)
    keep, gone = ws.new_journey(Consent(pool=True)), ws.new_journey(Consent(pool=True))
    ws.add_step(keep, gp(note="this one stays"))
    ws.add_step(gone, StepEntry(place="Quokka-place-9921", note=SECRET))
    ws.add_step(gone, gp(note=SECRET + " again"))
    assert SECRET.encode() in ws.export_csv()
    assert ws.delete_journey(gone) is True
    assert ws.codes() == [keep]
    assert ws.steps(gone) == []
    export = ws.export_csv()
    assert SECRET.encode() not in export and b"Quokka" not in export and b"this one stays" in export
    raw = all_bytes(tmp_path)
    assert SECRET.encode() not in raw and b"Quokka-place-9921" not in raw
    assert ws.delete_journey(gone) is False


def test_deleted_and_changed_step_words_are_scrubbed(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    a = ws.add_step(code, gp(note="Walrus-first-words"))
    b = ws.add_step(code, gp(note="Narwhal-deleted-words"))
    ws.update_step(a, gp(note="better words"))
    ws.delete_step(b)
    raw = all_bytes(tmp_path)
    assert b"Walrus-first-words" not in raw and b"Narwhal-deleted-words" not in raw
    assert b"better words" in raw


def test_export_is_a_contract_journeys_csv(tmp_path):
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    ws.set_circumstances(code, ["pregnant", "rural"])
    ws.add_step(
        code,
        gp(
            stage="seeking_help",
            feeling=-2,
            barriers=("not_asked", "stigma"),
            helped_onward=False,
            note="=HYPERLINK(x)",
        ),
    )
    ws.add_step(code, StepEntry(place="A&E", feeling=-1, helped_onward=True))
    ws.add_step(code, StepEntry(service="tx", service_name="Recovery Hub"))
    ws.new_journey(Consent(pool=True))  # no steps yet: not exported
    data = ws.export_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == [
        "journey,step,service,place,stage,feeling,barriers,helped_onward,circumstances,note,"
        "consent_pool,consent_quote,keep_until",  # her consent, on every step
        "J01,1,gp,,seeking_help,-2,not_asked;stigma,no,pregnant;rural,'=HYPERLINK(x),yes,no,",
        "J01,2,,A&E,,-1,,yes,,,yes,no,",
        "J01,3,tx,,,,,,,,yes,no,",
    ]
    (journey,) = parse_journeys(data, NAMES)
    assert journey.circumstances == ("pregnant", "rural")
    assert [s.feeling for s in journey.steps] == [-2, -1, None]


def test_import_adds_journeys_checked_like_a_map_file(tmp_path):
    ws = Workshop(tmp_path)
    ws.new_journey(Consent(pool=True))
    good = (
        b"journey,step,service,place,feeling,helped_onward,circumstances,note,facilitator_room\n"
        b"J07,1,gp,,-1,no,mother,first,Room 2\nJ07,2,,home,0,,,,Room 2\nJ08,1,wc,,2,yes,,,\n"
    )
    assert ws.import_csv(good, NAMES) == ["J07", "J08"]
    assert labels(ws, "J07") == ["Riverside GP", "home"]
    assert ws.circumstances("J07") == ("mother",)
    assert ws.new_journey(Consent(pool=True)) == "J09"  # after the highest imported code
    export = ws.export_csv().decode("utf-8-sig")
    assert ",note,facilitator_room," in export.splitlines()[0]  # extra column kept
    assert "J07,1,gp,,,-1,,no,mother,first,Room 2" in export


def test_import_errors_come_as_file_line_and_nothing_is_added(tmp_path):
    ws = Workshop(tmp_path)
    ws.import_csv(b"journey,step,place\nJ02,1,home\n", NAMES)
    bad = (
        b"journey,step,service,place,feeling\n"
        b"J03,1,gp,,5\n"
        b"Mary Smith,1,,home,\n"
        b"J04,1,gpp,,\n"
        b"J05,1,,,\n"
    )
    with pytest.raises(MapError) as err:
        ws.import_csv(bad, NAMES, file="upload/journeys.csv")
    messages = [str(p) for p in err.value.errors]
    assert messages == [
        "upload/journeys.csv:2: feeling 5 is out of range (it should be from -2 to 2)",
        "upload/journeys.csv:3: journey 'Mary Smith' should be a code such as J07 (letters and digits, no names or spaces)",
        "upload/journeys.csv:4: service 'gpp' is not a service id in services.csv (did you mean 'gp'?)",
        "upload/journeys.csv:5: give either 'service' (an id from services.csv) or 'place' (free text)",
    ]
    with pytest.raises(MapError) as err:
        ws.import_csv(b"journey,step,place\nJ09,1,x\nJ02,1,home\n", NAMES)
    assert [str(p) for p in err.value.errors] == [
        "journeys.csv:3: journey J02 is already in this workspace; delete it there first, or "
        "give this journey another code"
    ]
    assert ws.codes() == ["J02"]  # neither file added anything


def test_notes_are_never_logged(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    ws = Workshop(tmp_path)
    code = ws.new_journey(Consent(pool=True))
    step = ws.add_step(code, StepEntry(place="Secret-place-553", note=SECRET))
    ws.update_step(step, StepEntry(place="Secret-place-553", note=SECRET + " more"))
    ws.export_csv()
    ws.delete_step(step)
    ws.delete_journey(code)
    assert "J01" in caplog.text  # something was logged, by code
    assert "Zebra" not in caplog.text and "Secret-place" not in caplog.text


def test_where_the_workspace_is():
    home = {"HOME": "/home/ann"}
    assert default_workspace(app_args(["--workspace", "/data/ws"]).workspace, {}) == Path(
        "/data/ws"
    )
    assert default_workspace(None, {"JOURNEYMAP_WORKSPACE": "/srv/ws", **home}) == Path("/srv/ws")
    expected = user_data_dir(home) / "journeymap"  # ~/.local/share/journeymap on Linux
    assert default_workspace(app_args(["--map", "x"]).workspace, home) == expected
    assert user_data_dir({"XDG_DATA_HOME": "/x", **home}, "linux") == Path("/x")
    assert user_data_dir(home, "linux") == Path("/home/ann/.local/share")
    assert user_data_dir({"LOCALAPPDATA": "C:/Users/ann/AppData/Local"}, "win32") == Path(
        "C:/Users/ann/AppData/Local"
    )
    assert user_data_dir(home, "darwin") == Path("/home/ann/Library/Application Support")


def test_opening_an_existing_folder_keeps_its_mode(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o750)
    os.chmod(folder, 0o750)
    Workshop(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750  # her folder, her choice
    assert stat.S_IMODE((folder / DB_NAME).stat().st_mode) == 0o600
