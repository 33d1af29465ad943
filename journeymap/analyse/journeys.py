"""Missed opportunities in recorded journeys: contacts that did not help her on towards treatment.

A journey (journeys.csv, or the workshop store) is a woman's steps in order. Each step before
she first reached treatment, at a mapped service that is not itself treatment, and recorded with
`helped_onward = no`, is a contact where the system did not help her on. The finding names the
service, and the suggestion the route into treatment the map shows from it (or that none exists).

A blank `helped_onward` is *not* counted: the workshop did not record an answer, and a finding
should rest on what she said, not on a guess. She *reached treatment* at the first step at a
mapped treatment service, or the first step whose stage is `in_treatment` or `after_treatment`
(she may have reached treatment somewhere not on the map).
"""

from __future__ import annotations

import networkx as nx

from journeymap.analyse.text import (
    CJI_MAPPING,
    WOMANIFESTO_R3,
    by_footfall,
    describe_route,
    kind_of,
    name,
    remedy,
)
from journeymap.graph.ends import reach as shared_reach
from journeymap.graph.index import treatment_nodes
from journeymap.graph.routes import route_to
from journeymap.labels import barrier_label, plural
from journeymap.models import Finding, Journey, ServiceMap, Step

__all__ = ["journey_missed_opportunities", "missed_steps", "reached_treatment_at"]

REACHED_STAGES = frozenset({"in_treatment", "after_treatment"})


def reached_treatment_at(G: nx.MultiDiGraph, journey: Journey) -> int | None:
    """Index in `journey.steps` of the first step at treatment, or None if she never got there.

    A step counts when its service is a mapped treatment service or its stage is in or after
    treatment. Cost: O(steps).
    """
    for i, step in enumerate(journey.steps):
        at_treatment = step.service in G and G.nodes[step.service]["treatment"]
        if at_treatment or step.stage in REACHED_STAGES:
            return i
    return None


def missed_steps(G: nx.MultiDiGraph, journey: Journey) -> list[Step]:
    """Steps before treatment at a mapped non-treatment service recorded as not helping onward.

    Steps at places not on the map, or with a blank `helped_onward`, never count. Cost: O(steps).
    """
    stop = reached_treatment_at(G, journey)
    before = journey.steps if stop is None else journey.steps[:stop]
    return [
        s
        for s in before
        if s.service in G and not G.nodes[s.service]["treatment"] and s.helped_onward is False
    ]


def _barriers(step: Step) -> str:
    words = [barrier_label(b) for b in step.barriers]
    return f" What got in the way: {'; '.join(words)}." if words else ""


def journey_missed_opportunities(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """One finding per missed step of every journey in the map (see `missed_steps`).

    Severity: where no route into treatment existed from the service, by how many women pass
    through it (high, medium, low); where a route existed but was not offered, one step lower
    for the busiest services (medium, medium, low). Notes are never copied into findings: the
    report may travel beyond the workshop. Cost: one forward search per missed step.
    """
    targets = set(treatment_nodes(G))
    reach = shared_reach(G)  # shared with the route analyses; prunes each route search
    findings = []
    for journey in smap.journeys:
        stop = reached_treatment_at(G, journey)
        later = (
            f"She reached treatment at step {journey.steps[stop].step}."
            if stop is not None
            else "The journey as recorded does not reach treatment."
        )
        for step in missed_steps(G, journey):
            node = step.service
            data = G.nodes[node]
            route = route_to(G, node, targets, toward=reach)
            if route is None:
                severity = by_footfall(data["type"], ("high", "medium", "low"))
                suggestion = (
                    f"No route led from {name(G, node)} to any treatment service. "
                    f"{remedy(data['type'])}"
                )
            else:
                severity = by_footfall(data["type"], ("medium", "medium", "low"))
                suggestion = (
                    f"A route existed: {describe_route(G, smap, route)} "
                    f"({plural(route.handoffs, 'hand-off')}). Make sure every worker at "
                    f"{name(G, node)} knows it, asks about drugs and alcohol without judgement, "
                    "and offers a warm hand-over rather than a phone number."
                )
            findings.append(
                Finding(
                    area=data["area"],
                    category="journey_missed_opportunity",
                    severity=severity,
                    subject_id=f"{journey.code} step {step.step}",
                    subject_name=name(G, node),
                    finding=f"{name(G, node)} ({kind_of(G, node)}) saw her before she reached "
                    "treatment, and the contact did not help her on to the next help.",
                    evidence=f"Journey {journey.code}, step {step.step}: recorded in a "
                    f"lived-experience workshop as not helping her onward.{_barriers(step)} "
                    f"{later}",
                    suggestion=suggestion,
                    source=f"{WOMANIFESTO_R3}; {CJI_MAPPING}",
                )
            )
    return findings
