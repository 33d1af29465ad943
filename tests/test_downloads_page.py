"""The Downloads page, run headless with AppTest on the demo map.

The page makes each file only when its button is clicked (a callable handed to Streamlit's
media file manager). AppTest does not click through to the download, so the test records those
callables, calls them, and compares the bytes with what `journeymap export` and the board report
function make: the page and the command line must serve the same files.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journeymap import build_graph, find_gaps, load_map
from journeymap.outputs.brief import board_report
from journeymap.workshop.board import board_extras

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "journeymap/ui/pages/downloads.py"
TIMEOUT = 60


def open_page(monkeypatch) -> AppTest:
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setattr("sys.argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_every_format_and_the_board_report_are_offered(monkeypatch, served, run_cli, tmp_path):
    at = open_page(monkeypatch)
    assert {b.proto.deferred_file_id != "" for b in at.get("download_button")} == {True}
    assert at.title[0].value == "Downloads"
    assert labels(at) == [
        "Download the board report (HTML)",
        "Download GraphML",
        "Download GEXF",
        "Download JSON",
        "Download Kumu (zip)",
        "Download Excel workbook",
    ]
    for fmt, name in [
        ("graphml", "journeymap-map.graphml"),
        ("gexf", "journeymap-map.gexf"),
        ("json", "journeymap-map.json"),
        ("kumu", "journeymap-map.zip"),
    ]:
        out = tmp_path / name
        assert run_cli("export", "data/demo", "--format", fmt, "--out", out).code == 0
        assert served.bytes_of(name) == out.read_bytes(), fmt
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(served.bytes_of("journeymap-map.xlsx")))
    assert book.sheetnames == ["Services", "Links", "Gap report"]


def test_the_board_report_for_one_area(monkeypatch, served):
    at = open_page(monkeypatch)
    at.selectbox(key="downloads_area").set_value("Fenmoor").run()
    assert not at.exception
    smap = load_map("data/demo")
    G = build_graph(smap)
    findings = find_gaps(smap, G)
    plans, women = board_extras(smap, findings, ["Fenmoor"])
    expected = board_report(
        smap,
        G,
        findings,
        areas=["Fenmoor"],
        title="the demo map",
        today=dt.date.today(),
        plans=plans,
        women=women,
    )
    assert served.bytes_of("board-report-fenmoor.html") == expected.encode("utf-8")
    everything = served.bytes_of("board-report-all-areas.html").decode()
    assert 'data-area="Ashcombe"' in everything and 'data-area="Fenmoor"' in everything


def test_without_openpyxl_the_page_says_how_to_get_the_workbook(monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    at = open_page(monkeypatch)
    assert "Download Excel workbook" not in labels(at)
    assert "Download GraphML" in labels(at)
    assert any("pip install 'journeymap[xlsx]'" in i.value for i in at.info)
