"""Editing a large map one area at a time (read/mapview.py, the Edit map page): the tables
hold one area's rows, and her edits go back in place in the whole files.

The page switches to areas from `editing.AREA_FROM` services (2,000); the page tests lower it
so that a hand-built map of a few services, whose right answer is plain, is edited by area.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mapkit import links_csv, services_csv
from test_edit_page import button, edit_table, open_page, problems

from journeymap.read.load import load_map
from journeymap.read.mapedit import Sheet, read_sheet
from journeymap.read.mapview import area_names, area_view, fold, has_national

SERVICES = services_csv(
    """
    a-gp gp Ambridge
    a-tx drug_alcohol_treatment Ambridge
    b-gp gp Borchester
    b-tx drug_alcohol_treatment Borchester
    n-line outreach national
    """
)
LINKS = links_csv(
    """
    a-gp -> a-tx formal
    b-gp -> b-tx formal
    a-tx -> b-tx
    n-line -> a-tx
    """
)


def sheets(services: bytes = SERVICES, links: bytes = LINKS) -> tuple[Sheet, Sheet]:
    return read_sheet(services, "services.csv"), read_sheet(links, "links.csv")


# --- the rows of an area ---------------------------------------------------------------


def test_the_areas_are_the_local_ones_in_file_order() -> None:
    services, _ = sheets()
    assert area_names(services) == ["Ambridge", "Borchester"]
    assert has_national(services)
    assert not has_national(read_sheet(services_csv("x gp Ambridge"), "services.csv"))


def test_an_area_holds_its_services_and_every_link_to_or_from_them() -> None:
    services, links = sheets()
    view = area_view(services, links, "Borchester")
    assert view.services == (2, 3)
    assert view.links == (1, 2)  # b-gp -> b-tx, and a-tx -> b-tx from the other area
    national = area_view(services, links, "national")
    assert national.services == (4,) and national.links == (3,)


def test_rows_of_no_area_are_shown_with_every_area() -> None:
    # A service with a blank area and a link neither of whose ends is a service are mistakes
    # to put right: they must be reachable from some table.
    services = read_sheet(
        b"id,name,type,area\na-gp,A GP,gp,Ambridge\nlost,Lost,gp,\nb-gp,B GP,gp,Borchester\n",
        "services.csv",
    )
    links = read_sheet(b"from,to,kind\nnowhere,nobody,referral\nA GP,lost,referral\n", "links.csv")
    view = area_view(services, links, "Borchester")
    assert view.services == (1, 2)
    assert view.links == (0, 1)  # the link of no services; the link to the blank-area one
    ambridge = area_view(services, links, "Ambridge")
    assert ambridge.links == (0, 1)  # 'A GP' is a-gp's name, as the loader reads it


def test_an_area_with_nothing_in_it_holds_only_the_rows_of_no_area() -> None:
    services, links = sheets()
    assert area_view(services, links, "Nowhere").area == "Nowhere"
    assert area_view(services, links, "Nowhere").services == ()
    assert area_view(services, links, "Nowhere").links == ()


# --- her edits back in the whole sheet -------------------------------------------------


def rows(*names: str) -> Sheet:
    return Sheet(("id",), tuple((n,) for n in names))


def test_edited_rows_go_back_in_place_and_added_ones_at_the_end() -> None:
    whole = rows("a", "b", "c", "d")
    sheet, where = fold(whole, [1, 3], rows("B", "D", "new"), deleted=())
    assert sheet == rows("a", "B", "c", "D", "new")
    assert where == (1, 3, 4)


def test_a_deleted_row_is_gone_and_the_others_move_up() -> None:
    whole = rows("a", "b", "c", "d", "e")
    sheet, where = fold(whole, [1, 3, 4], rows("b", "E", "new"), deleted=[1])
    assert sheet == rows("a", "b", "c", "E", "new")
    assert where == (1, 3, 4)


def test_folding_a_table_of_every_row_gives_the_table() -> None:
    whole = rows("a", "b", "c")
    sheet, where = fold(whole, range(3), rows("a", "c", "x"), deleted=[1])
    assert sheet == rows("a", "c", "x")
    assert where == (0, 1, 2)


def test_nothing_edited_folds_to_the_same_sheet() -> None:
    whole = rows("a", "b", "c")
    assert fold(whole, [0, 2], rows("a", "c"), deleted=()) == (whole, (0, 2))


# --- the page --------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("journeymap.ui.editing.AREA_FROM", 3)
    d = tmp_path / "map"
    d.mkdir()
    (d / "services.csv").write_bytes(SERVICES)
    (d / "links.csv").write_bytes(LINKS)
    return d


def table(at, name: str) -> list[dict[str, object]]:
    editor = next(d for d in at.dataframe if (d.key or "").startswith(f"edit_{name}_"))
    return editor.value.to_dict("records")


def choose(at, area: str):
    at.selectbox(key="edit_area").select(area).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_large_map_opens_on_its_first_area(monkeypatch, folder) -> None:
    at = open_page(monkeypatch, folder)
    assert at.selectbox(key="edit_area").options == [
        "Ambridge",
        "Borchester",
        "Open to every area (national)",
    ]
    assert [r["id"] for r in table(at, "services")] == ["a-gp", "a-tx"]
    assert [(r["from"], r["to"]) for r in table(at, "links")] == [
        ("a-gp", "a-tx"),
        ("a-tx", "b-tx"),
        ("n-line", "a-tx"),
    ]
    choose(at, "Borchester")
    assert [r["id"] for r in table(at, "services")] == ["b-gp", "b-tx"]


def test_a_small_map_has_every_row_and_no_area_to_choose(monkeypatch, folder) -> None:
    monkeypatch.setattr("journeymap.ui.editing.AREA_FROM", 6)
    at = open_page(monkeypatch, folder)
    assert not [s for s in at.selectbox if s.key == "edit_area"]
    assert len(table(at, "services")) == 5


def test_an_edit_in_one_area_is_saved_in_place_and_the_rest_is_untouched(
    monkeypatch, folder
) -> None:
    at = choose(open_page(monkeypatch, folder), "Borchester")
    edit_table(at, "services", edited_rows={"0": {"name": "Borchester surgery"}})
    assert at.selectbox(key="edit_area").disabled  # one area at a time until saved
    button(at, "Save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    smap = load_map(folder)
    assert [s.id for s in smap.services] == ["a-gp", "a-tx", "b-gp", "b-tx", "n-line"]
    assert [s.name for s in smap.services] == [
        "A-GP",
        "A-TX",
        "Borchester surgery",
        "B-TX",
        "N-LINE",
    ]
    assert (folder / "links.csv").read_bytes() == LINKS
    assert not at.selectbox(key="edit_area").disabled


def test_a_row_deleted_and_one_added_in_an_area(monkeypatch, folder) -> None:
    at = choose(open_page(monkeypatch, folder), "Borchester")
    edit_table(
        at,
        "links",
        deleted_rows=[0],  # b-gp -> b-tx
        added_rows=[{"from": "b-tx", "to": "b-gp", "kind": "referral", "formal": "no"}],
    )
    button(at, "Save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    ends = [(k.source, k.target) for k in load_map(folder).links]
    assert ends == [("a-gp", "a-tx"), ("a-tx", "b-tx"), ("n-line", "a-tx"), ("b-tx", "b-gp")]


def test_dropping_her_changes_frees_the_area_choice(monkeypatch, folder) -> None:
    at = choose(open_page(monkeypatch, folder), "Borchester")
    edit_table(at, "services", edited_rows={"1": {"name": "Changed"}})
    assert at.selectbox(key="edit_area").disabled
    button(at, "Drop my unsaved changes").click().run()
    assert not at.selectbox(key="edit_area").disabled
    assert (folder / "services.csv").read_bytes() == SERVICES


def test_a_problem_is_shown_beside_its_row_in_the_area_table(monkeypatch, folder) -> None:
    at = choose(open_page(monkeypatch, folder), "Borchester")
    edit_table(at, "services", edited_rows={"1": {"type": "hospitall"}})
    found = problems(at, "services")
    assert [(p["Row"], p["Row holds"]) for p in found] == [(2, "b-tx – B-TX")]
    assert "Save" in [b.label for b in at.button] and button(at, "Save").disabled


def test_problems_in_another_area_are_counted_there(monkeypatch, folder) -> None:
    (folder / "services.csv").write_bytes(SERVICES.replace(b"b-tx,B-TX,drug", b"b-tx,B-TX,drugz"))
    at = open_page(monkeypatch, folder)  # Ambridge: the problem is in Borchester's rows
    assert problems(at, "services") == []
    assert any("1 more problem is in rows of other areas" in w.value for w in at.warning)
    choose(at, "Borchester")
    assert [p["Row"] for p in problems(at, "services")] == [2]


def test_the_link_form_offers_the_area_and_the_national_services(monkeypatch, folder) -> None:
    at = choose(open_page(monkeypatch, folder), "Borchester")
    assert at.selectbox(key="link_from").options == [
        "B-GP (b-gp)",
        "B-TX (b-tx)",
        "N-LINE (n-line)",
    ]
    new_service_area = [s for s in at.selectbox if (s.key or "").startswith("service_area_")]
    assert [s.value for s in new_service_area] == ["Borchester"]
