"""Where journeymap's own files are: the defaults, the demo map, the example scenarios, and
the names of the files a map folder holds."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ALL_MAP_FILES",
    "CHECKLIST_FILES",
    "DATA_DIR",
    "MAP_FILES",
    "OPTIONAL_FILES",
    "REQUIRED_FILES",
    "SCENARIOS_DIR",
]


def _shipped(name: str) -> Path:
    """A folder shipped with journeymap: inside the package when installed from a wheel, else
    (a checkout, or `pip install -e`) at the top of the repository."""
    here = Path(__file__).resolve().parent
    return here / name if (here / name).is_dir() else here.parent / name


#: The default standards, personas and other checklists, and the demo map (`DATA_DIR / "demo"`).
DATA_DIR = _shipped("data")
#: The example what-if scenarios.
SCENARIOS_DIR = _shipped("scenarios")

#: The files every map folder holds (DESIGN §3).
REQUIRED_FILES = ("services.csv", "links.csv")
#: A map's own checklist and personas, in place of the defaults in `DATA_DIR`.
CHECKLIST_FILES = ("standards.csv", "personas.csv")
#: The map's own data: the required files, then the workshop's journeys, the area figures and
#: the actions agreed on the gaps.
MAP_FILES = (*REQUIRED_FILES, "journeys.csv", "areas.csv", "actions.csv")
#: The files a map folder may leave out.
OPTIONAL_FILES = ("journeys.csv", "areas.csv", "actions.csv", *CHECKLIST_FILES)
#: Every file a map folder may hold, in the order its problems are told.
ALL_MAP_FILES = (*MAP_FILES, *CHECKLIST_FILES)
