"""The cyclic collector's pause (runtime/gcpause.py): where the objects made during a pause
end up, so that the first allocation after it does not walk them all. Each case runs in a
Python process of its own: freezing objects would change the test process's collector."""

from __future__ import annotations

import subprocess
import sys
import textwrap

MAKE = """
import gc
from journeymap.runtime import gcpause

def make(n):
    return [[i] for i in range(n)]  # lists: the collector tracks every one
"""


def run(body: str) -> str:
    code = MAKE + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_pause_moves_what_it_made_to_the_oldest_generation() -> None:
    out = run(
        """
        with gcpause.gc_paused():
            kept = make(50_000)
        young = gc.get_count()[0]
        old = {id(o) for o in gc.get_objects(generation=2)}
        print(gc.isenabled(), young < 100, all(id(d) in old for d in kept), gc.get_freeze_count())
        """
    )
    assert out == "True True True 0"


def test_after_the_map_is_frozen_a_pause_freezes_what_it_made() -> None:
    # A one-command process: the loaded map is frozen, then the graph is built in a pause.
    out = run(
        """
        gcpause.one_command_process()
        with gcpause.gc_paused():
            loaded = make(20_000)
        gcpause.freeze_loaded()
        frozen = gc.get_freeze_count()
        with gcpause.gc_paused():
            graph = make(50_000)
        print(gc.isenabled(), gc.get_count()[0] < 100, gc.get_freeze_count() - frozen >= 50_000)
        """
    )
    assert out == "True True True"


def test_outside_a_one_command_process_nothing_is_frozen() -> None:
    out = run(
        """
        gcpause.freeze_loaded()
        with gcpause.gc_paused():
            kept = make(1_000)
        print(gc.get_freeze_count())
        """
    )
    assert out == "0"


def test_someone_elses_freeze_is_left_alone() -> None:
    # Objects frozen by other code stay frozen, and what the pause made is not frozen.
    out = run(
        """
        early = make(1_000)
        gc.freeze()
        frozen = gc.get_freeze_count()
        with gcpause.gc_paused():
            kept = make(10_000)
        print(gc.get_freeze_count() == frozen, gc.isenabled())
        """
    )
    assert out == "True True"


def test_pauses_nest_and_the_collector_is_on_again_after_the_outermost() -> None:
    out = run(
        """
        with gcpause.gc_paused():
            with gcpause.gc_paused():
                pass
            inner = gc.isenabled()
        print(inner, gc.isenabled())
        """
    )
    assert out == "False True"


def test_a_collector_switched_off_before_stays_off() -> None:
    out = run(
        """
        gc.disable()
        with gcpause.gc_paused():
            kept = make(100)
        print(gc.isenabled())
        """
    )
    assert out == "False"
