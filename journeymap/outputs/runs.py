"""Runs over time: a dated snapshot of the findings and headline figures, kept beside the map,
and the change since the last one (figures before and now; gaps closed, new and still open).

A board asks whether last year's actions worked. `journeymap report --save` (or *Save this
run* in the app) writes `runs/run-YYYY-MM-DDTHH-MM-SS.json` in the map folder: for each local
area its headline figures and the keys (category, subject) of its findings with their
severity and name, nothing else (no evidence text, no journeys). `last_run` reads the newest
back and `trend` compares it with the map as it is now, matching findings by key as the
scenario comparison does. Plain JSON from the standard library: the shape is small and fixed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from journeymap.analyse.metrics import headline
from journeymap.models import Finding, ServiceMap
from journeymap.read.atomic import write_atomic

__all__ = ["RUNS_DIR", "Run", "Trend", "last_run", "run_snapshot", "save_run", "trend"]

RUNS_DIR = "runs"
VERSION = 1
#: The figures kept, as (key, what the board reads).
FIGURES: tuple[tuple[str, str], ...] = (
    ("with_route", "Touchpoints with a route to treatment"),
    ("standards_met", "Standards met"),
    ("persona_gaps", "Groups of women with no safe route"),
    ("high", "High-severity gaps"),
    ("findings", "All gaps"),
)


@dataclass(frozen=True)
class Run:
    """One saved run: when, and per area its figures and its findings' keys."""

    when: str
    areas: dict[str, dict[str, object]]


@dataclass(frozen=True)
class Trend:
    """An area now against the last saved run."""

    area: str
    since: str
    figures: tuple[tuple[str, str, str], ...]
    closed: tuple[str, ...]
    new: tuple[str, ...]
    still_open: int
    #: Findings whose subject is no longer in the map: gone, not fixed (as in DESIGN §7).
    gone: tuple[str, ...] = ()


def _figures(
    smap: ServiceMap, G: nx.MultiDiGraph, findings: Sequence[Finding], area: str
) -> dict[str, int]:
    h = headline(smap, G, findings, area)
    mine = [f for f in findings if f.area == area]
    return {
        "with_route": h.with_route,
        "touchpoints": h.touchpoints,
        "standards_met": h.standards_met,
        "standards_total": h.standards_total,
        "persona_gaps": h.persona_gaps,
        "high": sum(f.severity == "high" for f in mine),
        "findings": len(mine),
    }


def run_snapshot(
    smap: ServiceMap, G: nx.MultiDiGraph, findings: Sequence[Finding], when: dt.datetime
) -> dict[str, object]:
    """The snapshot of every local area as a JSON-ready dict. Cost: a headline per area.

    A finding about one woman's journey (the language of a journey's note) is left out: a run
    outlives a withdrawn journey, so it must not keep her journey's code."""
    journey_codes = {j.code for j in smap.journeys}
    return {
        "version": VERSION,
        "when": when.isoformat(timespec="seconds"),
        "areas": {
            area: {
                "figures": _figures(smap, G, findings, area),
                "findings": [
                    [f.category, f.subject_id, f.severity, f.subject_name]
                    for f in findings
                    if f.area == area and not _about_a_journey(f, journey_codes)
                ],
            }
            for area in smap.area_names()
        },
    }


def _about_a_journey(f: Finding, codes: set[str]) -> bool:
    return f.subject_id.split(" ", 1)[0] in codes and " step " in f.subject_id


def save_run(
    folder: str | Path,
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    when: dt.datetime | None = None,
) -> Path:
    """Write the snapshot into `folder`/runs/ (made if missing), atomically; its path."""
    moment = (when or dt.datetime.now()).replace(microsecond=0)
    runs = Path(folder) / RUNS_DIR
    runs.mkdir(exist_ok=True)
    path = runs / f"run-{moment.isoformat().replace(':', '-')}.json"
    data = json.dumps(run_snapshot(smap, G, findings, moment), ensure_ascii=False, indent=1)
    write_atomic(path, data.encode("utf-8"))
    return path


def last_run(folder: str | Path) -> Run | None:
    """The newest saved run in `folder`/runs/, or None (no run, or none that can be read)."""
    runs = Path(folder) / RUNS_DIR
    if not runs.is_dir():
        return None
    for path in sorted(runs.glob("run-*.json"), reverse=True):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Run(when=str(raw["when"]), areas=dict(raw["areas"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a damaged file is skipped, never fatal: the next older one is used
    return None


def _ratio(figures: dict[str, int], key: str) -> str:
    if key == "with_route":
        return f"{figures.get('with_route', 0)} of {figures.get('touchpoints', 0)}"
    if key == "standards_met":
        return f"{figures.get('standards_met', 0)} of {figures.get('standards_total', 0)}"
    return str(figures.get(key, 0))


#: Findings about the area as a whole (a standard, a persona), never about a removed service.
ABOUT_THE_AREA = frozenset({"standards_gap", "persona_gap", "unmet_need"})


def _said(row: Sequence[object]) -> str:
    return f"{row[3]} ({str(row[0]).replace('_', ' ')})"


def trend(
    run: Run, smap: ServiceMap, G: nx.MultiDiGraph, findings: Sequence[Finding], area: str
) -> Trend | None:
    """The area now against `run` (None when the run did not have the area)."""
    then = run.areas.get(area)
    if not isinstance(then, dict):
        return None
    before: dict[str, int] = dict(then.get("figures", {}))  # type: ignore[call-overload]
    now = _figures(smap, G, findings, area)
    old = {(r[0], r[1]): r for r in then.get("findings", [])}  # type: ignore[attr-defined]
    mine = [f for f in findings if f.area == area]
    current = {(f.category, f.subject_id) for f in mine}
    ids = {sv.id for sv in smap.services}

    def removed(category: str, subject: str) -> bool:
        if category == "journey_barrier":  # "service:barrier": only the service can go
            subject = subject.rsplit(":", 1)[0]
        parts = subject.replace("->", ";").replace(":", ";").split(";")
        return any(p and p not in ids and p not in (area, *smap.area_names()) for p in parts[:2])

    ended = {k: r for k, r in old.items() if k not in current}
    gone = {
        k for k, r in ended.items() if r[0] not in ABOUT_THE_AREA and removed(str(r[0]), str(r[1]))
    }
    return Trend(
        area=area,
        since=run.when.replace("T", " "),
        figures=tuple((what, _ratio(before, key), _ratio(now, key)) for key, what in FIGURES),
        closed=tuple(_said(r) for k, r in ended.items() if k not in gone),
        gone=tuple(_said(r) for k, r in ended.items() if k in gone),
        new=tuple(
            f"{f.subject_name} ({f.category.replace('_', ' ')})"
            for f in mine
            if (f.category, f.subject_id) not in old
        ),
        still_open=sum(k in current for k in old),
    )
