"""On a large map the Plan page works the plan out only when asked (each change is tried by
running every analysis again: minutes on a national map), and the Actions page offers the
plan's changes only once it has been made. Run on the demo map with the size limit lowered."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app import start
from test_scenario_page import frame


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.setattr("journeymap.ui.plans.ASK_FROM", 10)  # the demo's 65 services: large
    at = start(monkeypatch)
    at.default_timeout = 120  # working out the plan: allow for a busy machine
    assert not at.exception
    return at


def plan_labels(at: AppTest) -> list[str]:
    return [o for o in at.selectbox(key="actions_about").options if o.startswith("plan · ")]


def test_the_plan_waits_to_be_asked_for_and_then_reaches_the_actions_page(app):
    app.switch_page("journeymap/ui/pages/actions.py").run()
    app.selectbox(key="actions_area").set_value("Fenmoor").run()
    assert plan_labels(app) == []
    assert any("once the Plan page has worked them out" in c.value for c in app.caption)

    app.switch_page("journeymap/ui/pages/plan.py").run()
    app.selectbox(key="plan_area").set_value("Fenmoor").run()
    assert not app.get("dataframe")
    assert "the plan is worked out only when you ask" in app.info[0].value
    app.button(key="plan_make").click().run()
    assert not app.exception
    table = frame(app, "plan_table")
    assert any("Fenmoor Women's Centre" in c for c in table["Change"])

    app.switch_page("journeymap/ui/pages/actions.py").run()
    assert len(plan_labels(app)) == len(table)


def test_a_large_maps_board_report_has_the_plan_once_it_was_worked_out(app, served, monkeypatch):
    """The Downloads page's report of one area takes the plan made on the Plan page, and
    before that leaves it out (rather than hold the download for minutes)."""
    from journeymap.runtime.parallel import run_jobs
    from journeymap.scenario import plan as plan_module

    made: list[str] = []
    monkeypatch.setattr(
        plan_module, "run_jobs", lambda jobs, workers: made.append("plan") or run_jobs(jobs, 1)
    )
    app.switch_page("journeymap/ui/pages/downloads.py").run()
    app.selectbox(key="downloads_area").set_value("Fenmoor").run()
    assert any("once the plan has been worked out on the Plan page" in c.value for c in app.caption)
    before = served.bytes_of("board-report-fenmoor.html").decode()
    assert "No plan was made for this report" in before and made == []

    app.switch_page("journeymap/ui/pages/plan.py").run()
    app.selectbox(key="plan_area").set_value("Fenmoor").run()
    app.button(key="plan_make").click().run()
    assert not app.exception and made
    app.switch_page("journeymap/ui/pages/downloads.py").run()
    app.selectbox(key="downloads_area").set_value("Fenmoor").run()
    after = served.bytes_of("board-report-fenmoor.html").decode()
    assert "No plan was made" not in after and '<ol class="recommendations">' in after
