"""journeymap: map women's journeys through a local drug and alcohol treatment system.

Data flows one way (DESIGN §2): files → `load_map` → `build_graph` → `find_gaps` → `report_csv`.
"""

from .analyse import find_gaps
from .csvfile import MapError, Problem
from .graph import Route, build_graph, handoffs_to, route_to
from .load import load_map, parse_map
from .models import Area, Finding, Journey, Link, Persona, Service, ServiceMap, Standard, Step
from .report import REPORT_COLUMNS, report_csv

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
