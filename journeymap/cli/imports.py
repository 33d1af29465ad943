"""The commands that bring data in: import-oruk, import (GraphML, GEXF, JSON, Kumu) and
import-figures (NDTMS ViewIt and Fingertips)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.cli.common import EXIT_OK, UsageError
from journeymap.labels import plural
from journeymap.problems import MapError
from journeymap.read.atomic import write_atomic, write_files
from journeymap.read.write import write_map
from journeymap.resources import OPTIONAL_FILES, REQUIRED_FILES

__all__ = ["cmd_import", "cmd_import_figures", "cmd_import_oruk", "oruk_summary"]

if TYPE_CHECKING:
    from journeymap.read import oruk


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


def cmd_import_figures(args: argparse.Namespace) -> int:
    """NDTMS/Fingertips exports → figures.csv beside the map, and the areas.csv cells they fill,
    each change shown before anything is written."""
    from journeymap.problems import Problems
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
    from journeymap.read.load import parse_map
    from journeymap.read.mapfiles import read_folder

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
