"""The analyses stage: a map and its graph in, findings out (DESIGN §4).

Every analysis is a plain function `(ServiceMap, graph) -> list[Finding]`, one module per
family of findings; `find_gaps` runs them all and returns the findings in report order.
`metrics` gives the headline figures and `filters` the choice of findings the app and the CLI
share. Takes `read/` models and `graph/` routes. Must not import scenario, outputs, workshop,
cli, ui, streamlit or plotly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import networkx as nx

from journeymap.analyse.journeys import journey_barriers, journey_missed_opportunities
from journeymap.analyse.language import language_findings
from journeymap.analyse.need import unmet_need
from journeymap.analyse.personas import persona_gaps
from journeymap.analyse.resilience import silos, single_points_of_failure
from journeymap.analyse.routes import (
    informal_only,
    long_pathways,
    missed_opportunities,
    one_way_referrals,
)
from journeymap.analyse.standards import scorecard, standards_gaps
from journeymap.analyse.unlinked import no_links, not_judged, unlinked
from journeymap.graph.build import build_graph
from journeymap.graph.ends import warm
from journeymap.graph.index import map_areas
from journeymap.models import Finding, ServiceMap
from journeymap.runtime.gcpause import without_gc
from journeymap.runtime.parallel import run_jobs

__all__ = [
    "ANALYSES",
    "analysis_jobs",
    "find_gaps",
    "informal_only",
    "journey_barriers",
    "journey_missed_opportunities",
    "language_findings",
    "long_pathways",
    "missed_opportunities",
    "no_links",
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
    "journey_barrier": journey_barriers,
    "unmet_need": unmet_need,
    "language": language_findings,
    "no_links": no_links,
}


@without_gc
def find_gaps(
    smap: ServiceMap, G: nx.MultiDiGraph | None = None, *, workers: int = 1
) -> list[Finding]:
    """All findings for the map, sorted by severity, area, category and subject (DESIGN §5).

    An area with no referral or joint-working links yet gets one `no_links` finding instead of
    the findings that judge routes (`unlinked.not_judged`). `workers` > 1 runs the analyses
    in that many processes (see `parallel.run_jobs`; for
    commands, not for a threaded server); the findings are exactly the same.
    """
    if G is None:
        G = build_graph(smap)
    jobs = analysis_jobs(smap, G)
    if workers > 1:  # worked out once, before the processes part, instead of once in each
        warm(G)
        unlinked(smap, G)
        map_areas(G, smap)
    findings = [f for part in run_jobs(jobs, workers) for f in part]
    return sorted(not_judged(findings, smap, G), key=Finding.sort_key)


#: After persona_gap's jobs, the analyses that take longest on a national map, longest
#: first (one process each, measured on both of bench_scale.py's maps: 0.15–0.26 s, where
#: persona_gap's ten jobs take 0.02–0.11 s each). In §4 order, informal_only came after
#: the others, so the process dealt it last ran on 0.2 s after the other had finished.
LONGEST_FIRST = ("informal_only", "standards_gap", "single_point_of_failure", "long_pathway")


def analysis_jobs(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Callable[[], list[Finding]]]:
    """Every analysis as a job, ordered so that processes dealt the jobs as they become free
    end together: persona_gap first (the largest analysis on a national map) as one job per
    persona, then those of `LONGEST_FIRST`, then the others in §4 order.

    The order of the jobs does not change the report: findings of different jobs never tie
    in the sort, as each job has its own categories or (personas) its own subjects.
    """
    personas = [
        partial(ANALYSES["persona_gap"], smap.model_copy(update={"personas": (p,)}), G)
        for p in smap.personas
    ]
    longest = [partial(ANALYSES[category], smap, G) for category in LONGEST_FIRST]
    rest = [
        partial(analysis, smap, G)
        for category, analysis in ANALYSES.items()
        if category != "persona_gap" and category not in LONGEST_FIRST
    ]
    return [*personas, *longest, *rest]
