"""Areas whose services have no links yet: one finding per area, not one per service.

A map made from a council's service directory lists its services but none of the referrals
between them (Open Referral has no referral links). Judged as it is, every service of such an
area would be a silo and a missed opportunity: 1,625 findings for an 820-service directory,
telling the commissioner nothing she did not know. So an area counts as **not linked yet**
when no referral or joint-working link touches any of its services (co-locations alone, as a
directory suggests them from shared addresses, are not routes anyone has agreed); it gets one
`no_links` finding saying so, how to add the links, and the co-locations the map already
holds, and the findings that judge routes (`ROUTE_CATEGORIES`, and pathway standards) are not
raised for it. Its service and offer standards still are: they do not depend on links.
Which areas are not linked yet is worked out in `read.coverage` (so that `journeymap check`
can tell them without importing the analyses) and given here too.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from journeymap.analyse.text import CJI_MAPPING, WOMANIFESTO_R3, name
from journeymap.graph.index import index, shared, touchpoints
from journeymap.labels import plural
from journeymap.models import Finding, ServiceMap
from journeymap.read.coverage import unlinked_areas, unlinked_line

__all__ = [
    "ROUTE_CATEGORIES",
    "no_links",
    "not_judged",
    "unlinked",
    "unlinked_areas",
    "unlinked_line",
]

#: Findings that judge routes between services: not raised for an area with no links yet.
ROUTE_CATEGORIES = frozenset(
    {
        "missed_opportunity",
        "long_pathway",
        "single_point_of_failure",
        "informal_only",
        "one_way",
        "silo",
        "persona_gap",
    }
)
#: Co-locations named in the finding's evidence; the rest are counted.
_SHOWN = 5


def no_links(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """One `no_links` finding per area with services and no agreed links. Cost: O(V + E)."""
    areas = unlinked(smap, G)
    if not areas:
        return []
    co_located: dict[str, list[str]] = {a: [] for a in areas}
    for link in smap.links:
        if link.kind != "co_location":
            continue
        area = G.nodes[link.source]["area"]
        if area not in co_located:
            area = G.nodes[link.target]["area"]
        if area in co_located:
            co_located[area].append(f"{name(G, link.source)} and {name(G, link.target)}")
    return [_finding(G, area, count, co_located[area]) for area, count in areas.items()]


def _finding(G: nx.MultiDiGraph, area: str, services: int, pairs: list[str]) -> Finding:
    if pairs:
        shown = "; ".join(pairs[:_SHOWN])
        more = f"; and {len(pairs) - _SHOWN} more" if len(pairs) > _SHOWN else ""
        suggested = (
            f" The map holds {plural(len(pairs), 'co-location')} that the directory suggests "
            f"from shared addresses (check each is a real shared site): {shown}{more}."
        )
    else:
        suggested = " No two of its services share an address in the map."
    return Finding(
        area=area,
        category="no_links",
        severity="high",
        subject_id=area,
        subject_name=f"{area}: no links yet",
        finding=f"The map holds {plural(services, 'service')} in {area} and no referral or "
        "joint-working links between them, so the routes women have into treatment cannot "
        "be judged yet.",
        evidence="A service directory says which services exist, not how they refer women to "
        "each other, so each service would otherwise be reported as a silo and a missed "
        f"opportunity.{suggested}",
        suggestion="Add the links you know to links.csv, one row each (from, to, kind: "
        "referral, co_location or joint_working; formal: yes where a written pathway exists), "
        "starting with treatment and the services most women pass through: GP practices, "
        "midwifery, domestic abuse services, women's centres, probation and children's social "
        "care. Then run the report again: routes, silos and missed opportunities are judged "
        "once the links are there.",
        source=f"{CJI_MAPPING}; {WOMANIFESTO_R3}",
        affects=len(touchpoints(G, area)),
    )


def unlinked(smap: ServiceMap, G: nx.MultiDiGraph) -> dict[str, int]:
    """`unlinked_areas(smap)`, read from the map's graph G (`build_graph(smap)`, as every
    analysis takes it) and kept with it: `no_links` and `not_judged` of one report both ask.

    An agreed link is an edge with a hand-off (co-location has none), and an area is linked
    as soon as one of its services has one, either way: a linked area is settled by its first
    few services, where `unlinked_areas` reads every link of the map (134,000 models on a
    national map, 0.07 s). Cost: O(services and edges of the unlinked areas) plus a few
    services per linked area, the first time.
    """
    succ, pred = G._succ, G._pred

    def agreed(n: str) -> bool:
        return any(
            e["handoffs"]
            for side in (succ[n], pred[n])
            for keyed in side.values()
            for e in keyed.values()
        )

    def make() -> dict[str, int]:
        local = index(G).local
        return {area: len(nodes) for area, nodes in local.items() if not any(map(agreed, nodes))}

    return shared(G, "unlinked-areas", make)


def not_judged(
    findings: Iterable[Finding], smap: ServiceMap, G: nx.MultiDiGraph | None = None
) -> list[Finding]:
    """`findings` without those that judge routes in areas with no links yet (see module).
    G, when given, is the map's graph (`unlinked` is then asked only once per graph)."""
    areas = unlinked_areas(smap) if G is None else unlinked(smap, G)
    if not areas:
        return list(findings)
    pathways = {
        s.id for s in smap.standards if s.rule.split(":")[0].strip().lower() in ("pathway", "link")
    }
    return [
        f
        for f in findings
        if f.area not in areas
        or not (
            f.category in ROUTE_CATEGORIES
            or (f.category == "standards_gap" and f.subject_id in pathways)
        )
    ]
