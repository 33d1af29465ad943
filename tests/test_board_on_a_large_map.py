"""A board report of every area of a large map leaves the plans out (each would run every
analysis of the whole map once per change it tries: hours for a national map's 150 areas)
and says how to make one; an area asked for by name still gets its plan. Here the size is
lowered to the demo map's 65 services."""

from __future__ import annotations

from journeymap import build_graph, find_gaps, load_map
from journeymap.workshop import board
from journeymap.workshop.board import board_extras

DEMO = load_map("data/demo")
FINDINGS = find_gaps(DEMO, build_graph(DEMO))


def test_below_the_size_every_area_gets_its_plan() -> None:
    plans, _ = board_extras(DEMO, FINDINGS)
    assert sorted(plans) == ["Ashcombe", "Fenmoor"]


def test_on_a_large_map_only_an_area_asked_for_gets_a_plan(monkeypatch) -> None:
    monkeypatch.setattr(board, "PLAN_EVERY_AREA_BELOW", 10)
    plans, women = board_extras(DEMO, FINDINGS)
    assert plans == {} and women  # what women said is still there
    plans, _ = board_extras(DEMO, FINDINGS, ["Fenmoor"])
    assert list(plans) == ["Fenmoor"] and plans["Fenmoor"].proposals


def test_the_report_of_every_area_says_how_to_make_a_plan(monkeypatch, run_cli, demo_dir):
    monkeypatch.setattr(board, "PLAN_EVERY_AREA_BELOW", 10)
    done = run_cli("brief", demo_dir)
    assert done.code == 0
    html = done.out.decode()
    assert html.count("No plan was made for this report") == 2
    assert "<code>journeymap brief --area</code> makes one" in html
    with_plan = run_cli("brief", demo_dir, "--area", "Fenmoor").out.decode()
    assert "No plan was made" not in with_plan and '<ol class="recommendations">' in with_plan
