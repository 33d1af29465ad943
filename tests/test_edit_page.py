"""The Edit map page, run headless with AppTest on small hand-built maps in real folders.

AppTest has no way to type into `st.data_editor`, so `edit_table` sends what the browser sends
when she edits cells, adds or deletes rows: the editor's widget state as JSON (the
`edited_rows`, `added_rows`, `deleted_rows` that Streamlit documents), with every other widget
as it is. Everything else (the forms, Save, Undo) is clicked through AppTest's own API.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from mapkit import links_csv, services_csv
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from journeymap.read import history
from journeymap.read.load import load_map, read_folder
from journeymap.read.suggest import DISMISSED_FILE
from journeymap.ui.editing import map_zip

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "journeymap/ui/pages/edit.py"
TIMEOUT = 60

SERVICES = services_csv(
    """
    gp gp Ambridge
    tx drug_alcohol_treatment Ambridge
    wc womens_centre Ambridge
    """
)
LINKS = links_csv("gp -> tx formal")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "map"
    d.mkdir()
    (d / "services.csv").write_bytes(SERVICES)
    (d / "links.csv").write_bytes(LINKS)
    return d


def open_page(monkeypatch, folder: Path | None) -> AppTest:
    monkeypatch.setattr("sys.argv", ["app.py"])
    if folder is None:
        monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    else:
        monkeypatch.setenv("JOURNEYMAP_MAP", str(folder))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def edit_table(at: AppTest, table: str, **delta: object) -> AppTest:
    """Send the editor of `table` ('services' or 'links') an edit, as the browser does."""
    editor = next(d for d in at.dataframe if (d.key or "").startswith(f"edit_{table}_"))
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(delta)))
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    return at


def press_anyway(at: AppTest, label: str) -> AppTest:
    """Send a click on a button even while it is disabled (as a hand-made request could)."""
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=button(at, label).id, trigger_value=True))
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def add_link(at: AppTest, source: str, target: str, kind: str = "referral", note: str = ""):
    """Fill in and send the add-a-link form (services picked by name, as she sees them)."""
    at.selectbox(key="link_from").set_value(source)
    at.selectbox(key="link_to").set_value(target)
    at.selectbox(key="link_kind").set_value(kind)
    at.checkbox(key="link_formal").check()
    at.text_input(key="link_note").input(note)
    button(at, "Add the link").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def problems(at: AppTest, table: str) -> list[dict[str, object]]:
    """The problems listed under the table (tables have no keys in AppTest: found by column)."""
    rows = []
    for frame in at.dataframe:
        if "What to change" in frame.value.columns:
            rows += [r for r in frame.value.to_dict("records") if r["File"] == f"{table}.csv"]
    return rows


def network_links(at: AppTest):
    at.switch_page("journeymap/ui/pages/network.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return next(f.value for f in at.dataframe if "Line in links.csv" in f.value.columns)


def links_shown(at: AppTest) -> list[tuple[str, str, str]]:
    editor = next(d for d in at.dataframe if (d.key or "").startswith("edit_links_"))
    return [(r["from"], r["to"], r["kind"]) for r in editor.value.to_dict("records")]


def test_adding_a_link_through_the_form_writes_links_csv(monkeypatch, folder):
    at = open_page(monkeypatch, folder)
    add_link(at, "wc", "tx", "co_location", note="Tuesday clinic")
    assert ("wc", "tx", "co_location") in links_shown(at)
    assert (folder / "links.csv").read_bytes() == LINKS  # not saved until she saves
    button(at, "Save").click().run()
    assert not at.exception
    assert any("Saved to" in s.value for s in at.success)
    smap = load_map(folder)
    added = [k for k in smap.links if (k.source, k.target) == ("wc", "tx")]
    assert len(added) == 1 and added[0].kind == "co_location" and added[0].formal
    assert added[0].notes == "Tuesday clinic"
    assert (folder / "services.csv").read_bytes() == SERVICES  # the unchanged file untouched
    assert [v.number for v in history.versions(folder)] == [1]
    assert read_folder(history.versions(folder)[0].path) == {
        "services.csv": SERVICES,
        "links.csv": LINKS,
    }


def test_the_other_pages_show_the_saved_link_at_once(monkeypatch, folder):
    at = open_page(monkeypatch, folder)
    before = network_links(at)
    at.switch_page(PAGE).run()
    add_link(at, "wc", "tx", "co_location")
    button(at, "Save").click().run()
    after = network_links(at)
    assert len(after) == len(before) + 1
    assert list(after["Kind"]).count("co location") == 1


def test_an_unknown_type_shows_its_problem_beside_the_row_and_saves_nothing(monkeypatch, folder):
    at = open_page(monkeypatch, folder)
    edit_table(at, "services", edited_rows={"2": {"type": "womens_center"}})
    rows = problems(at, "services")
    assert len(rows) == 1
    assert rows[0]["Row"] == 3 and str(rows[0]["Row holds"]).startswith("wc")
    assert "'womens_center' is not a service type" in str(rows[0]["What to change"])
    assert "did you mean 'womens_centre'" in str(rows[0]["What to change"])
    assert button(at, "Save").disabled
    press_anyway(at, "Save")
    assert (folder / "services.csv").read_bytes() == SERVICES
    assert history.versions(folder) == []


def test_a_link_to_a_missing_service_shows_its_problem_and_saves_nothing(monkeypatch, folder):
    at = open_page(monkeypatch, folder)
    edit_table(at, "links", added_rows=[{"from": "wc", "to": "nowhere", "kind": "referral"}])
    rows = problems(at, "links")
    assert [r["Row"] for r in rows] == [2]
    assert "to 'nowhere' is not a service id in services.csv" in str(rows[0]["What to change"])
    assert button(at, "Save").disabled
    # Deleting a service that still has a link is the same problem, on the link's row.
    edit_table(at, "links", deleted_rows=[])
    edit_table(at, "services", deleted_rows=[1])
    rows = problems(at, "links")
    assert any("to 'tx' is not a service id" in str(r["What to change"]) for r in rows)
    press_anyway(at, "Save")
    assert read_folder(folder) == {"services.csv": SERVICES, "links.csv": LINKS}


def test_undo_restores_the_previous_files_byte_for_byte(monkeypatch, folder):
    # A file with a byte-order mark, odd spacing and an extra column: Undo must not tidy it.
    odd = b"\xef\xbb\xbfFrom , To,kind,two_way,formal,notes,Owner\ngp,tx,referral,,yes,,Ann\n"
    (folder / "links.csv").write_bytes(odd)
    at = open_page(monkeypatch, folder)
    edit_table(at, "services", edited_rows={"0": {"name": "Dr Lee's surgery"}})
    button(at, "Save").click().run()
    assert b"Dr Lee's surgery" in (folder / "services.csv").read_bytes()
    assert (folder / "links.csv").read_bytes() == odd  # not edited: not rewritten
    add_link(at, "wc", "tx")
    button(at, "Save").click().run()
    saved = (folder / "links.csv").read_bytes()
    assert b"owner" in saved and b"Ann" in saved  # the extra column is kept (name as read)
    assert len(history.versions(folder)) == 2
    button(at, "Undo the last save").click().run()
    assert not at.exception
    assert (folder / "links.csv").read_bytes() == odd
    assert b"Dr Lee's surgery" in (folder / "services.csv").read_bytes()
    button(at, "Undo the last save").click().run()
    assert read_folder(folder) == {"services.csv": SERVICES, "links.csv": odd}
    assert history.versions(folder) == []
    assert button(at, "Undo the last save").disabled


def test_a_stale_second_save_is_refused_and_nothing_she_typed_is_lost(monkeypatch, folder):
    first = open_page(monkeypatch, folder)
    second = open_page(monkeypatch, folder)
    add_link(first, "wc", "tx", note="hers")
    add_link(second, "wc", "gp", note="mine")
    button(first, "Save").click().run()
    theirs = read_folder(folder)
    button(second, "Save").click().run()
    assert not second.exception
    assert read_folder(folder) == theirs  # refused: the first save stands
    error = " ".join(e.value for e in second.error)
    assert "Someone saved this map after you opened it" in error
    assert "Link added: WC → TX (referral)" in " ".join(c.value for c in second.code)
    assert ("wc", "gp", "referral") in links_shown(second)  # her link is still there
    assert [b.label for b in second.get("download_button")].count(
        "Download your version (zip)"
    ) == 1
    # Having downloaded her version, she opens the saved map: theirs, with no conflict shown.
    button(second, "Open the saved map instead (your changes are dropped)").click().run()
    assert ("wc", "tx", "referral") in links_shown(second)
    assert ("wc", "gp", "referral") not in links_shown(second)
    assert not second.error


def test_dropping_unsaved_changes_puts_the_tables_back(monkeypatch, folder):
    at = open_page(monkeypatch, folder)
    add_link(at, "wc", "tx")
    assert button(at, "Save").disabled is False
    button(at, "Drop my unsaved changes").click().run()
    assert links_shown(at) == [("gp", "tx", "referral")]
    assert button(at, "Save").disabled
    assert read_folder(folder) == {"services.csv": SERVICES, "links.csv": LINKS}


def test_an_uploaded_map_is_edited_in_the_session(monkeypatch):
    at = open_page(monkeypatch, None)
    at.sidebar.file_uploader[0].set_value(
        [("services.csv", SERVICES, "text/csv"), ("links.csv", LINKS, "text/csv")]
    ).run()
    at.switch_page(PAGE).run()
    add_link(at, "wc", "tx", "co_location")
    button(at, "Keep these changes").click().run()
    assert not at.exception
    assert any("Kept for this browser session" in s.value for s in at.success)
    assert "Showing your upload\\, as edited here" in [c.value for c in at.sidebar.caption]
    downloads = [b.label for b in at.get("download_button")]
    assert {"Download the map (zip)", "Download as a workbook"} <= set(downloads)
    assert len(network_links(at)) == 2  # every page shows the edit
    at.switch_page(PAGE).run()
    button(at, "Undo the last save").click().run()
    assert len(network_links(at)) == 1


def test_map_zip_holds_the_files_as_a_folder_would():
    data = map_zip({"services.csv": SERVICES, "links.csv": LINKS})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["links.csv", "services.csv"]
        assert z.read("services.csv") == SERVICES


PLACES = (
    b"id,name,type,area,provider,postcode\n"
    b"gp,Green Lane GP,gp,Ambridge,,AM1 2BC\n"
    b"mw,Midwives at Green Lane,midwifery,Ambridge,,am1 2bc\n"
    b"tx,Ambridge Recovery,drug_alcohol_treatment,Ambridge,Turning Point,AM9 9ZZ\n"
    b"out,Ambridge Outreach,outreach,Ambridge,Turning Point,AM7 7YY\n"
    b"da,Refuge,domestic_abuse,Ambridge,,AM5 5XX\n"
)


def suggestions(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "**co location**?" in m.value or "**joint" in m.value]


def test_suggestions_are_offered_and_a_dismissal_survives_a_reload(monkeypatch, folder):
    (folder / "services.csv").write_bytes(PLACES)
    (folder / "links.csv").write_bytes(b"from,to,kind\ngp,tx,referral\n")
    at = open_page(monkeypatch, folder)
    offered = suggestions(at)
    assert len(offered) == 2
    assert "Green Lane GP and Midwives at Green Lane: **co location**?" in offered[0]
    assert "Ambridge Recovery and Ambridge Outreach: **joint working**?" in offered[1]
    dismiss = [b for b in at.button if b.label == "Dismiss"]
    dismiss[1].click().run()
    assert (folder / DISMISSED_FILE).read_bytes() == b"from,to,kind\nout,tx,joint_working\n"
    again = open_page(monkeypatch, folder)  # a reload: a new session
    assert len(suggestions(again)) == 1
    next(b for b in again.button if b.label == "Add").click().run()
    assert ("gp", "mw", "co_location") in links_shown(again)
    assert suggestions(again) == []  # accepted: in the table, not offered again
    button(again, "Save").click().run()
    assert any(k.kind == "co_location" for k in load_map(folder).links)


def test_a_blank_map_gets_its_first_services_and_link_on_the_page(monkeypatch, tmp_path, run_cli):
    blank = tmp_path / "mymap"
    blank.mkdir()
    (blank / "services.csv").write_bytes(b"id,name,type,area\n")
    (blank / "links.csv").write_bytes(b"from,to,kind\n")
    at = open_page(monkeypatch, blank)
    assert "services.csv:2: there are no services under the header" in " ".join(
        c.value for c in at.code
    )
    for name, stype in (("Marsh Road GP", "gp"), ("Fenmoor Recovery", "drug_alcohol_treatment")):
        at.text_input(key="service_name").input(name)
        at.selectbox(key="service_type").set_value(stype)
        next(b for b in at.selectbox if b.label == "Area").set_value(
            "national"
        )  # no local area yet
        button(at, "Add the service").click().run()
        assert not at.exception
    # (In the browser a new area can be typed into the box; AppTest cannot type a new option.)
    edit_table(at, "services", edited_rows={"0": {"area": "Fenmoor"}, "1": {"area": "Fenmoor"}})
    add_link(at, "marsh-road-gp", "fenmoor-recovery")
    button(at, "Save").click().run()
    smap = load_map(blank)
    assert [(s.id, s.area) for s in smap.services] == [
        ("marsh-road-gp", "Fenmoor"),
        ("fenmoor-recovery", "Fenmoor"),
    ]
    report = run_cli("report", blank)
    assert report.code == 0 and b"standards_gap" in report.out


def test_what_changed_since_a_saved_version_with_its_gaps(monkeypatch, folder):
    at = open_page(monkeypatch, folder)
    add_link(at, "wc", "tx", "co_location")
    button(at, "Save").click().run()
    version = history.versions(folder)[0]
    at.selectbox(key="since").set_value(version).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Link added: WC ↔ TX (co location)" in " ".join(c.value for c in at.code)
    gaps = next(f.value for f in at.dataframe if "Status" in f.value.columns)
    resolved = gaps[gaps["Status"] == "resolved"]
    assert ("missed opportunity", "WC") in set(
        zip(resolved["Category"], resolved["About"], strict=True)
    )
    assert "gone" not in set(gaps["Status"])  # nothing was removed


def test_a_folder_that_cannot_be_written_says_so_in_plain_words(monkeypatch, folder):
    (folder / "history").write_text("a file where the history folder would go")
    at = open_page(monkeypatch, folder)
    add_link(at, "wc", "tx")
    button(at, "Save").click().run()
    assert not at.exception
    error = " ".join(e.value for e in at.error).replace("\\", "")
    assert f"Could not save to {folder}: File exists ({folder}/history)." in error
    assert "Nothing you typed is lost" in error
    assert ("wc", "tx", "referral") in links_shown(at)
    assert (folder / "links.csv").read_bytes() == LINKS


def test_the_bundled_demo_is_never_written(monkeypatch):
    """Saving on the demo map says to download or copy it, and changes nothing on disk."""
    demo = ROOT / "data" / "demo"
    before = read_folder(demo)
    at = open_page(monkeypatch, None)
    ids = [s for s in before["services.csv"].decode("utf-8-sig").splitlines()[1:3]]
    first, second = (line.split(",")[0] for line in ids)
    add_link(at, first, second, "referral")
    button(at, "Save").click().run()
    assert any("never changes" in e.value for e in at.error)
    assert read_folder(demo) == before
    assert not (demo / "history").exists()
