"""The parser and the entry point: `journeymap …` reads its arguments, runs one command and
turns a MapError or a UsageError into its exit code."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

from journeymap.cli.check import cmd_check
from journeymap.cli.common import EXIT_DATA, EXIT_USAGE, Command, UsageError
from journeymap.labels import plural
from journeymap.problems import MapError
from journeymap.runtime.gcpause import gc_paused, one_command_process

__all__ = ["build_parser", "main", "run"]


def _later(module: str, name: str) -> Command:
    """The command `name` of `journeymap.cli.<module>`, imported when it runs: the other
    commands' imports (networkx, the analyses, the outputs: 0.3–0.45 s) are not paid by
    `check`, whose budget on a national map is under a second."""

    def command(args: argparse.Namespace) -> int:
        with gc_paused():  # (as in `journeymap/__init__.py`: networkx is 300 modules)
            imported = importlib.import_module(f"journeymap.cli.{module}")
        func: Command = getattr(imported, name)
        return func(args)

    command.__name__ = command.__qualname__ = name
    return command


class _Formats:
    """The export formats, for the parser, read from `outputs.export` only when asked (the
    export command, its help or its usage error), for the same reason."""

    def _all(self) -> tuple[str, ...]:
        from journeymap.outputs.export import FORMATS

        return tuple(FORMATS)

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


cmd_diff, cmd_merge = _later("changes", "cmd_diff"), _later("changes", "cmd_merge")
cmd_plan, cmd_spec = _later("changes", "cmd_plan"), _later("changes", "cmd_spec")
cmd_import, cmd_import_oruk = _later("imports", "cmd_import"), _later("imports", "cmd_import_oruk")
cmd_import_figures = _later("imports", "cmd_import_figures")
cmd_brief, cmd_compare = _later("maps", "cmd_brief"), _later("maps", "cmd_compare")
cmd_export, cmd_report = _later("maps", "cmd_export"), _later("maps", "cmd_report")
cmd_standards, cmd_synth = _later("maps", "cmd_standards"), _later("maps", "cmd_synth")
FORMATS = _Formats()


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
    # The choices are set after the argument is made: add_argument would list them at once,
    # importing the outputs for every command (see `_Formats`).
    export.add_argument("--format", required=True).choices = FORMATS
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
    one_command_process()  # what it loads may be kept from the collector (`_load`)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a closed pipe
            stream.flush()
    os._exit(code)
