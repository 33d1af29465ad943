"""Recorded journeys: contacts that did not help her on towards treatment, and barriers women met.

A journey (journeys.csv, or the workshop store) is a woman's steps in order. Each step before
she first reached treatment, at a mapped service that is not itself treatment, and recorded with
`helped_onward = no`, is a contact where the system did not help her on. Such contacts are
pooled per service (one finding per service, counting journeys); the suggestion gives the route
into treatment the map shows from it (or that none exists) and, where women named what got in
the way, the remedy for each barrier (data/barriers.csv).

Barriers (`journey_barrier`) are pooled over every recorded step at a mapped service, treatment
included: one finding per service and barrier, counting *journeys* (a woman who met it there
three times counts once), with the count under the **small-number rule** below.

A blank `helped_onward` is *not* counted: the workshop did not record an answer, and a finding
should rest on what she said, not on a guess. She *reached treatment* at the first step at a
mapped treatment service, or the first step whose stage is `in_treatment` or `after_treatment`
(she may have reached treatment somewhere not on the map).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

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
from journeymap.graph.ends import route_into
from journeymap.labels import BARRIER_ROWS, barrier_label, plural
from journeymap.models import Finding, Journey, ServiceMap, Severity, Step
from journeymap.vocab import BARRIERS

__all__ = [
    "FEWER",
    "SMALL",
    "contact_advice",
    "journey_barriers",
    "journey_missed_opportunities",
    "missed_steps",
    "reached_treatment_at",
    "shown",
]

REACHED_STAGES = frozenset({"in_treatment", "after_treatment"})

#: The small-number rule (DESIGN §4, §8): outside the workshop room, a count of journeys below
#: SMALL is shown as FEWER, never as the number, so that no woman can be recognised from it.
#: The findings here and the workshop's pooled figures (`workshop.pooled`) share it.
SMALL = 5
FEWER = "fewer than 5"

#: What to do about a barrier that is not on the list (a custom code in journeys.csv).
OTHER_BARRIER_REMEDY = (
    "Ask the women who named this barrier, and the staff at this service, what would have "
    "removed it, and agree the change with the provider; involve women with lived experience "
    "in checking that it worked."
)
OTHER_BARRIER_SOURCE = "CJI guide, Involving the lived and living experience voice in commissioning"
_ONE_LOWER: dict[str, Severity] = {"high": "medium", "medium": "low", "low": "low"}
_SEVERITY: dict[str, Severity] = {"high": "high", "medium": "medium", "low": "low"}


def shown(count: int) -> str:
    """A count as it may be shown or exported: 'fewer than 5' below 5, else the number."""
    return FEWER if count < SMALL else str(count)


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


def _answers(barriers: Iterable[str]) -> tuple[str, list[str]]:
    """The remedies for the named barriers that are on the list ('' if none), and their
    sources. A custom barrier has no remedy of its own to offer here."""
    rows = [BARRIER_ROWS[b] for b in barriers if b in BARRIER_ROWS]
    text = " ".join(f"For “{row.label}”: {row.remedy}" for row in rows)
    return text, [row.source for row in rows]


def _sources(*parts: str) -> str:
    """Citations joined with '; ', each once, in the order first given."""
    return "; ".join(dict.fromkeys(c for part in parts for c in part.split("; ") if c))


def contact_advice(
    smap: ServiceMap, G: nx.MultiDiGraph, node: str, barriers: Iterable[str] = ()
) -> tuple[Severity, str, list[str]]:
    """For a missed contact at `node`: its severity, the suggestion, and the sources of the
    barrier remedies it gives.

    Where no route into treatment existed from the service: by how many women pass through it
    (high, medium, low). Where a route existed but was not offered: one step lower for the
    busiest services (medium, medium, low). The suggestion says which, then answers the
    `barriers` she named there (their remedies in data/barriers.csv); with none on the list,
    general advice for the service. Cost: one forward search.
    """
    data = G.nodes[node]
    route = route_into(G, node, toward=shared_reach(G))
    answers, cited = _answers(barriers)
    if route is None:
        severity = by_footfall(data["type"], ("high", "medium", "low"))
        text = f"No route led from {name(G, node)} to any treatment service. {remedy(data['type'])}"
        return severity, f"{text} {answers}".rstrip(), cited
    severity = by_footfall(data["type"], ("medium", "medium", "low"))
    text = (
        f"A route existed: {describe_route(G, smap, route)} "
        f"({plural(route.handoffs, 'hand-off')}). "
    ) + (
        answers
        or f"Make sure every worker at {name(G, node)} knows it, asks about drugs and alcohol "
        "without judgement, and offers a warm hand-over rather than a phone number."
    )
    return severity, text, cited


def journey_missed_opportunities(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """One finding per mapped service where recorded journeys were not helped on before
    treatment (see `missed_steps`), counting journeys under the small-number rule.

    Grouped by the service, the thing to fix (DESIGN §4): two women not helped on at the same
    surgery are one finding, not two. Severity and suggestion as `contact_advice`, answering
    every barrier named at the service in those steps. `affects` is the number of journeys,
    0 below 5 (the small-number rule, as for `journey_barrier`). Journey codes and notes are
    never copied into findings: the report may travel beyond the workshop, and codes would give
    a small count away. Cost: one forward search per service.
    """
    journeys: dict[str, set[str]] = defaultdict(set)
    barriers: dict[str, dict[str, None]] = defaultdict(dict)
    for journey in smap.journeys:
        for step in missed_steps(G, journey):
            journeys[step.service].add(journey.code)
            barriers[step.service].update(dict.fromkeys(step.barriers))
    findings = []
    for node, codes in journeys.items():
        count = len(codes)
        severity, suggestion, cited = contact_advice(smap, G, node, barriers[node])
        named = [barrier_label(b) for b in barriers[node]]
        got = f" What got in the way there: {'; '.join(named)}." if named else ""
        counted = f"{shown(count)} journeys"
        findings.append(
            Finding(
                area=G.nodes[node]["area"],
                category="journey_missed_opportunity",
                severity=severity,
                subject_id=node,
                subject_name=name(G, node),
                finding=f"{name(G, node)} ({kind_of(G, node)}) saw women before they reached "
                "treatment, and the contact did not help them on to the next help.",
                evidence=f"{counted[:1].upper()}{counted[1:]} recorded in lived-experience "
                f"workshops say so.{got}",
                suggestion=suggestion,
                source=_sources(WOMANIFESTO_R3, CJI_MAPPING, *cited),
                affects=count if count >= SMALL else 0,
            )
        )
    return findings


def journey_barriers(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """One `journey_barrier` finding per mapped service and barrier named at it (DESIGN §4).

    Every recorded step at a service on the map counts, whatever its stage and whether or not
    it helped her on, treatment services included: barriers inside treatment (a room full of
    men, a panel, groups before rehab) are what a treatment commissioner can change. Places not
    on the map are left out (no service to put the finding on). The evidence gives the number
    of journeys under the small-number rule ("fewer than 5"), and never lists the journeys'
    codes, which would give the number away. `affects` is the number of journeys too, so it
    keeps the same rule: 0 below 5, as the report's `affects` column and its order (by
    `affects`) must not tell one journey from four either. The suggestion and source are
    the barrier's row of data/barriers.csv; a barrier not on the list is pooled by its code
    like any other, with general advice (`OTHER_BARRIER_REMEDY`).

    Severity: the barrier's `severity` in barriers.csv where the service is treatment (high
    where the seeds describe the barrier as unsafe for women or as shutting them out of
    treatment or keeping them away from it; medium where it delays or deters; low where it adds
    strain); one step lower at a touchpoint, whose missed contacts are already
    `journey_missed_opportunity` findings; and one step lower again when fewer than 5 journeys
    name it, since a pattern across many women's journeys is what a board can act on with
    confidence. A barrier not on the list counts as medium. Notes are never read.
    Cost: O(steps + findings log findings).
    """
    who: dict[tuple[str, str], set[str]] = defaultdict(set)
    for journey in smap.journeys:
        for step in journey.steps:
            if step.service in G:
                for barrier in step.barriers:
                    who[step.service, barrier].add(journey.code)
    order = {b: i for i, b in enumerate(BARRIERS)}
    findings = []
    for node, barrier in sorted(who, key=lambda k: (k[0], order.get(k[1], len(order)), k[1])):
        data = G.nodes[node]
        count = len(who[node, barrier])
        row = BARRIER_ROWS.get(barrier)
        label = row.label if row else barrier_label(barrier)
        level = _SEVERITY.get(row.severity, "medium") if row else "medium"
        if not data["treatment"]:
            level = _ONE_LOWER[level]
        if count < SMALL:
            level = _ONE_LOWER[level]
        where = name(G, node)
        journeys = f"{shown(count)} journeys"
        other = "" if row else " It was recorded as a barrier that is not on the standard list."
        findings.append(
            Finding(
                area=data["area"],
                category="journey_barrier",
                severity=level,
                subject_id=f"{node}:{barrier}",
                subject_name=where,
                finding=f"Women said this got in the way at {where} ({kind_of(G, node)}): "
                f"“{label[:1].upper()}{label[1:]}”.",
                evidence=f"{journeys[:1].upper()}{journeys[1:]} recorded in lived-experience "
                f"workshops name this barrier at {where}.{other}",
                suggestion=row.remedy if row else OTHER_BARRIER_REMEDY,
                source=row.source if row else OTHER_BARRIER_SOURCE,
                affects=count if count >= SMALL else 0,
            )
        )
    return findings
