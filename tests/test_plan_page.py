"""The Plan page, run headless with AppTest on the demo map: the proposals in order, and one
opened on the What if…? page, where it closes what the plan said."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_scenario_page import frame

from journeymap.scenario.changes import Scenario

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "journeymap/ui/pages/plan.py"
TIMEOUT = 120


@pytest.fixture
def plan_page(monkeypatch) -> AppTest:
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setattr("sys.argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


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
