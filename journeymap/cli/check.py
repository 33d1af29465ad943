"""`journeymap check`: load a map, say what it holds, or list every problem.

Kept apart from the other map commands (`maps`) so that it imports only the read stage:
networkx, the analyses and the outputs are 0.3–0.45 s of start-up, and a national map
checks in well under a second. It checks as loading does (`read.load.check_map`: every
message the same) but makes no model per link, which only the analyses need.
"""

from __future__ import annotations

import argparse
import sys

from journeymap.cli.common import EXIT_OK
from journeymap.labels import plural
from journeymap.models import area_names
from journeymap.read.coverage import unlinked_in, unlinked_line
from journeymap.read.load import check_map
from journeymap.runtime.gcpause import freeze_loaded

__all__ = ["cmd_check"]


def cmd_check(args: argparse.Namespace) -> int:
    """Check the map folder; one line of what it holds, then a line for each area with no
    links yet. Problems are raised as `MapError` (listed by `main`)."""
    checked = check_map(args.map_dir)
    freeze_loaded()  # (see `common._load`)
    for warning in checked.warnings:
        print(warning, file=sys.stderr)
    journeys = f", {plural(len(checked.journeys), 'journey')}" if checked.journeys else ""
    print(
        f"{args.map_dir}: {plural(len(checked.services), 'service')}, "
        f"{plural(len(checked.links), 'link')}{journeys}, "
        f"areas: {', '.join(area_names(checked.services, checked.areas)) or 'none'}. "
        "No errors."
    )
    for area, count in unlinked_in(checked.services, checked.links).items():
        print(unlinked_line(area, count))
    return EXIT_OK
