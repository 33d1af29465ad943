"""`journeymap check`: load a map, say what it holds, or list every problem.

Kept apart from the other map commands (`maps`) so that it imports only the read stage:
networkx, the analyses and the outputs are 0.3–0.45 s of start-up, and a national map
checks in well under a second.
"""

from __future__ import annotations

import argparse

from journeymap.cli.common import EXIT_OK, _load
from journeymap.labels import plural
from journeymap.read.coverage import unlinked_areas, unlinked_line

__all__ = ["cmd_check"]


def cmd_check(args: argparse.Namespace) -> int:
    """Load and check the map folder; one line of what it holds, then a line for each area
    with no links yet. Problems are raised as `MapError` (listed by `main`)."""
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
