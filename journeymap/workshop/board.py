"""What women told us, for the board paper: an area's journeys pooled, made safe to print.

The board paper (`outputs.summary`) goes beyond the workshop room, so it gets only what
`pooled` has made safe: counts under 5 as "fewer than 5", and a feeling only where 5 or more
journeys gave one. A journey belongs to an area when any of its steps is at one of the area's
services. This module sits in the workshop stage, above outputs, so the rule is applied once,
here, and the report only prints what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journeymap.labels import FEELING_WORDS
from journeymap.models import Finding, ServiceMap
from journeymap.outputs.summary import WomenSaid
from journeymap.scenario.plan import Plan, make_plan
from journeymap.vocab import NATIONAL
from journeymap.workshop.pooled import pool

__all__ = [
    "BARRIERS_SHOWN",
    "FEELINGS_SHOWN",
    "PLAN_EVERY_AREA_BELOW",
    "board_extras",
    "women_said",
]

#: Maps of this many services get a plan in their board report only for areas asked for.
PLAN_EVERY_AREA_BELOW = 2_000
#: How many barriers and places the summary page names (most journeys first).
BARRIERS_SHOWN = 6
FEELINGS_SHOWN = 4


def _words(average: float) -> str:
    """The feeling scale's word for an average, without its face (print has no emoji)."""
    word = FEELING_WORDS[max(-2, min(2, round(average)))]
    return word.split(" ", 1)[-1]


def women_said(smap: ServiceMap, area: str) -> WomenSaid | None:
    """The area's journeys pooled for print, or None when none was recorded there.

    Cost: one pass over the journeys' steps, then `pool` on the area's journeys.
    """
    mine = {s.id for s in smap.services if s.area == area}
    journeys = [j for j in smap.journeys if any(step.service in mine for step in j.steps)]
    if not journeys:
        return None
    names = {s.id: s.name for s in smap.services}
    pooled = pool(journeys, names)
    feelings = [f for f in pooled.feelings if f.average is not None and f.place in mine]
    feelings.sort(key=lambda f: (f.mean, f.label))
    return WomenSaid(
        journeys=pooled.shown,
        barriers=tuple((b.label, b.shown) for b in pooled.barriers[:BARRIERS_SHOWN]),
        feelings=tuple((f.label, _words(f.mean), f.shown) for f in feelings[:FEELINGS_SHOWN]),
    )


def board_extras(
    smap: ServiceMap,
    findings: Sequence[Finding],
    areas: Sequence[str] | None = None,
    *,
    plan_of: Callable[[str], Plan | None] | None = None,
) -> tuple[dict[str, Plan], dict[str, WomenSaid]]:
    """The plan and what women told us, for each area of a board report (all local areas by
    default): the CLI, the app and the tests make the same report with this. On a map of
    `PLAN_EVERY_AREA_BELOW` services or more, plans are made only for areas asked for by
    name: each plan runs every analysis of the whole map once per change it tries (minutes
    for one area of a national map, so hours for a report of its 150 areas). `plan_of`, when
    given, is asked for each area's plan instead (None: no plan), as the app asks for the plan
    already made on its Plan page.

    Cost: a plan per area (`make_plan`: seconds on the demo map) and a pool of its journeys.
    """
    chosen = [a for a in (areas or smap.area_names()) if a != NATIONAL]
    if plan_of is None:
        every_area = areas is None and len(smap.services) >= PLAN_EVERY_AREA_BELOW
        plans = {} if every_area else {a: make_plan(smap, a, findings=findings) for a in chosen}
    else:
        plans = {a: plan for a in chosen if (plan := plan_of(a)) is not None}
    women = {a: w for a in chosen if (w := women_said(smap, a)) is not None}
    return plans, women
