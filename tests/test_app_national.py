"""The app on a map of many areas stays usable: area picker first, one area drawn at a time,
WebGL for a large area, the analysis done once and shared by every page.

A 150-area map takes about half a minute to analyse on a 2-core machine (see
benchmarks/README.md), too long for every test run; these tests use synthetic maps of the
same shape (many areas, national services) at a size the suite can afford: 40 areas for the
pickers and pages, and 2 areas of 1,000 services for the drawing of a large area.
"""

from __future__ import annotations

import json
import time

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, TIMEOUT, page

from journeymap.analyse import find_gaps
from journeymap.read.synth import write_synth
from journeymap.ui import state


def open_app(monkeypatch, folder) -> AppTest:
    monkeypatch.setattr("sys.argv", ["app.py", "--map", str(folder)])
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def drawn_points(at: AppTest) -> int:
    """Services drawn on the page's plotly figures: distinct marker positions (a women-only
    service has a ring drawn over its marker, at the same place)."""
    points = set()
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace.get("mode", "").startswith("markers") and trace.get("x"):
                points.update(zip(trace["x"], trace["y"], strict=True))
    return len(points)


def chart_types(at: AppTest) -> set[str]:
    return {
        trace.get("type", "scatter")
        for chart in at.get("plotly_chart")
        for trace in json.loads(chart.proto.spec)["data"]
    }


@pytest.fixture(scope="module")
def many_areas(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national") / "map"
    write_synth(folder, areas=40, per_area=40, seed=5)
    return folder


def test_many_areas_open_with_an_area_picker_and_one_area_drawn(monkeypatch, many_areas):
    calls = []
    real = state.find_gaps

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(state, "find_gaps", counted)
    at = open_app(monkeypatch, many_areas)
    assert not at.exception, [e.value for e in at.exception]
    areas = at.selectbox(key="overview_area").options
    assert len(areas) == 40  # one picker of areas, not a page per area

    page(at, "network")
    picker = at.selectbox(key="network_area")
    assert len(picker.options) == 41  # the 40 areas and 'national'
    one_area = drawn_points(at)
    assert 0 < one_area < 200  # 40 services and the national ones, not 1,600+
    picker.select(picker.options[7]).run()
    assert not at.exception
    assert 0 < drawn_points(at) < 200

    started = time.perf_counter()
    for name in ("overview", "gaps", "standards", "service", "personas", "journeys"):
        page(at, name)
        assert drawn_points(at) < 200, name
    assert time.perf_counter() - started < 60
    assert len(calls) == 1  # every page reads the one cached analysis


def test_a_large_area_is_drawn_with_webgl(monkeypatch, tmp_path):
    folder = tmp_path / "big"
    write_synth(folder, areas=2, per_area=1000, seed=2)
    at = open_app(monkeypatch, folder)
    assert not at.exception
    page(at, "network")
    assert "scattergl" in chart_types(at)
    assert drawn_points(at) <= 1000 + 10  # one area and the national services


def test_the_gap_table_holds_every_finding_of_a_national_map(monkeypatch, many_areas):
    from journeymap.graph.build import build_graph
    from journeymap.read.load import load_map

    smap = load_map(many_areas)
    findings = find_gaps(smap, build_graph(smap))
    at = open_app(monkeypatch, many_areas)
    page(at, "gaps")
    assert len(findings) > 400
    assert at.caption[0].value.startswith(f"{len(findings)} of {len(findings)} findings.")
    assert len(at.dataframe[0].value) == len(findings)
