"""The synthetic map generator and the scale benchmark keep working (small sizes, a few seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from journeymap import find_gaps, load_map, parse_map
from journeymap.graph.build import build_graph
from journeymap.read.synth import synth_files, write_synth
from journeymap.read.write import map_files
from journeymap.vocab import NATIONAL, TREATMENT_TYPES

ROOT = Path(__file__).resolve().parent.parent


def test_same_seed_same_bytes_in_another_process():
    here = synth_files(4, 40, seed=7)
    code = (
        "import sys, hashlib; from journeymap.read.synth import synth_files; "
        "f = synth_files(4, 40, seed=7); "
        "sys.stdout.write(''.join(k + hashlib.sha256(v).hexdigest() for k, v in sorted(f.items())))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},  # set order differs from this process
    )
    import hashlib

    assert done.stdout == "".join(
        k + hashlib.sha256(v).hexdigest() for k, v in sorted(here.items())
    )
    assert synth_files(4, 40, seed=8) != here


def test_a_synthetic_map_loads_cleanly_and_writes_back_the_same():
    files = synth_files(6, 60, seed=3)
    smap = parse_map(files)
    assert not smap.warnings
    assert len(smap.areas) == 6 and len(smap.area_names()) == 6
    assert len([s for s in smap.services if s.area != NATIONAL]) == 6 * 60
    written = map_files(smap)  # the contract's own writer gives the very same files
    assert written["services.csv"] == files["services.csv"]
    assert written["links.csv"] == files["links.csv"]
    assert written["areas.csv"] == files["areas.csv"]
    assert written["journeys.csv"] == files["journeys.csv"]


def test_proportions_look_like_a_real_map():
    smap = parse_map(synth_files(20, 300, seed=1))
    services, links = smap.services, smap.links
    assert 2.7 < len(links) / len(services) < 3.3  # about 130,000 links for 45,000 services
    types = Counter(s.type for s in services)
    assert types["gp"] > types["drug_alcohol_treatment"] * 5
    assert sum(types[t] for t in TREATMENT_TYPES) / len(services) < 0.05
    kinds = Counter(k.kind for k in links)
    assert kinds["referral"] > kinds["joint_working"] > 0 and kinds["co_location"] > 0
    formal = sum(k.formal for k in links) / len(links)
    assert 0.4 < formal < 0.9
    national = [s for s in services if s.area == NATIONAL]
    assert any(s.type == "residential_rehab" for s in national)
    areas = {a.area: a for a in smap.areas}
    assert all(a.estimated_women_need and a.women_in_treatment is not None for a in areas.values())
    assert smap.journeys
    # Areas differ: some have every touchpoint linked, some have silos and missed chances.
    findings = find_gaps(smap, build_graph(smap))
    by_area = Counter(f.area for f in findings if f.category in ("silo", "missed_opportunity"))
    assert len(by_area) >= 5 and max(by_area.values()) > 3 * min(by_area.values())


def test_synth_command_writes_a_map_and_checks_its_arguments(run_cli, tmp_path):
    result = run_cli(
        "synth", "--areas", "3", "--per-area", "20", "--seed", "2", "--out", tmp_path / "m"
    )
    assert result.code == 0, result.err
    assert "3 areas" in result.err
    assert len(load_map(tmp_path / "m").area_names()) == 3
    bad = run_cli("synth", "--areas", "0", "--out", tmp_path / "x")
    assert bad.code == 2 and "--areas must be 1 or more" in bad.err
    small = run_cli("synth", "--areas", "2", "--per-area", "3", "--out", tmp_path / "x")
    assert small.code == 2 and "--per-area must be 5 or more" in small.err
    assert not (tmp_path / "x").exists()  # nothing written on a usage error


def test_write_synth_reports_rows(tmp_path):
    rows = write_synth(tmp_path, 2, 10, seed=0, journeys=3)
    assert rows["areas.csv"] == 2 and rows["services.csv"] >= 20
    steps = (tmp_path / "journeys.csv").read_text().splitlines()[1:]
    assert len({line.split(",")[0] for line in steps}) == 3


def test_the_benchmark_runs_on_a_small_map(tmp_path):
    out = tmp_path / "table.md"
    script = str(ROOT / "benchmarks" / "bench_scale.py")
    # Lean maps only (the kind the national targets are measured on): each kind runs six
    # processes per size, and synth's own maps are checked by the tests above.
    small = ["--areas", "1", "2", "--per-area", "25", "--repeat", "1", "--maps", "lean"]
    small += ["--out", str(out)]
    done = subprocess.run(
        [sys.executable, script, *small],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    table = out.read_text()
    for step in ("floor", "load", "graph", "persona_gap", "whole report", "journeymap report"):
        assert step in table
    assert "peak memory" in table and "× floor" in table
