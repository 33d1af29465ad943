"""What every command shares: exit codes, usage errors, loading a map and writing output."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence

from journeymap.labels import did_you_mean
from journeymap.models import Finding, ServiceMap
from journeymap.read.atomic import write_atomic
from journeymap.read.load import load_map
from journeymap.runtime.gcpause import freeze_loaded
from journeymap.vocab import NATIONAL

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "Command", "UsageError", "summary"]

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

#: A command: the parsed arguments in, the exit code out.
Command = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Wrong use of the command line: exit 2 with this message."""


def _workers(smap: ServiceMap) -> int:
    """Processes to analyse with: $JOURNEYMAP_JOBS, else one per core for a large map."""
    asked = os.environ.get("JOURNEYMAP_JOBS", "").strip()
    if not asked:
        from journeymap.runtime.parallel import auto_workers  # (multiprocessing: not for check)

        return auto_workers(len(smap.services))
    try:
        workers = int(asked)
    except ValueError:
        workers = 0
    if workers < 1:
        raise UsageError(
            f"JOURNEYMAP_JOBS must be a number of processes, 1 or more (it is {asked!r})"
        )
    return workers


def _load(folder: str) -> ServiceMap:
    """Load the map for a command and print its warnings. In the `journeymap` process the
    map is then frozen out of the cyclic collector's sight (`gcpause.freeze_loaded`: else
    the next full collection walks it, 0.1 s within `check` on a national map)."""
    smap = load_map(folder)
    freeze_loaded()
    for warning in smap.warnings:
        print(warning, file=sys.stderr)
    return smap


def _emit(data: bytes, out: str | None) -> None:
    """Write to `out` atomically, or to stdout. Called only once everything has succeeded."""
    if out is None:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (`… | head`): nothing to tell
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _check_area(smap: ServiceMap, area: str | None) -> None:
    areas = [*smap.area_names(), NATIONAL]
    if area is not None and area not in areas:
        fix = did_you_mean(area, areas, otherwise=f"areas: {', '.join(areas)}")
        raise UsageError(f"area '{area}' is not in this map{fix}")


def summary(findings: Sequence[Finding]) -> str:
    """'42 findings: 9 high, 20 medium, 13 low'."""
    by = Counter(f.severity for f in findings)
    return f"{len(findings)} findings: " + ", ".join(
        f"{by[s]} {s}" for s in ("high", "medium", "low")
    )
