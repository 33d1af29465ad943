"""Run independent jobs on several cores: results in the order of the jobs.

Why: the analyses are plain functions of one map and one graph, and on a national map they are
most of a report's time, on one core while the others idle. Processes made with `fork` start
with the map and the graph already in memory (shared, copied only where written), so nothing
is sent to them; only each job's result travels back, through a pipe.

Jobs are dealt out as processes become free (put the large ones first), this process taking
its share, so `workers` processes use `workers` cores. The jobs run here, one after the other,
with `workers <= 1`; where `fork` is not the safe way to start processes (Windows, macOS); and
when this process has other threads running (the Streamlit server, say), since a forked copy
of a threaded process may find a lock held by a thread that does not exist in it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

__all__ = ["WorkerError", "auto_workers", "can_fork", "run_jobs"]

T = TypeVar("T")

#: Maps with fewer services are analysed in one process. A second process costs about 0.15 s
#: of CPU in each (the pages of the map and the graph that either touches are copied on first
#: write: some 40,000 page faults each on a national map) and its findings are pickled back;
#: the analyses take about 40 µs per service (after issue 18: 1.7 s on 45,000 services, 0.12 s
#: on 3,000, where two processes took 0.35 s wall against 0.15–0.28 s for one). So it pays
#: from about 10,000 services.
PARALLEL_FROM = 10_000
#: At most this many processes unless asked for more: each may come to hold a copy of part
#: of the map (pages are shared until written), and the gain flattens past a few.
AUTO_LIMIT = 4


class WorkerError(RuntimeError):
    """A job failed in another process, or the process ended; the message says which."""


def auto_workers(services: int) -> int:
    """How many processes to analyse a map of `services` services with: one per core this
    process may use, up to `AUTO_LIMIT`, for maps of `PARALLEL_FROM` services or more."""
    if services < PARALLEL_FROM or not can_fork():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(AUTO_LIMIT, cores or 1))


def can_fork() -> bool:
    """True where processes can safely be started with `fork` (Linux and FreeBSD)."""
    return sys.platform.startswith(("linux", "freebsd")) and hasattr(os, "fork")


def run_jobs(jobs: Sequence[Callable[[], T]], workers: int) -> list[T]:
    """Each job's result, in the order of `jobs`, using up to `workers` processes.

    Cost: the jobs' own time divided among the processes, plus a fork per extra process
    (milliseconds, as memory is shared) and pickling each result back.
    """
    extra = min(workers, len(jobs)) - 1
    if extra < 1 or not can_fork() or threading.active_count() > 1:
        return [job() for job in jobs]
    ctx = multiprocessing.get_context("fork")
    try:
        counter = ctx.Value("i", 0)  # needs POSIX semaphores, which some containers lack
    except OSError:
        return [job() for job in jobs]
    parent = os.getpid()

    def take() -> int:
        with counter.get_lock():
            i = int(counter.value)
            counter.value = i + 1
        return i

    def serve(conn: Connection) -> None:
        # Results are sent at the end, all at once: a send blocks once the pipe is full until
        # this process reads, and it reads only when its own share is done.
        done: dict[int, Any] = {}
        error = None
        try:
            while os.getppid() == parent and (i := take()) < len(jobs):
                done[i] = jobs[i]()
        except BaseException:
            error = traceback.format_exc()
        with contextlib.suppress(OSError):  # the first process may have stopped waiting
            conn.send(({} if error else done, error))
        conn.close()

    children = []
    for _ in range(extra):
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=serve, args=(send,), daemon=True)
        child.start()
        send.close()  # so that `recv` ends when the child has gone
        children.append((child, receive))

    results: dict[int, Any] = {}
    try:
        while (i := take()) < len(jobs):
            results[i] = jobs[i]()
        for child, receive in children:
            _collect(receive, results)
            child.join()
    finally:
        for child, receive in children:
            if child.is_alive():  # stopped early (an error, Ctrl+C): end the others first
                child.kill()
                child.join()
            receive.close()
    if len(results) != len(jobs):
        missing = sorted(set(range(len(jobs))) - set(results))
        raise WorkerError(f"a worker process ended without finishing jobs {missing}")
    return [results[i] for i in range(len(jobs))]


def _collect(receive: Connection, results: dict[int, Any]) -> None:
    """Read one child's results (nothing if it ended without sending them)."""
    try:
        done, error = receive.recv()
    except EOFError:
        return
    if error is not None:
        raise WorkerError(f"a job failed in a worker process:\n{error}")
    results.update(done)
