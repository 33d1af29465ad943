"""Runs over time: a saved run, a change to the map and a second run show the trend in the
board paper (figures then and now; gaps closed, new, gone) and on the Overview page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_scenario_page import frame

from journeymap.analyse import find_gaps
from journeymap.cli import main
from journeymap.graph.build import build_graph
from journeymap.outputs.runs import last_run, save_run, trend
from journeymap.read.load import load_map
from journeymap.resources import DATA_DIR
from journeymap.scenario.apply import apply_scenario
from journeymap.scenario.changes import Scenario

ROOT = Path(__file__).resolve().parent.parent
CO_LOCATION = "fen-treatment,fen-womens-centre,co_location,,yes,weekly session\n"


@pytest.fixture
def mapdir(tmp_path):
    folder = tmp_path / "mymap"
    shutil.copytree(DATA_DIR / "demo", folder)
    return folder


def test_a_saved_run_a_change_and_a_second_run_show_the_trend(mapdir, tmp_path, capsys):
    assert main(["report", str(mapdir), "--save", "--out", str(tmp_path / "gaps.csv")]) == 0
    assert "Saved this run as" in capsys.readouterr().err
    saved = list((mapdir / "runs").glob("run-*.json"))
    assert len(saved) == 1
    kept = json.loads(saved[0].read_text(encoding="utf-8"))
    assert set(kept["areas"]) == {"Ashcombe", "Fenmoor"}
    assert "evidence" not in saved[0].read_text(encoding="utf-8")  # keys and figures only
    with (mapdir / "links.csv").open("a", encoding="utf-8") as f:
        f.write(CO_LOCATION)
    out = tmp_path / "board.html"
    assert main(["brief", str(mapdir), "--area", "Fenmoor", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    part = html[html.index('class="trend"') : html.index('class="recommendations"')]
    assert "Since the last saved run" in part
    assert (
        "<td>Touchpoints with a route to treatment</td><td>19 of 25</td><td>22 of 25</td>" in part
    )
    assert "6 gaps closed, 2 new, 0 gone" in part  # as the example scenario promises
    assert "Fenmoor Women&#39;s Centre (missed opportunity)" in part


def test_trend_tells_a_removed_service_as_gone_not_closed(mapdir):
    smap = load_map(mapdir)
    G = build_graph(smap)
    save_run(mapdir, smap, G, find_gaps(smap, G))
    after = apply_scenario(smap, Scenario(name="x", remove_service=("fen-housing-2",))).smap
    H = build_graph(after)
    run = last_run(mapdir)
    assert run is not None
    t = trend(run, after, H, find_gaps(after, H), "Fenmoor")
    assert t is not None
    assert any(g.startswith("Saltings Supported Lodgings") for g in t.gone)
    assert not any(c.startswith("Saltings Supported Lodgings") for c in t.closed)


def test_a_journey_barrier_that_ends_is_closed_not_gone(mapdir):
    """Its subject is "service:barrier": the barrier code is not a removed service."""
    smap = load_map(mapdir)
    G = build_graph(smap)
    before = find_gaps(smap, G)
    assert any(f.category == "journey_barrier" for f in before)
    save_run(mapdir, smap, G, before)
    after = smap.model_copy(update={"journeys": ()})  # the journeys no longer show the barrier
    t = trend(last_run(mapdir), after, G, find_gaps(after, G), "Fenmoor")  # type: ignore[arg-type]
    assert t is not None and t.gone == ()
    assert any(c.endswith("(journey barrier)") for c in t.closed)


def test_a_run_keeps_no_journey_code(mapdir):
    """A finding about a journey's note is left out of the snapshot: runs outlive a withdrawal."""
    smap = load_map(mapdir)
    journeys = smap.journeys
    note = journeys[0].steps[0].model_copy(update={"note": "they wrote I was refusing to engage"})
    first = journeys[0].model_copy(update={"steps": (note, *journeys[0].steps[1:])})
    smap = smap.model_copy(update={"journeys": (first, *journeys[1:])})
    G = build_graph(smap)
    found = find_gaps(smap, G)
    assert any(first.code in f.subject_id for f in found)  # the language finding names it
    saved = save_run(mapdir, smap, G, found)
    assert first.code not in Path(saved).read_text(encoding="utf-8")


def test_no_saved_run_means_no_trend_and_a_damaged_file_is_skipped(mapdir):
    assert last_run(mapdir) is None
    (mapdir / "runs").mkdir()
    (mapdir / "runs" / "run-2099-01-01T00-00-00.json").write_text("{not json", encoding="utf-8")
    assert last_run(mapdir) is None


def test_the_overview_saves_a_run_and_shows_the_change(monkeypatch, mapdir):
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setattr("sys.argv", ["app.py", "--map", str(mapdir)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    at.selectbox(key="overview_area").set_value("Fenmoor").run()
    at.button(key="runs_save").click().run()
    assert not at.exception
    assert last_run(mapdir) is not None
    with (mapdir / "links.csv").open("a", encoding="utf-8") as f:
        f.write(CO_LOCATION)
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    again.selectbox(key="overview_area").set_value("Fenmoor").run()
    assert not again.exception
    table = frame(again, "runs_trend")
    row = table[table["Figure"] == "Touchpoints with a route to treatment"].iloc[0]
    assert (row["Then"], row["Now"]) == ("19 of 25", "22 of 25")
