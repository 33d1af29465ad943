"""The Edit map benchmark keeps working (one round, a few seconds) and never touches the demo."""

from __future__ import annotations

import sys
from pathlib import Path

from journeymap.read.load import read_folder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_edit  # noqa: E402


def test_one_round_times_every_interaction_on_a_copy_of_the_demo():
    demo = read_folder(ROOT / "data" / "demo")
    argv = list(sys.argv)
    results = bench_edit.bench(repeat=1)
    assert sys.argv == argv  # put back for the tests after it
    assert list(results) == [
        "edit: change a cell",
        "edit: add a link (form)",
        "edit: save (write, history, new map analysed)",
        "page: edit → network (after the save)",
        "page: network → edit",
        "edit: undo",
    ]
    assert all(len(times) == 1 and times[0] > 0 for times in results.values())
    assert read_folder(ROOT / "data" / "demo") == demo
    assert not (ROOT / "data" / "demo" / "history").exists()
