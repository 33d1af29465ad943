"""The `journeymap` command line (DESIGN §6): a thin layer over the package.

Exit codes: 0 done, 1 the data has errors (all listed on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from journeymap.analyse import find_gaps
from journeymap.analyse.unlinked import unlinked_areas, unlinked_line
from journeymap.graph.build import build_graph
from journeymap.labels import did_you_mean, plural
from journeymap.models import Finding, ServiceMap
from journeymap.outputs.export import FORMATS, MissingExtra, write_export
from journeymap.outputs.report import report_csv
from journeymap.problems import MapError
from journeymap.read.atomic import write_atomic, write_files
from journeymap.read.load import load_map
from journeymap.read.write import write_map
from journeymap.resources import OPTIONAL_FILES, REQUIRED_FILES
from journeymap.runtime.parallel import PARALLEL_FROM, auto_workers
from journeymap.vocab import NATIONAL

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "main"]


if TYPE_CHECKING:
    from journeymap.read import oruk

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong use of the command line: exit 2 with this message."""


def _workers(smap: ServiceMap) -> int:
    """Processes to analyse with: $JOURNEYMAP_JOBS, else one per core for a large map."""
    asked = os.environ.get("JOURNEYMAP_JOBS", "").strip()
    if not asked:
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
    smap = load_map(folder)
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


def cmd_check(args: argparse.Namespace) -> int:
    smap = _load(args.map_dir)
    journeys = f", {plural(len(smap.journeys), 'journey')}" if smap.journeys else ""
    print(
        f"{args.map_dir}: {plural(len(smap.services), 'service')}, "
        f"{plural(len(smap.links), 'link')}{journeys}, "
        f"areas: {', '.join(smap.area_names()) or 'none'}. No errors."
    )
    for area, count in unlinked_areas(smap).items():
        print(unlinked_line(area, count))
    return EXIT_OK


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


def cmd_import_oruk(args: argparse.Namespace) -> int:
    # imported here: `report` and `check` start faster
    from journeymap.read.oruk import import_oruk
    from journeymap.read.oruk_summary import LEFT_OUT, left_out_csv

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; --out names the folder to write the map into")
    existing = [n for n in REQUIRED_FILES if (out / n).exists()]
    if existing and not args.force:
        raise UsageError(
            f"{out} already holds {' and '.join(existing)}; choose a new folder, or add --force "
            "to replace them (links you added by hand would be lost)"
        )
    result = import_oruk(args.src, area=args.area, type_map=args.type_map, keep_all=args.keep_all)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    try:
        written = {p.name for p in write_map(result.smap, out)}
        write_atomic(out / LEFT_OUT, left_out_csv(result.left_out))
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    print(oruk_summary(result, str(out)))
    kept = [n for n in OPTIONAL_FILES if n not in written and (out / n).exists()]
    if kept:  # never deleted: journeys.csv may hold a workshop's only copy
        print(
            f"Kept {' and '.join(kept)} already in {out}, unchanged: they may name services "
            f"the import replaced; run `journeymap check {out}`.",
            file=sys.stderr,
        )
    return EXIT_OK


def oruk_summary(result: oruk.ImportResult, out: str) -> str:
    """What an import did and what the commissioner should do next, in plain words."""
    from journeymap.read.oruk_summary import LEFT_OUT, kept_lines

    smap = result.smap
    shape = "tabular package" if result.shape == "tabular" else "saved API pages"
    lines = [
        f"Imported {plural(len(smap.services), 'service')} from "
        f"{plural(result.organisations, 'organisation')} "
        f"(Open Referral {shape}) into {out}: services.csv, links.csv, {LEFT_OUT}.",
        *kept_lines(result, f"{out}/{LEFT_OUT}"),
        f"{plural(len(smap.links), 'co-location link')} made for services at the same location "
        "(formal: no; mark the ones with a written agreement).",
        "Referral links are not in Open Referral data: add the referral and joint-working "
        f"links you know to {out}/links.csv.",
    ]
    if result.untyped:
        lines.append(
            f"{plural(len(result.untyped), 'service')} could not be given a type, so "
            "written as 'other': set the type in services.csv, or map the terms in a copy of "
            "data/oruk_type_map.csv (--type-map):"
        )
        for s in result.untyped:
            terms = s.extra.get("oruk_terms", "")
            lines.append(f"  {s.id}  {s.name}" + (f"  (terms: {terms})" if terms else ""))
    lines.append(f"Next: journeymap check {out}")
    return "\n".join(lines)


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


def _plan_workers() -> int:
    """Processes to try a plan's changes with: $JOURNEYMAP_JOBS, else one per core up to 4
    (each of the many candidates is a whole analysis, so even a small map gains)."""
    if os.environ.get("JOURNEYMAP_JOBS", "").strip():
        return _workers(ServiceMap(services=(), links=()))
    return auto_workers(PARALLEL_FROM)


def cmd_plan(args: argparse.Namespace) -> int:
    """The few changes that close the most gap per cost, each written as a scenario file."""
    from journeymap.scenario.plan import make_plan, plan_text, write_plan
    from journeymap.scenario.remedies import read_remedies

    if args.changes < 1:
        raise UsageError("--changes must be 1 or more")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; --out names the folder to write the plan into")
    remedies = read_remedies(args.remedies) if args.remedies else read_remedies()
    smap = _load(args.map_dir)
    _check_area(smap, args.area)
    if args.area == NATIONAL:
        raise UsageError("a plan is for a local area; national services belong to every area")
    findings = find_gaps(smap, build_graph(smap))
    areas = [args.area] if args.area else smap.area_names()
    plans = [
        make_plan(
            smap,
            a,
            changes=args.changes,
            remedies=remedies,
            findings=findings,
            lazy=args.quick,
            workers=_plan_workers(),
        )
        for a in areas
    ]
    try:
        written = write_plan(plans, out)
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    for plan in plans:
        sys.stdout.write(plan_text(plan))
    sys.stdout.flush()
    print(
        f"Wrote {out / 'plan.csv'} and {plural(len(written) - 1, 'scenario file')}; open one "
        f"with `journeymap compare {args.map_dir} FILE` or on the What if…? page.",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_spec(args: argparse.Namespace) -> int:
    """A draft tender specification for one area, as Word (.docx) or Markdown (.md)."""
    from journeymap.outputs.spec import make_spec, spec_docx, spec_markdown

    suffix = Path(args.out).suffix.lower()
    if suffix not in (".docx", ".md"):
        raise UsageError(f"--out must end .docx or .md (it is {args.out})")
    smap = _load(args.map_dir)
    _check_area(smap, args.area)
    areas = smap.area_names()
    area = args.area or (areas[0] if len(areas) == 1 else None)
    if area is None or area == NATIONAL:
        raise UsageError(f"choose the local area with --area: {', '.join(areas)}")
    G = build_graph(smap)
    spec = make_spec(smap, G, find_gaps(smap, G), area)
    data = spec_docx(spec) if suffix == ".docx" else spec_markdown(spec).encode("utf-8")
    _emit(data, args.out)
    print(f"Wrote {plural(len(spec.clauses), 'clause')} for {area} to {args.out}", file=sys.stderr)
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
    report.add_argument(
        "--save",
        action="store_true",
        help="also keep a dated snapshot in the map folder's runs/ (for the trend)",
    )
    report.set_defaults(func=cmd_report)

    standards = sub.add_parser(
        "standards", help="the minimum-standards scorecard: met, partly met, not met, not evidenced"
    )
    standards.add_argument("map_dir", metavar="MAP_DIR")
    standards.add_argument("--area", help="only this area (default: every area)")
    standards.set_defaults(func=cmd_standards)

    synth = sub.add_parser(
        "synth", help="write a synthetic map of any size (for benchmarks and trials)"
    )
    synth.add_argument("--areas", type=int, required=True, help="number of local areas")
    synth.add_argument("--per-area", type=int, default=300, help="services per area (300)")
    synth.add_argument("--seed", type=int, default=0, help="same seed, same files (0)")
    synth.add_argument(
        "--journeys", type=int, help="recorded journeys (default: half the areas, at least 12)"
    )
    synth.add_argument("--out", required=True, help="folder to write the map into")
    synth.add_argument(
        "--lean", action="store_true", help="short ids, only the columns analysed (benchmarks)"
    )
    synth.set_defaults(func=cmd_synth)

    oruk = sub.add_parser(
        "import-oruk", help="make a map folder from an Open Referral (HSDS) directory"
    )
    oruk.add_argument(
        "src", metavar="SRC", help="a saved .json feed, or a folder or .zip of JSON pages or CSVs"
    )
    oruk.add_argument("--out", required=True, metavar="MAP_DIR", help="folder to write")
    oruk.add_argument(
        "--area", help="area of every service (default: its address's local authority)"
    )
    oruk.add_argument(
        "--type-map", metavar="CSV", help="your term → type mapping (default: the bundled one)"
    )
    oruk.add_argument("--force", action="store_true", help="replace a map already in MAP_DIR")
    oruk.add_argument(
        "--keep-all",
        action="store_true",
        help="keep services of no type on a woman's journey (as 'other') and men-only ones",
    )
    oruk.set_defaults(func=cmd_import_oruk)

    export = sub.add_parser("export", help="write the map for Gephi, Cytoscape, Kumu or Excel")
    export.add_argument("map_dir", metavar="MAP_DIR")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument(
        "--out", required=True, help="file to write (kumu: a folder, or a file ending .zip)"
    )
    export.set_defaults(func=cmd_export)

    brief = sub.add_parser("brief", help="write the board report (one HTML file, prints on A4)")
    brief.add_argument("map_dir", metavar="MAP_DIR")
    brief.add_argument("--area", help="only this area (default: every area, a section each)")
    brief.add_argument("--out", help="file to write (default: standard output)")
    brief.set_defaults(func=cmd_brief)
    comp = sub.add_parser("compare", help="before and after of a what-if scenario")
    comp.add_argument("map_dir", metavar="MAP_DIR")
    comp.add_argument("scenario", metavar="SCENARIO", help="a scenario TOML file")
    comp.add_argument("--out", help="also write resolved, new, gone and kept findings to this CSV")
    comp.set_defaults(func=cmd_compare)

    imp = sub.add_parser(
        "import", help="make a map folder from a GraphML, GEXF, node-link JSON or Kumu file"
    )
    imp.add_argument(
        "src", metavar="FILE", help=".graphml, .gexf, .json, Kumu .xlsx/.zip, or a Kumu folder"
    )
    imp.add_argument("--out", required=True, metavar="MAP_DIR", help="folder to write")
    imp.add_argument("--area", help="area of every service that does not name one")
    imp.add_argument("--force", action="store_true", help="replace a map already in MAP_DIR")
    imp.set_defaults(func=cmd_import)

    figs = sub.add_parser(
        "import-figures",
        help="fill areas.csv and figures.csv from NDTMS ViewIt and Fingertips exports",
    )
    figs.add_argument("files", metavar="FILE", nargs="+", help="ViewIt or Fingertips CSV exports")
    figs.add_argument("--map", required=True, metavar="MAP_DIR", help="the map folder to update")
    figs.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    figs.set_defaults(func=cmd_import_figures)

    plan = sub.add_parser(
        "plan", help="propose the changes that close the most gaps, each as a scenario file"
    )
    plan.add_argument("map_dir", metavar="MAP_DIR")
    plan.add_argument("--area", help="only this area (default: every area)")
    plan.add_argument("--changes", type=int, default=5, help="how many changes to propose (5)")
    plan.add_argument(
        "--remedies",
        metavar="CSV",
        help="your copy of data/remedies.csv (default: the bundled one)",
    )
    plan.add_argument(
        "--quick",
        action="store_true",
        help="after the first pick, work out only the promising changes (large areas)",
    )
    plan.add_argument(
        "--out", required=True, metavar="DIR", help="folder for plan.csv and scenarios"
    )
    plan.set_defaults(func=cmd_plan)
    spec = sub.add_parser("spec", help="a draft tender specification (.docx or .md) for one area")
    spec.add_argument("map_dir", metavar="MAP_DIR")
    spec.add_argument("--area", help="the area (needed when the map has more than one)")
    spec.add_argument("--out", required=True, help="file to write: spec.docx or spec.md")
    spec.set_defaults(func=cmd_spec)

    merge = sub.add_parser("merge", help="join two maps into one, listing every conflict")
    merge.add_argument("first", metavar="A", help="the first map (its values are kept)")
    merge.add_argument("second", metavar="B", help="the map to join into it")
    merge.add_argument("--out", required=True, metavar="DIR", help="new folder to write")
    merge.set_defaults(func=cmd_merge)
    diff = sub.add_parser("diff", help="what changed between two versions of a map")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--out", help="also write the findings resolved, new, gone, kept (CSV)")
    diff.add_argument("--changes", metavar="CSV", help="also write the map's changes (CSV)")
    diff.set_defaults(func=cmd_diff)
    return parser


def cmd_import_figures(args: argparse.Namespace) -> int:
    """NDTMS/Fingertips exports → figures.csv beside the map, and the areas.csv cells they fill,
    each change shown before anything is written."""
    from journeymap.problems import Problems
    from journeymap.read.atomic import write_files
    from journeymap.read.figures import (
        FIGURES_FILE,
        VIEWIT,
        area_updates,
        figures_csv,
        load_figures,
        map_areas,
        merge_figures,
        on_the_map,
        read_areas,
        read_figure_file,
        updated_areas_csv,
    )

    folder = Path(args.map)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; --map names the map folder to update")
    problems = Problems()
    figures = []
    for name in args.files:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from exc
        kind, found = read_figure_file(data, name, problems)
        figures.extend(found)
        if found:
            areas = sorted({f.area for f in found})
            print(f"{name}: {kind}, {plural(len(found), 'figure')} for {', '.join(areas)}")
    header, rows = read_areas(folder, problems)
    if problems.has_errors:
        raise MapError(problems.items)
    known = map_areas(folder) | {f.area for f in figures if f.source == VIEWIT}
    kept = on_the_map(figures, known)
    left = sorted({f.area for f in figures} - {f.area for f in kept})
    if left:
        print(f"Left out {plural(len(left), 'area')} not on this map: {', '.join(left)}")
    figures = kept
    changes, notes = area_updates(rows, figures)
    for change in changes:
        print(change)
    for note in notes:
        print(note)
    files = {FIGURES_FILE: figures_csv(merge_figures(load_figures(folder), figures))}
    if changes:
        files["areas.csv"] = updated_areas_csv(header, rows, changes)
        _check_new_areas(folder, files["areas.csv"])
    if args.dry_run:
        print(f"Dry run: nothing written ({plural(len(changes), 'change')} to areas.csv).")
        return EXIT_OK
    try:
        write_files(folder, files)
    except OSError as exc:
        raise UsageError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    print(
        f"Wrote {folder / FIGURES_FILE}"
        + (f" and {plural(len(changes), 'change')} to {folder / 'areas.csv'}" if changes else "")
        + "."
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """`journeymap import FILE --out DIR`: another tool's file → services.csv and links.csv."""
    from journeymap.read.imports import import_map

    out = _import_target(args.out, args.force)
    result = import_map(args.src, area=args.area)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    try:
        write_map(result.smap, out)
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    smap = result.smap
    print(
        f"Imported {plural(len(smap.services), 'service')} and {plural(len(smap.links), 'link')} "
        f"({result.fmt}) into {out}: services.csv, links.csv.\nNext: journeymap check {out}"
    )
    return EXIT_OK


def _check_new_areas(folder: Path, areas: bytes) -> None:
    """A map that loaded before must still load with its new areas.csv (raises `MapError`
    when it would not: nothing is written); its warnings about areas are shown."""
    from journeymap.read.load import parse_map, read_folder

    files = read_folder(folder)
    try:
        parse_map(files, str(folder))
    except MapError:
        return  # the map has problems of its own: `journeymap check` tells them
    smap = parse_map({**files, "areas.csv": areas}, str(folder))
    for warning in smap.warnings:
        if "areas" in warning:
            print(warning, file=sys.stderr)


def _import_target(out_arg: str, force: bool) -> Path:
    out = Path(out_arg)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; --out names the folder to write the map into")
    existing = [n for n in REQUIRED_FILES if (out / n).exists()]
    if existing and not force:
        raise UsageError(
            f"{out} already holds {' and '.join(existing)}; choose a new folder, or add --force "
            "to replace them"
        )
    return out


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
        print(f"{plural(count, 'error')}: nothing written.", file=sys.stderr)
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


def run() -> NoReturn:
    """The `journeymap` command: `main`, then end the process at once.

    A national map is a few million Python objects. Freeing them one by one as Python shuts
    down took 0.7 s after a 10 s report, and the process is ending anyway, so (as mypy does)
    the output is flushed and the process ends without that.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a closed pipe
            stream.flush()
    os._exit(code)


def cmd_merge(args: argparse.Namespace) -> int:
    """`journeymap merge A B --out C`: B joined into A; every conflict listed, nothing chosen."""
    from journeymap.read.load import parse_map
    from journeymap.read.merge import merge_maps
    from journeymap.read.write import map_files

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; --out names the folder to write the map into")
    existing = [n for n in (*REQUIRED_FILES, *OPTIONAL_FILES) if (out / n).exists()]
    if existing:
        raise UsageError(f"{out} already holds {' and '.join(existing)}; choose a new folder")
    merged = merge_maps(_load(args.first), _load(args.second), args.first, args.second)
    files = map_files(merged.smap)
    parse_map(files, str(out))  # the joined map must load as a map of its own
    try:
        write_files(out, files)
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    for note in merged.notes:
        print(f"note: {note}", file=sys.stderr)
    print(
        f"Wrote {out}: {plural(len(merged.smap.services), 'service')}, "
        f"{plural(len(merged.smap.links), 'link')}. From {args.second}: "
        f"{len(merged.matched_by_id)} matched by id, {len(merged.matched_by_name)} by name and "
        f"postcode, {len(merged.added)} added."
    )
    for b_id, a_id in merged.matched_by_name:
        print(f"  {args.second}'s {b_id} is {args.first}'s {a_id} (same name and postcode)")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """`journeymap diff OLD NEW`: services and links added, removed, changed; findings
    resolved, new, gone, kept."""
    from journeymap.scenario.diff import changes_csv, diff_csv, diff_maps, diff_text

    old, new = _load(args.old), _load(args.new)
    result = diff_maps(old, new, workers=_workers(new))
    names = {s.id: s.name for s in (*old.services, *new.services)}
    if args.out:
        _emit(diff_csv(result), args.out)
    if args.changes:
        _emit(changes_csv(result.changes, names), args.changes)
    sys.stdout.write(diff_text(result, names))
    sys.stdout.flush()
    return EXIT_OK
