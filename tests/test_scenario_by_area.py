"""The What if…? page on a large map lists one area's services at a time in its boxes
(`scenario_builder.BY_AREA_FROM`, 2,000 services). Here the threshold is lowered so that the
demo map (Ashcombe 35 services, Fenmoor 26, 4 national) is listed by area."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app import page, start

from journeymap.read.load import load_map
from journeymap.scenario.changes import Scenario
from journeymap.vocab import NATIONAL

DEMO = load_map("data/demo")
IDS = {area: [s.id for s in DEMO.services if s.area == area] for area in ("Ashcombe", "Fenmoor")}
NATIONAL_IDS = [s.id for s in DEMO.services if s.area == NATIONAL]
LABEL = {s.id: f"{s.name} ({s.id})" for s in DEMO.services}


@pytest.fixture
def what_if(monkeypatch) -> AppTest:
    monkeypatch.setattr("journeymap.ui.scenario_builder.BY_AREA_FROM", 10)
    return page(start(monkeypatch), "scenarios")


def shown(at: AppTest, key: str) -> list[str]:
    return list(at.selectbox(key=key).options)


def test_the_boxes_list_the_chosen_areas_services_and_the_national_ones(what_if) -> None:
    assert shown(what_if, "sc_pick_area")[:2] == ["Ashcombe", "Fenmoor"]
    expected = [LABEL[i] for i in (*IDS["Ashcombe"], *NATIONAL_IDS)]
    assert shown(what_if, "link_from") == expected
    assert shown(what_if, "offer_service") == expected
    assert shown(what_if, "close_service") == expected
    what_if.selectbox(key="sc_pick_area").select("Fenmoor").run()
    assert shown(what_if, "link_from") == [LABEL[i] for i in (*IDS["Fenmoor"], *NATIONAL_IDS)]


def test_a_link_may_run_to_another_areas_service(what_if) -> None:
    source, target = IDS["Ashcombe"][0], IDS["Fenmoor"][0]
    what_if.selectbox(key="sc_pick_to_area_Ashcombe").select("Fenmoor").run()
    assert shown(what_if, "link_to") == [LABEL[i] for i in (*IDS["Fenmoor"], *NATIONAL_IDS)]
    what_if.selectbox(key="link_from").set_value(source)
    what_if.selectbox(key="link_to").set_value(target)
    what_if.button(key="add_link").click().run()
    assert not what_if.exception, [e.value for e in what_if.exception]
    sc = what_if.session_state["scenario"]
    assert isinstance(sc, Scenario)
    assert [(k.source, k.target) for k in sc.add_link] == [(source, target)]


def test_end_a_link_lists_the_links_to_or_from_the_area(what_if) -> None:
    what_if.selectbox(key="sc_pick_area").select("Fenmoor").run()
    fenmoor = set(IDS["Fenmoor"])
    names = {s.id: s.name for s in DEMO.services}
    expected = [
        f"{names[k.source]} → {names[k.target]} ({k.kind.replace('_', '-')})"
        for k in DEMO.links
        if k.source in fenmoor or k.target in fenmoor
    ]
    assert expected and len(expected) < len(DEMO.links)
    assert shown(what_if, "end_link") == expected


def test_a_map_below_the_size_lists_every_service(monkeypatch) -> None:
    at = page(start(monkeypatch), "scenarios")
    assert not [s for s in at.selectbox if s.key == "sc_pick_area"]
    assert len(shown(at, "link_from")) == len(DEMO.services)
