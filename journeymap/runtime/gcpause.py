"""Pause Python's cyclic garbage collector while a large map is built.

Loading a national map makes a few hundred thousand objects in a row (rows, models, graph
nodes and edges, findings), none of them in reference cycles. Each time the collector runs it
walks every object made so far, so with it on, loading time grows faster than the map: measured
on the 150-area benchmark map, `parse_map` took 8.2 s with the collector on and 3.2 s with it
paused. Reference counting still frees everything as usual; the collector runs again as soon
as the work is done.

When the last pause ends, what was made during it is moved straight to the oldest generation
(`gc.freeze()` then `gc.unfreeze()`, both O(1)) before the collector is switched back on.
Otherwise the first allocation after the pause runs a young-generation collection that walks
every object made during it: 0.15–0.2 s after loading the national map, whose models all
live on. They are still collected with the oldest generation when they become garbage
(reference counting frees the rest at once, as always). Not done when something else has
frozen objects (`gc.get_freeze_count()`), whose freeze would be undone.

Pauses nest and are safe across threads (Streamlit runs each session in a thread): the
collector is switched off by the first pause and back on by the last one to end, and only if
it was on to begin with.

The app also runs a full collection on a timer (`collect_every`), in place of Streamlit's
collection after every page run, which walked every object of the cached maps each time.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = [
    "collect_every",
    "freeze_loaded",
    "gc_paused",
    "one_command_process",
    "without_gc",
]

_lock = threading.Lock()
_depth = 0
_was_enabled = False

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Inside the block the cyclic collector does not run (reference counting still does)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                _age_all()
                gc.enable()


def _age_all() -> None:
    """Move every tracked object to the oldest generation without walking them (see the
    module), unless objects are frozen by someone else. Once `freeze_loaded` has frozen the
    map of a one-command process, what was made since (the graph, the findings) is frozen
    with it instead: left in the youngest generation, the first allocation after the pause
    walked it all (0.08 s after the graph of a national map), and asking for the freeze
    count walks every frozen object (0.015 s each time)."""
    if _frozen:
        gc.freeze()
    elif gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run `func` with the cyclic collector paused (see `gc_paused`)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return func(*args, **kwargs)

    return wrapper


_one_command = False
_frozen = False


def one_command_process() -> None:
    """Say that this process ends when its one command does (the `journeymap` entry point,
    which then ends at once): what it loads may be frozen (`freeze_loaded`)."""
    global _one_command
    _one_command = True


def freeze_loaded() -> None:
    """In a one-command process, take every object made so far (the map just loaded) out
    of the cyclic collector's sight for good (`gc.freeze`): the map lives until the command
    ends, and each full collection after the load would otherwise walk its million objects
    again (0.1 s each on a national map). What later pauses make (the graph, the findings)
    is frozen with it as each ends (`_age_all`). Reference counting still frees what is
    dropped. Elsewhere (the app, tests, a notebook calling `main`) it does nothing: there a
    map must be collectable once dropped."""
    global _frozen
    if _one_command:
        gc.freeze()
        _frozen = True


_timer: threading.Thread | None = None


def collect_every(seconds: float) -> threading.Thread:
    """Start (once per process) a background thread that runs a full collection every
    `seconds`; returns it.

    Why: the app turns off Streamlit's full collection after every page run
    (`.streamlit/config.toml`: it was most of a run's CPU). Without any, a closed tab's
    session, with the map it uploaded, is in reference cycles and could stay in memory until
    Python happened to collect; PRIVACY.md promises it is gone soon after the tab closes.
    """
    global _timer
    with _lock:
        if _timer is None:
            _timer = threading.Thread(
                target=collect_until,
                args=(seconds, threading.Event()),
                name="journeymap-gc",
                daemon=True,
            )
            _timer.start()
        return _timer


def collect_until(seconds: float, stop: threading.Event) -> None:
    """A full collection every `seconds` until `stop` is set (the body of `collect_every`)."""
    while not stop.wait(seconds):
        gc.collect()
