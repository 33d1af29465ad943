"""Analyses on several cores: the same findings, and a failure in another process is told.

`run_jobs` forks only from a process with no other threads, and a test process may have some
(the app's garbage-collection timer, Streamlit's own), so the parallel cases run in a fresh
Python (`fresh`). Processes meet at a barrier or an event instead of sleeping, so the tests do
not depend on how quickly a busy machine starts a process.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
import threading

import pytest

from journeymap.analyse import ANALYSES, analysis_jobs
from journeymap.graph.build import build_graph
from journeymap.models import Finding
from journeymap.read.load import load_map
from journeymap.runtime.parallel import AUTO_LIMIT, PARALLEL_FROM, auto_workers, can_fork, run_jobs

needs_fork = pytest.mark.skipif(not can_fork(), reason="processes are forked only on Linux/BSD")

PRELUDE = """
import json, multiprocessing, os
from journeymap.runtime.parallel import WorkerError, run_jobs
ctx = multiprocessing.get_context("fork")
PARENT = os.getpid()
"""


def fresh(script: str) -> object:
    """Run `script` in a new Python (one thread) and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_fork
def test_results_come_back_in_the_order_of_the_jobs_from_several_processes():
    results = fresh(
        """
        meet = ctx.Barrier(3)
        def job(i):
            def run():
                if i < 3:
                    meet.wait(timeout=120)  # three processes each hold one of the first jobs
                return i, os.getpid()
            return run
        print(json.dumps(run_jobs([job(i) for i in range(6)], 3)))
        """
    )
    assert [i for i, _ in results] == list(range(6))
    assert len({pid for _, pid in results}) == 3  # this process and two others shared them


@needs_fork
def test_a_job_that_fails_in_another_process_is_told_with_its_traceback():
    told = fresh(
        """
        failed = ctx.Event()
        def job():
            if os.getpid() == PARENT:
                failed.wait(timeout=120)  # busy until the other process has failed
                return "fine"
            failed.set()
            raise ValueError("boom in a worker")
        try:
            run_jobs([job, job], 2)
        except WorkerError as exc:
            print(json.dumps(str(exc)))
        """
    )
    assert told.startswith("a job failed in a worker process:")
    assert "ValueError: boom in a worker" in told and "in job" in told


@needs_fork
def test_a_worker_that_dies_is_told_not_waited_for():
    told = fresh(
        """
        died = ctx.Event()
        def job():
            if os.getpid() == PARENT:
                died.wait(timeout=120)
                return "fine"
            died.set()
            os._exit(7)
        try:
            run_jobs([job, job], 2)
        except WorkerError as exc:
            print(json.dumps(str(exc)))
        """
    )
    assert told.startswith("a worker process ended without finishing jobs [")


@needs_fork
def test_the_same_findings_from_several_processes(tmp_path, demo_dir):
    equal = fresh(
        f"""
        from journeymap.analyse import find_gaps
        from journeymap.scenario.compare import compare, comparison_csv
        from journeymap.graph.build import build_graph
        from journeymap.read.load import load_map
        from journeymap.scenario.read import example_scenarios, load_scenario
        from journeymap.read.synth import write_synth
        write_synth({str(tmp_path / "six")!r}, 6, 60, seed=3)
        out = []
        for folder in ({str(demo_dir)!r}, {str(tmp_path / "six")!r}):
            smap = load_map(folder)
            one = find_gaps(smap, build_graph(smap))
            out.append([len(one)] + [
                find_gaps(smap, build_graph(smap), workers=w) == one for w in (2, 3)
            ])
        smap = load_map({str(demo_dir)!r})
        scenario = load_scenario(next(iter(example_scenarios().values())), smap)
        one = comparison_csv(compare(smap, scenario))
        out.append([len(one), comparison_csv(compare(smap, scenario, workers=2)) == one])
        print(json.dumps(out))
        """
    )
    (demo_count, *demo_same), (six_count, *six_same), (compared, compared_same) = equal
    assert demo_count == 101 and six_count > 200
    assert demo_same == six_same == [True, True]
    assert compared > 1000 and compared_same  # a what-if comparison too


def test_with_other_threads_running_the_jobs_run_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert run_jobs([os.getpid] * 3, 3) == [os.getpid()] * 3
    finally:
        stop.set()
        other.join()
    assert run_jobs([], 4) == [] and run_jobs([lambda: 1, lambda: 2], 1) == [1, 2]


def test_how_many_processes_by_size():
    assert auto_workers(PARALLEL_FROM - 1) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    expected = min(AUTO_LIMIT, cores or 1) if can_fork() else 1
    assert auto_workers(PARALLEL_FROM) == expected


def test_persona_gap_is_one_job_per_persona_first(demo_dir):
    smap = load_map(demo_dir)
    jobs = analysis_jobs(smap, build_graph(smap))
    assert len(jobs) == len(smap.personas) + len(ANALYSES) - 1
    first = jobs[0]()
    assert first and {f.subject_id for f in first} == {smap.personas[0].id}


def test_findings_pickle_as_they_were():
    f = Finding(
        area="A",
        category="silo",
        severity="high",
        subject_id="x",
        subject_name="=X",
        finding="f",
        evidence="e",
        suggestion="s",
        source="services.csv",
    )
    back = pickle.loads(pickle.dumps(f))
    assert back == f and back.model_fields_set == f.model_fields_set
    with pytest.raises(ValueError):
        back.area = "B"  # still frozen


def test_the_command_takes_the_number_of_processes_from_the_environment(
    run_cli, demo_dir, monkeypatch
):
    monkeypatch.setenv("JOURNEYMAP_JOBS", "1")
    one = run_cli("report", demo_dir)
    monkeypatch.setenv("JOURNEYMAP_JOBS", "2")
    two = run_cli("report", demo_dir)
    assert one.code == two.code == 0 and one.out == two.out and one.out.count(b"\n") == 102

    for wrong in ("two", "0", "²"):
        monkeypatch.setenv("JOURNEYMAP_JOBS", wrong)
        told = run_cli("report", demo_dir)
        assert told.code == 2 and told.out == b""
        assert told.err == (
            f"journeymap: JOURNEYMAP_JOBS must be a number of processes, 1 or more "
            f"(it is {wrong!r})\n"
        )
