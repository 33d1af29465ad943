"""The app's own command line: `streamlit run app.py -- --map DIR --workspace DIR --workshop`.

Read in one place, so every page agrees on what was asked for; unknown arguments (Streamlit's
own) are left alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["AppArgs", "app_args"]


@dataclass(frozen=True)
class AppArgs:
    """What the app was started with; None where the option was not given."""

    map: str | None = None
    workspace: str | None = None
    workshop: bool = False


def app_args(argv: Sequence[str] | None = None) -> AppArgs:
    """The app's options from `argv` (default: this process's command line)."""
    return _parse(tuple(sys.argv[1:] if argv is None else argv))


@lru_cache(maxsize=16)
def _parse(argv: tuple[str, ...]) -> AppArgs:
    """Parsed once per command line: every page run asks, several times (a workshop of twenty
    tablets makes some 300 runs, and building the parser each time was 4% of the server's
    CPU)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--map")
    parser.add_argument("--workspace")
    parser.add_argument("--workshop", action="store_true")
    args, _ = parser.parse_known_args(list(argv))
    return AppArgs(map=args.map, workspace=args.workspace, workshop=args.workshop)
