"""Opening the Edit map page reads nothing twice: the map the app already read stands for the
unedited files (`mapedit.checked_map`, `state.loaded_from`), with the problems tied to their
rows exactly as a fresh check ties them; the first edit is checked afresh."""

from __future__ import annotations

import uuid
from pathlib import Path

from test_edit_page import edit_table, open_page

from journeymap.read import mapedit
from journeymap.read.load import parse_map
from journeymap.read.mapedit import check_files, checked_map

#: A link end written as a service's name: the map loads, with a warning on links.csv line 3.
FILES = {
    "services.csv": b"id,name,type,area\ngp,Green Surgery,gp,A\ntx,Recovery,"
    b"drug_alcohol_treatment,A\n",
    "links.csv": b"from,to,kind\ngp,tx,referral\nGreen Surgery,tx,joint_working\n",
}


def test_the_map_already_read_is_checked_as_a_fresh_check_would_check_it() -> None:
    fresh = check_files(FILES, "m")
    again = checked_map(FILES, "m", parse_map(FILES, "m"))
    assert fresh.problems and fresh.problems == again.problems
    assert fresh.by_row == again.by_row == {"services.csv": {}, "links.csv": {1: fresh.problems}}
    assert fresh.smap == again.smap


def test_opening_the_page_does_not_read_the_map_again(monkeypatch, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    mine = f"Surgery {uuid.uuid4().hex}"  # files no other test has checked (results are cached)
    for name, data in FILES.items():
        (folder / name).write_bytes(data.replace(b"Green Surgery", mine.encode()))
    reads: list[str] = []

    def counted(files, folder=""):
        reads.append(folder)
        return parse_map(files, folder)

    monkeypatch.setattr(mapedit, "parse_map", counted)
    at = open_page(monkeypatch, folder)
    assert reads == []
    assert any("read as service gp" in str(v) for f in at.dataframe for v in f.value.values.ravel())
    edit_table(at, "services", edited_rows={"1": {"name": "Recovery Hub"}})
    assert reads == [str(folder)]


def test_on_a_large_map_links_are_suggested_once_she_asks(monkeypatch, tmp_path: Path) -> None:
    from test_edit_page import PLACES, button, suggestions

    monkeypatch.setattr("journeymap.ui.suggestions_panel.ASK_FROM", 3)  # PLACES has more
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "services.csv").write_bytes(PLACES)
    (folder / "links.csv").write_bytes(b"from,to,kind\ngp,tx,referral\n")
    at = open_page(monkeypatch, folder)
    assert suggestions(at) == []
    assert any("links to suggest are looked for when you ask" in c.value for c in at.caption)
    button(at, "Look for links to suggest").click().run()
    assert len(suggestions(at)) == 2
    at.run()  # asked once in this session: they stay
    assert len(suggestions(at)) == 2
