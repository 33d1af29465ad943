"""Every analysis of DESIGN §4, each a plain function `(ServiceMap, graph) -> list[Finding]`.

`find_gaps` runs them all and returns the findings in report order.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from ..gcpause import without_gc
from ..graph import build_graph
from ..models import Finding, ServiceMap
from .journeys import journey_missed_opportunities
from .language import language_findings
from .need import unmet_need
from .personas import persona_gaps
from .resilience import silos, single_points_of_failure
from .routes import informal_only, long_pathways, missed_opportunities, one_way_referrals
from .standards import scorecard, standards_gaps

__all__ = [
    "ANALYSES",
    "find_gaps",
    "informal_only",
    "journey_missed_opportunities",
    "language_findings",
    "long_pathways",
    "missed_opportunities",
    "one_way_referrals",
    "persona_gaps",
    "scorecard",
    "silos",
    "single_points_of_failure",
    "standards_gaps",
    "unmet_need",
]

Analysis = Callable[[ServiceMap, nx.MultiDiGraph], list[Finding]]

#: Category → the analysis that finds it, in the order of DESIGN §4.
ANALYSES: dict[str, Analysis] = {
    "missed_opportunity": missed_opportunities,
    "long_pathway": long_pathways,
    "standards_gap": standards_gaps,
    "single_point_of_failure": single_points_of_failure,
    "informal_only": informal_only,
    "one_way": one_way_referrals,
    "silo": silos,
    "persona_gap": persona_gaps,
    "journey_missed_opportunity": journey_missed_opportunities,
    "unmet_need": unmet_need,
    "language": language_findings,
}


@without_gc
def find_gaps(smap: ServiceMap, G: nx.MultiDiGraph | None = None) -> list[Finding]:
    """All findings for the map, sorted by severity, area, category and subject (DESIGN §5)."""
    if G is None:
        G = build_graph(smap)
    findings = [f for analysis in ANALYSES.values() for f in analysis(smap, G)]
    return sorted(findings, key=Finding.sort_key)
