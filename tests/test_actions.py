"""actions.csv: read with every problem at its line, shown in the gap report's `action`
column (a done action whose gap is still there flagged), and kept through the app: added
from a finding, its status changed, read back after a reload."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from mapkit import build
from streamlit.testing.v1 import AppTest
from test_scenario_page import frame

from journeymap import MapError
from journeymap.analyse import find_gaps
from journeymap.cli import main
from journeymap.outputs.report import report_csv
from journeymap.read.actions import actions_csv
from journeymap.read.load import load_map, parse_map
from journeymap.resources import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "journeymap/ui/pages/actions.py"
HEADER = "id,area,about,action,owner,due,status,note\n"


def small(actions: str | None):
    """gp has no route to treatment (one missed opportunity); tx is treatment. The women's
    centre's referral gives the area a link, so its routes are judged (no `no_links`)."""
    files = {
        "services.csv": b"id,name,type,area\ntx,TX,drug_alcohol_treatment,A\ngp,GP,gp,A\n"
        b"wc,WC,womens_centre,A\n",
        "links.csv": b"from,to,kind\nwc,tx,referral\n",
        "standards.csv": b"id,standard,source,rule\n",
        "personas.csv": b"id,name,entry_types\n",
    }
    if actions is not None:
        files["actions.csv"] = (HEADER + actions).encode()
    return parse_map(files)


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_without_actions_csv_the_report_has_no_action_column():
    smap = small(None)
    assert smap.actions is None
    assert "action" not in rows(report_csv(find_gaps(smap), smap.actions))[0]


def test_an_action_shows_beside_its_gap_and_a_done_one_is_flagged():
    smap = small("A1,A,missed_opportunity:gp,Agree a referral,Commissioner,2027-01-31,done,\n")
    got = rows(report_csv(find_gaps(smap), smap.actions))
    missed = next(r for r in got if r["category"] == "missed_opportunity")
    assert missed["action"] == "A1 (done, but the map still shows this gap)"
    assert all(r["action"] == "" for r in got if r is not missed)


def test_an_action_on_a_standard_is_found_by_its_id():
    smap = build(
        "tx drug_alcohol_treatment A offers=prescribing\ngp gp A",
        "gp <-> tx formal",
        standards_csv=b"id,standard,source,rule\ngroup,A women-only group,Seed,offer:women_only_group\n",
        personas_csv=b"id,name,entry_types\n",
        actions_csv=(HEADER + "7,A,group,Start a group,,,in progress,\n").encode(),
    )
    got = rows(report_csv(find_gaps(smap), smap.actions))
    assert [r["action"] for r in got if r["category"] == "standards_gap"] == ["7 (in progress)"]


def test_every_problem_in_actions_csv_is_told_with_its_line():
    bad = (
        "A1,A,missed_opportunity:gp,Do it,,31/01/2027,finished,\nA1,B,missed_opportunity:gp,,,,,\n"
    )
    with pytest.raises(MapError) as caught:
        small(bad)
    told = [str(p) for p in caught.value.errors]
    assert (
        "actions.csv:2: status 'finished' is not a status (one of: planned, in progress, done, dropped)"
        in told
    )
    assert any(
        t.startswith("actions.csv:2: due '31/01/2027' is not a date; write it as YYYY-MM-DD")
        for t in told
    )
    assert any(t.startswith("actions.csv:3: 'action' is empty") for t in told)
    assert any(t.startswith("actions.csv:3: area 'B' is not in this map") for t in told)
    assert "actions.csv:3: id 'A1' is already used on line 2; ids must be unique" in told


def test_the_written_file_reads_back_the_same():
    smap = small("A1,A,missed_opportunity:gp,Agree a referral,=cmd,2027-01-31,planned,a note\n")
    assert smap.actions is not None
    again = small(actions_csv(smap.actions).decode("utf-8-sig").split("\n", 1)[1])
    assert again.actions == smap.actions


def test_the_demo_report_carries_the_demos_actions(capsys):
    assert main(["report", str(DATA_DIR / "demo"), "--area", "Fenmoor"]) == 0
    got = rows(capsys.readouterr().out.encode())
    cells = {r["subject_id"]: r["action"] for r in got if r["action"]}
    assert cells == {
        "fen-womens-centre": "A1 (in progress)",
        "women-only-group": "A2 (done, but the map still shows this gap)",
    }


# --- the app -------------------------------------------------------------------------------


@pytest.fixture
def mapdir(tmp_path):
    folder = tmp_path / "mymap"
    shutil.copytree(DATA_DIR / "demo", folder)
    (folder / "actions.csv").unlink()
    return folder


def open_actions(monkeypatch, folder: Path) -> AppTest:
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setattr("sys.argv", ["app.py", "--map", str(folder)])
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    at.selectbox(key="actions_area").set_value("Fenmoor").run()
    return at


def test_an_action_round_trips_through_the_app(monkeypatch, mapdir):
    at = open_actions(monkeypatch, mapdir)
    about = at.selectbox(key="actions_about")
    index = next(i for i, label in enumerate(about.options) if "Fenmoor Women's Centre" in label
                 and "missed opportunity" in label)  # fmt: skip
    about.set_value(index).run()
    at.text_input(key="actions_text").input("A weekly treatment session at the centre").run()
    at.text_input(key="actions_owner").input("Public health").run()
    at.button(key="actions_add").click().run()
    assert not at.exception
    saved = load_map(mapdir).actions
    assert saved is not None and [(a.id, a.about, a.status) for a in saved] == [
        ("A1", "missed_opportunity:fen-womens-centre", "planned")
    ]
    # change its status to done, then read it all again in a new session
    at.selectbox(key="actions_edit_status_A1").set_value("done").run()
    at.button(key="actions_edit_save").click().run()
    assert not at.exception
    again = open_actions(monkeypatch, mapdir)
    table = frame(again, "actions_table")
    assert list(table["status"]) == ["done"] and list(table["owner"]) == ["Public health"]
    # the report now flags it: the women's centre still has no route
    got = rows(report_csv(find_gaps(load_map(mapdir)), load_map(mapdir).actions))
    cell = next(r["action"] for r in got if r["subject_id"] == "fen-womens-centre"
                and r["category"] == "missed_opportunity")  # fmt: skip
    assert cell == "A1 (done, but the map still shows this gap)"


def test_the_demo_map_is_never_written_to(monkeypatch):
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setattr("sys.argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("cannot be saved here" in i.value for i in at.info)
    assert at.button(key="actions_add").disabled
