"""Analyses on several cores: the same findings, and a failure in another process is told."""

from __future__ import annotations

import os
import pickle
import time

import pytest

from journeymap.analyse import analysis_jobs, find_gaps
from journeymap.graph import build_graph
from journeymap.load import load_map
from journeymap.models import Finding
from journeymap.parallel import (
    AUTO_LIMIT,
    PARALLEL_FROM,
    WorkerError,
    auto_workers,
    can_fork,
    run_jobs,
)
from journeymap.synth import write_synth

needs_fork = pytest.mark.skipif(not can_fork(), reason="processes are forked only on Linux/BSD")
PARENT = os.getpid()


def slow_pid(i: int):
    def job():
        time.sleep(0.2)  # long enough for every process to take a share
        return i, os.getpid()

    return job


def test_one_worker_runs_the_jobs_here_in_order():
    assert run_jobs([slow_pid(i) for i in range(3)], 1) == [(i, PARENT) for i in range(3)]
    assert run_jobs([], 4) == []


@needs_fork
def test_results_come_back_in_the_order_of_the_jobs_from_several_processes():
    results = run_jobs([slow_pid(i) for i in range(6)], 3)
    assert [i for i, _ in results] == list(range(6))
    assert len({pid for _, pid in results}) == 3  # this process and two others shared them


def fails_elsewhere():
    if os.getpid() == PARENT:
        time.sleep(0.5)  # this process takes one job and is busy while the other fails
        return "fine"
    raise ValueError("boom in a worker")


def dies_elsewhere():
    if os.getpid() == PARENT:
        time.sleep(0.5)
        return "fine"
    os._exit(7)


@needs_fork
def test_a_job_that_fails_in_another_process_is_told_with_its_traceback():
    with pytest.raises(WorkerError, match="boom in a worker") as caught:
        run_jobs([fails_elsewhere, fails_elsewhere], 2)
    assert "ValueError" in str(caught.value) and "fails_elsewhere" in str(caught.value)


@needs_fork
def test_a_worker_that_dies_is_told_not_waited_for():
    with pytest.raises(WorkerError, match="ended without finishing jobs"):
        run_jobs([dies_elsewhere, dies_elsewhere], 2)


def test_how_many_processes_by_size():
    assert auto_workers(PARALLEL_FROM - 1) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    expected = min(AUTO_LIMIT, cores or 1) if can_fork() else 1
    assert auto_workers(PARALLEL_FROM) == expected


def test_persona_gap_is_one_job_per_persona_first(demo_dir):
    smap = load_map(demo_dir)
    jobs = analysis_jobs(smap, build_graph(smap))
    assert len(jobs) == len(smap.personas) + 10  # the ten other analyses, one job each
    first = jobs[0]()
    assert first and {f.subject_id for f in first} == {smap.personas[0].id}


@needs_fork
@pytest.mark.parametrize("workers", [2, 3])
def test_the_same_findings_from_several_processes(tmp_path, demo_dir, workers):
    write_synth(tmp_path / "six", 6, 60, seed=3)
    for folder in (demo_dir, tmp_path / "six"):
        smap = load_map(folder)
        one = find_gaps(smap, build_graph(smap))
        many = find_gaps(smap, build_graph(smap), workers=workers)
        assert len(one) > 50 and many == one


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
    assert one.code == two.code == 0 and one.out == two.out and one.out.count(b"\n") == 98

    monkeypatch.setenv("JOURNEYMAP_JOBS", "two")
    wrong = run_cli("report", demo_dir)
    assert wrong.code == 2 and wrong.out == b""
    assert wrong.err == (
        "journeymap: JOURNEYMAP_JOBS must be a number of processes, 1 or more (it is 'two')\n"
    )
