"""The Plan page, run headless with AppTest on the demo map: the proposals in order, and one
opened on the What if…? page, where it closes what the plan said."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app import page, start
from test_scenario_page import frame

from journeymap.scenario.changes import Scenario

TIMEOUT = 120


@pytest.fixture
def plan_page(monkeypatch) -> AppTest:
    at = start(monkeypatch)
    at.default_timeout = TIMEOUT  # the plan tries every change: allow for a busy machine
    return page(at, "plan")


def test_the_plan_page_lists_the_proposals_in_order(plan_page):
    at = plan_page
    at.selectbox(key="plan_area").set_value("Fenmoor").run()
    assert not at.exception
    table = frame(at, "plan_table")
    assert list(table["#"]) == list(range(1, len(table) + 1))
    assert any("Fenmoor Women's Centre" in c for c in list(table["Change"])[:3])
    assert set(table["Rough cost"]) <= {"low", "medium", "high"}
    assert "Coventry" in set(table["Done in"])


def test_a_proposal_opens_on_the_what_if_page(plan_page):
    at = plan_page
    at.selectbox(key="plan_area").set_value("Fenmoor").run()
    table = frame(at, "plan_table")
    rank = next(int(r["#"]) for _, r in table.iterrows() if "Fenmoor Women's Centre" in r["Change"])
    closes = int(table.loc[table["#"] == rank, "Closes"].iloc[0])
    at.button(key=f"plan_open_{rank}").click().run()
    assert not at.exception
    sc = at.session_state["scenario"]
    assert isinstance(sc, Scenario)
    assert [(k.source, k.target, k.kind) for k in sc.add_link] == [
        ("fen-treatment", "fen-womens-centre", "co_location")
    ]
    assert at.title[0].value == "What if…?"
    resolved = frame(at, "sc_resolved")
    assert len(resolved) == closes
