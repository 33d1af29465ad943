"""journeymap: map women's journeys through a local drug and alcohol treatment system.

Data flows one way (DESIGN §2): files → `load_map` → `build_graph` → `find_gaps` → `report_csv`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeymap.analyse import find_gaps
    from journeymap.graph.build import build_graph
    from journeymap.graph.routes import Route, handoffs_to, route_to
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
    from journeymap.outputs.report import report_csv
    from journeymap.problems import MapError, Problem
    from journeymap.read.load import load_map, parse_map

#: Where each public name lives. They are imported when first used (PEP 562), so that a
#: command that needs only the reader (`journeymap check`) does not pay for networkx and
#: every analysis when Python starts: on a national map the start-up is part of its time.
_HOME = {
    "find_gaps": "journeymap.analyse",
    "build_graph": "journeymap.graph.build",
    "Route": "journeymap.graph.routes",
    "handoffs_to": "journeymap.graph.routes",
    "route_to": "journeymap.graph.routes",
    **dict.fromkeys(
        (
            "REPORT_COLUMNS",
            "Area",
            "Finding",
            "Journey",
            "Link",
            "Persona",
            "Service",
            "ServiceMap",
            "Standard",
            "Step",
        ),
        "journeymap.models",
    ),
    "report_csv": "journeymap.outputs.report",
    "MapError": "journeymap.problems",
    "Problem": "journeymap.problems",
    "load_map": "journeymap.read.load",
    "parse_map": "journeymap.read.load",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])


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
