"""Where journeymap's own files are: the defaults, the demo map, the example scenarios, and
the names of the files a map folder holds."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_DIR", "MAP_FILES", "OPTIONAL_FILES", "SCENARIOS_DIR"]


def _shipped(name: str) -> Path:
    """A folder shipped with journeymap: inside the package when installed from a wheel, else
    (a checkout, or `pip install -e`) at the top of the repository."""
    here = Path(__file__).resolve().parent
    return here / name if (here / name).is_dir() else here.parent / name


#: The default standards, personas and other checklists, and the demo map (`DATA_DIR / "demo"`).
DATA_DIR = _shipped("data")
#: The example what-if scenarios.
SCENARIOS_DIR = _shipped("scenarios")

MAP_FILES = ("services.csv", "links.csv", "journeys.csv", "areas.csv")
OPTIONAL_FILES = ("journeys.csv", "areas.csv", "standards.csv", "personas.csv")
