"""The commands about changing a map: plan and spec (what to change next), merge and diff."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from journeymap.analyse import find_gaps
from journeymap.cli.common import EXIT_OK, UsageError, _check_area, _emit, _load, _workers
from journeymap.graph.build import build_graph
from journeymap.labels import plural
from journeymap.models import ServiceMap
from journeymap.read.atomic import write_files
from journeymap.resources import OPTIONAL_FILES, REQUIRED_FILES
from journeymap.runtime.parallel import PARALLEL_FROM, auto_workers
from journeymap.vocab import NATIONAL

__all__ = ["cmd_diff", "cmd_merge", "cmd_plan", "cmd_spec"]


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
