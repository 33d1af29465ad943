"""Findings about routes from touchpoints to treatment: none, too long, informal, one-way."""

from __future__ import annotations

import networkx as nx

from journeymap.analyse.text import (
    CJI_COLOCATION,
    CJI_MAPPING,
    CJI_PARTNERSHIPS,
    WOMANIFESTO_R3,
    by_footfall,
    describe_route,
    kind_of,
    name,
    remedy,
)
from journeymap.graph.ends import reach as shared_reach
from journeymap.graph.index import touchpoints, treatment_nodes
from journeymap.graph.routes import route_to
from journeymap.labels import plural
from journeymap.models import Finding, ServiceMap
from journeymap.vocab import footfall

__all__ = [
    "LONG_PATHWAY",
    "informal_only",
    "long_pathways",
    "missed_opportunities",
    "one_way_referrals",
]


#: From this many hand-offs a route is a 'signposting carousel' (DESIGN §4).
LONG_PATHWAY = 3


def missed_opportunities(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Touchpoints from which no treatment service can be reached at all.

    One finding per such touchpoint; severity by how many women pass through its type.
    Cost: one reverse search from all treatment services, O(V + E), shared with the other
    route analyses of the same graph.
    """
    reach = shared_reach(G)
    findings = []
    for node in touchpoints(G):
        if node in reach:
            continue
        data = G.nodes[node]
        degree = len(set(G.pred[node]) | set(G.succ[node]))
        linked = (
            f"It links to {plural(degree, 'other service')}, but none of them leads on to "
            "treatment either."
            if degree
            else "It has no links to any other service."
        )
        findings.append(
            Finding(
                area=data["area"],
                category="missed_opportunity",
                severity=by_footfall(data["type"], ("high", "medium", "low")),
                subject_id=node,
                subject_name=name(G, node),
                finding=f"Women who come to {name(G, node)} ({kind_of(G, node)}) have "
                "no route into drug and alcohol treatment.",
                evidence="No referral, co-location or joint working leads from it to any "
                f"treatment service, directly or through other services. {linked}",
                suggestion=remedy(data["type"]),
                source=f"{WOMANIFESTO_R3}; {CJI_MAPPING}",
            )
        )
    return findings


def long_pathways(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Touchpoints whose quickest route to treatment takes `LONG_PATHWAY` or more hand-offs.

    Cost: the shared reverse search to find them, then per finding one forward search that
    steps only onto services on a quickest route (`route_to` with `toward`).
    """
    reach = shared_reach(G)
    targets = set(treatment_nodes(G))
    findings = []
    for node in touchpoints(G):
        steps = reach.get(node)
        if steps is None or steps < LONG_PATHWAY:
            continue
        route = route_to(G, node, targets, toward=reach)
        assert route is not None  # reach says there is one
        data = G.nodes[node]
        severity = by_footfall(data["type"], ("medium", "low", "low"))
        if footfall(data["type"]) == 2 and steps > LONG_PATHWAY:
            severity = "high"
        findings.append(
            Finding(
                area=data["area"],
                category="long_pathway",
                severity=severity,
                subject_id=node,
                subject_name=name(G, node),
                finding=f"From {name(G, node)}, a woman is passed on {steps} times before she "
                "reaches treatment: each hand-off is a point where she can be lost.",
                evidence=f"Quickest route: {describe_route(G, smap, route)}.",
                suggestion=f"Shorten the route to one hand-off. {remedy(data['type'])}",
                source=f"{WOMANIFESTO_R3}; {CJI_COLOCATION}",
            )
        )
    return findings


def informal_only(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Touchpoints that reach treatment only by routes that use at least one informal link.

    Cost: two reverse searches (all links, formal links only; shared), then one route per
    finding, searched as in `long_pathways`.
    """
    reach = shared_reach(G)
    formal_reach = shared_reach(G, formal=True)
    targets = set(treatment_nodes(G))
    findings = []
    for node in touchpoints(G):
        if node not in reach or node in formal_reach:
            continue
        route = route_to(G, node, targets, toward=reach)
        assert route is not None
        informal = [smap.links[i] for i in route.links if not smap.links[i].formal]
        between = "; ".join(f"{name(G, link.source)} – {name(G, link.target)}" for link in informal)
        data = G.nodes[node]
        findings.append(
            Finding(
                area=data["area"],
                category="informal_only",
                severity=by_footfall(data["type"], ("medium", "low", "low")),
                subject_id=node,
                subject_name=name(G, node),
                finding=f"Every route from {name(G, node)} into treatment rests on informal "
                "links: if one person moves on, the route goes with them.",
                evidence=f"Quickest route: {describe_route(G, smap, route)}. No route uses "
                f"written pathways only; informal here: {between}.",
                suggestion="Write the working relationship down as an agreed pathway or "
                "protocol (who refers, how, and what comes back), signed by both services.",
                source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
            )
        )
    return findings


def one_way_referrals(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Referrals between treatment and a touchpoint with nothing at all coming back.

    A pair counts once, however many one-way referrals it has. Cost: O(E).
    """
    findings = []
    seen: set[tuple[str, str]] = set()
    for link in smap.links:
        if link.both_ways or G.has_edge(link.target, link.source):
            continue
        a, b = G.nodes[link.source], G.nodes[link.target]
        if a["treatment"] == b["treatment"] or (link.source, link.target) in seen:
            continue
        seen.add((link.source, link.target))
        touch = link.target if a["treatment"] else link.source
        treat = link.source if a["treatment"] else link.target
        if a["treatment"]:
            finding = (
                f"{name(G, treat)} refers women on to {name(G, touch)}, but {name(G, touch)} "
                "has no way to refer women back into treatment."
            )
        else:
            finding = (
                f"{name(G, touch)} refers women to {name(G, treat)}, but nothing comes back: "
                f"treatment does not refer or hand women back to {name(G, touch)}."
            )
        formality = "formal" if link.formal else "informal"
        where = f" (links.csv line {link.line})" if link.line else ""
        findings.append(
            Finding(
                area=G.nodes[touch]["area"],
                category="one_way",
                severity=by_footfall(G.nodes[touch]["type"], ("medium", "low", "low")),
                subject_id=link.id,
                subject_name=f"{name(G, link.source)} → {name(G, link.target)}",
                finding=finding,
                evidence=f"One {formality} referral, {name(G, link.source)} → "
                f"{name(G, link.target)}{where}; no referral, "
                "co-location or joint working the other way.",
                suggestion=f"Make it a two-way pathway: agree how {name(G, touch)} and "
                f"{name(G, treat)} refer women to each other and share what happened, so her "
                "support carries on at both.",
                source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
            )
        )
    return findings
