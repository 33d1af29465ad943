"""The `journeymap` command line (DESIGN §6): a thin layer over the package.

Exit codes: 0 done, 1 the data has errors (all listed on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence

from .analyse import find_gaps
from .atomic import write_atomic
from .csvfile import MapError
from .graph import build_graph
from .load import load_map
from .models import Finding, ServiceMap
from .report import report_csv
from .vocab import NATIONAL, suggest

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong use of the command line: exit 2 with this message."""


def _load(folder: str) -> ServiceMap:
    smap = load_map(folder)
    for warning in smap.warnings:
        print(warning, file=sys.stderr)
    return smap


def _emit(data: bytes, out: str | None) -> None:
    """Write to `out` atomically, or to stdout. Called only once everything has succeeded."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _check_area(smap: ServiceMap, area: str | None) -> None:
    areas = [*smap.area_names(), NATIONAL]
    if area is not None and area not in areas:
        hint = suggest(area, areas)
        fix = f" (did you mean '{hint}'?)" if hint else f" (areas: {', '.join(areas)})"
        raise UsageError(f"area '{area}' is not in this map{fix}")


def summary(findings: Sequence[Finding]) -> str:
    """'42 findings: 9 high, 20 medium, 13 low'."""
    by = Counter(f.severity for f in findings)
    return f"{len(findings)} findings: " + ", ".join(
        f"{by[s]} {s}" for s in ("high", "medium", "low")
    )


def cmd_check(args: argparse.Namespace) -> int:
    smap = _load(args.map_dir)
    journeys = f", {len(smap.journeys)} journeys" if smap.journeys else ""
    print(
        f"{args.map_dir}: {len(smap.services)} services, {len(smap.links)} links{journeys}, "
        f"areas: {', '.join(smap.area_names()) or 'none'}. No errors."
    )
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    smap = _load(args.map_dir)
    _check_area(smap, args.area)
    findings = find_gaps(smap, build_graph(smap))
    if args.area:
        findings = [f for f in findings if f.area == args.area]
    _emit(report_csv(findings), args.out)
    if args.out:
        print(f"Wrote {summary(findings)} to {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    from .synth import MIN_PER_AREA, write_synth

    if args.areas < 1:
        raise UsageError("--areas must be 1 or more")
    if args.per_area < MIN_PER_AREA:
        raise UsageError(f"--per-area must be {MIN_PER_AREA} or more")
    if args.journeys is not None and args.journeys < 0:
        raise UsageError("--journeys must be 0 or more")
    try:
        rows = write_synth(args.out, args.areas, args.per_area, args.seed, args.journeys)
    except OSError as exc:
        raise UsageError(f"cannot write to {args.out}: {exc.strerror or exc}") from exc
    print(
        f"Wrote a synthetic map to {args.out}: {rows['services.csv']:,} services, "
        f"{rows['links.csv']:,} links, {rows['areas.csv']:,} areas, "
        f"{rows['journeys.csv']:,} journey steps (seed {args.seed}).",
        file=sys.stderr,
    )
    return EXIT_OK


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Map women's routes into drug and alcohol treatment and find the gaps.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate a map folder; exit 1 on errors")
    check.add_argument("map_dir", metavar="MAP_DIR")
    check.set_defaults(func=cmd_check)

    report = sub.add_parser("report", help="write the gap report CSV")
    report.add_argument("map_dir", metavar="MAP_DIR")
    report.add_argument("--area", help="only findings for this area")
    report.add_argument("--out", help="file to write (default: standard output)")
    report.set_defaults(func=cmd_report)

    synth = sub.add_parser(
        "synth", help="write a synthetic map of any size (for benchmarks and trials)"
    )
    synth.add_argument("--areas", type=int, required=True, help="number of local areas")
    synth.add_argument("--per-area", type=int, default=300, help="services per area (300)")
    synth.add_argument("--seed", type=int, default=0, help="same seed, same files (0)")
    synth.add_argument("--journeys", type=int, help="recorded journeys (default: areas / 2)")
    synth.add_argument("--out", required=True, help="folder to write the map into")
    synth.set_defaults(func=cmd_synth)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with a usage message on wrong use
    func: Command = args.func
    try:
        return func(args)
    except MapError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.errors)
        print(f"{count} error{'s' if count != 1 else ''}: nothing written.", file=sys.stderr)
        return EXIT_DATA
    except UsageError as exc:
        print(f"journeymap: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so plainly, keep the traceback for developers
        if os.environ.get("JOURNEYMAP_DEBUG"):
            raise
        print(
            f"journeymap: unexpected error ({type(exc).__name__}: {exc}). Nothing was written. "
            "Set JOURNEYMAP_DEBUG=1 to see details, and please report it.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
