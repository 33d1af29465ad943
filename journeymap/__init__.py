"""journeymap: map women's journeys through a local drug and alcohol treatment system.

Data flows one way (DESIGN §2): files → `load_map` → `build_graph` → `find_gaps` → `report_csv`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from journeymap.runtime.gcpause import gc_paused

# Importing makes a few hundred thousand objects (pydantic's schemas, the models), none of
# them garbage: with the collector on, it walks them over and over as they are made (0.03 s
# of every command).
with gc_paused():
    from journeymap.models import (
        REPORT_COLUMNS,
        Area,
        Finding,
        Journey,
        Link,
        Persona,
        Service,
        ServiceMap,
        Standard,
        Step,
    )
    from journeymap.problems import MapError, Problem
    from journeymap.read.load import load_map, parse_map

if TYPE_CHECKING:
    from journeymap.analyse import find_gaps
    from journeymap.graph.build import build_graph
    from journeymap.graph.routes import Route, handoffs_to, route_to
    from journeymap.outputs.report import report_csv

__version__ = "0.1.0"

__all__ = [
    "REPORT_COLUMNS",
    "Area",
    "Finding",
    "Journey",
    "Link",
    "MapError",
    "Persona",
    "Problem",
    "Route",
    "Service",
    "ServiceMap",
    "Standard",
    "Step",
    "build_graph",
    "find_gaps",
    "handoffs_to",
    "load_map",
    "parse_map",
    "report_csv",
    "route_to",
]

#: The later stages, imported on first use: `journeymap check` reads a map and needs none of
#: them, and networkx with the analyses is 0.3 s of its start.
_LATER = {
    "find_gaps": "journeymap.analyse",
    "build_graph": "journeymap.graph.build",
    "Route": "journeymap.graph.routes",
    "handoffs_to": "journeymap.graph.routes",
    "route_to": "journeymap.graph.routes",
    "report_csv": "journeymap.outputs.report",
}

#: The stages that importing the package made attributes of it before they were lazy, with
#: the modules of theirs it imported.
_STAGES: dict[str, tuple[str, ...]] = {
    "analyse": ("journeymap.analyse",),
    "graph": ("journeymap.graph.build", "journeymap.graph.routes"),
    "outputs": ("journeymap.outputs.report",),
}


def __getattr__(name: str) -> Any:
    """`journeymap.find_gaps` and the other later stages, imported when first asked for;
    likewise a stage itself (`journeymap.analyse`), which importing the package once made
    an attribute."""
    module = _LATER.get(name)
    if module is not None:
        value = getattr(import_module(module), name)
    elif name in _STAGES:
        for part in _STAGES[name]:
            import_module(part)
        value = import_module(f"journeymap.{name}")
    else:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LATER])
