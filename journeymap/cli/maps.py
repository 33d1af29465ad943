"""The commands that read a map and write what it shows: check, report, standards, synth,
export, brief and compare (`check` itself lives in `cli.check`, which imports only the read
stage)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journeymap.analyse import find_gaps
from journeymap.cli.check import cmd_check
from journeymap.cli.common import (
    EXIT_OK,
    UsageError,
    _check_area,
    _emit,
    _load,
    _workers,
    summary,
)
from journeymap.graph.build import build_graph
from journeymap.outputs.export import MissingExtra, write_export
from journeymap.outputs.report import report_csv

__all__ = [
    "cmd_brief",
    "cmd_check",
    "cmd_compare",
    "cmd_export",
    "cmd_report",
    "cmd_standards",
    "cmd_synth",
]


def cmd_report(args: argparse.Namespace) -> int:
    smap = _load(args.map_dir)
    _check_area(smap, args.area)
    G = build_graph(smap)
    everything = find_gaps(smap, G, workers=_workers(smap))
    findings = [f for f in everything if f.area == args.area] if args.area else everything
    _emit(report_csv(findings, smap.actions), args.out)
    if args.out:
        print(f"Wrote {summary(findings)} to {args.out}", file=sys.stderr)
    if args.save:
        from journeymap.outputs.runs import save_run

        if not Path(args.map_dir).is_dir():
            raise UsageError("--save keeps the run beside the map: give a map folder")
        try:
            path = save_run(args.map_dir, smap, G, everything)
        except OSError as exc:
            raise UsageError(f"cannot save the run: {exc.strerror or exc}") from exc
        print(f"Saved this run as {path}", file=sys.stderr)
    return EXIT_OK


def cmd_standards(args: argparse.Namespace) -> int:
    """The minimum-standards scorecard of each area, as text: one line per standard."""
    from journeymap.analyse.standards import scorecard

    smap = _load(args.map_dir)
    _check_area(smap, args.area)
    G = build_graph(smap)
    for area in [args.area] if args.area else smap.area_names():
        results = scorecard(smap, G, area)
        met = sum(r.met for r in results)
        print(f"{area}: {met} of {len(results)} standards met")
        for r in results:
            why = f": {r.why}" if r.why else ""
            print(f"  {r.label:<14} {r.standard.id}{why}")
    return EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    from journeymap.read.synth import MIN_PER_AREA, write_synth

    if args.areas < 1:
        raise UsageError("--areas must be 1 or more")
    if args.per_area < MIN_PER_AREA:
        raise UsageError(f"--per-area must be {MIN_PER_AREA} or more")
    if args.journeys is not None and args.journeys < 0:
        raise UsageError("--journeys must be 0 or more")
    try:
        rows = write_synth(
            args.out, args.areas, args.per_area, args.seed, args.journeys, lean=args.lean
        )
    except OSError as exc:
        raise UsageError(f"cannot write to {args.out}: {exc.strerror or exc}") from exc
    print(
        f"Wrote a synthetic map to {args.out}: {rows['services.csv']:,} services, "
        f"{rows['links.csv']:,} links, {rows['areas.csv']:,} areas, "
        f"{rows['journeys.csv']:,} journey steps (seed {args.seed}).",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    smap = _load(args.map_dir)
    findings = (
        find_gaps(smap, build_graph(smap), workers=_workers(smap))
        if args.format == "xlsx"
        else None
    )
    try:
        written = write_export(smap, args.format, args.out, findings)
    except MissingExtra as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    names = ", ".join(str(p) for p in written)
    print(f"Wrote {args.format}: {names}", file=sys.stderr)
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from journeymap.outputs.brief import board_report

    smap = _load(args.map_dir)
    _check_area(smap, args.area)
    G = build_graph(smap)
    findings = find_gaps(smap, G, workers=_workers(smap))
    from journeymap.outputs.runs import last_run, trend
    from journeymap.workshop.board import board_extras

    plans, women = board_extras(smap, findings, [args.area] if args.area else None)
    run = last_run(args.map_dir) if Path(args.map_dir).is_dir() else None
    trends = {
        a: t
        for a in ([args.area] if args.area else smap.area_names())
        if run is not None and (t := trend(run, smap, G, findings, a)) is not None
    }
    html = board_report(
        smap,
        G,
        findings,
        areas=[args.area] if args.area else None,
        title=Path(args.map_dir).name,
        plans=plans,
        women=women,
        trends=trends,
        figures=_figures(args),
    )
    _emit(html.encode("utf-8"), args.out)
    if args.out:
        print(f"Wrote the board report to {args.out}", file=sys.stderr)
    return EXIT_OK


def _figures(args: argparse.Namespace) -> tuple[Any, ...]:
    """The published figures beside a map folder or workbook (figures.csv), if any."""
    from journeymap.read.figures import load_figures

    folder = Path(args.map_dir)
    return load_figures(folder if folder.is_dir() else folder.parent)


def cmd_compare(args: argparse.Namespace) -> int:
    # Imported here so that `check` and `report` do not pay for reading scenarios.
    from journeymap.scenario.compare import compare, comparison_csv, comparison_text
    from journeymap.scenario.read import load_scenario

    smap = _load(args.map_dir)
    scenario = load_scenario(args.scenario, smap)
    for warning in scenario.warnings:
        print(warning, file=sys.stderr)
    result = compare(smap, scenario, workers=_workers(smap))
    if args.out:
        _emit(comparison_csv(result), args.out)
    sys.stdout.write(comparison_text(result, scenario))
    sys.stdout.flush()
    if args.out:
        print(
            f"Wrote {sum(map(len, (result.resolved, result.new, result.gone, result.kept)))} "
            "findings "
            f"to {args.out}",
            file=sys.stderr,
        )
    return EXIT_OK
