"""The `journeymap` command line (DESIGN §6): a thin layer over the package, one module per
kind of command (`maps`, `imports`, `changes`), what they share (`common`) and the parser with
the entry point (`main`).

Exit codes: 0 done, 1 the data has errors (all listed on stderr), 2 wrong usage, 3 a bug.
"""

from journeymap.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError
from journeymap.cli.main import build_parser, main, run

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "main", "run"]
