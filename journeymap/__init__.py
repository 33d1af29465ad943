"""journeymap: map women's journeys through a local drug and alcohol treatment system.

Data flows one way (DESIGN §2): files → `load_map` → `build_graph` → `find_gaps` → `report_csv`.
"""

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
