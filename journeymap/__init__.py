"""journeymap: map women's journeys through a local drug and alcohol treatment system.

Data flows one way (DESIGN §2): files → `load_map` → `build_graph` → `find_gaps` → `report_csv`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    """`journeymap.find_gaps` and the other later stages, imported when first asked for."""
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
