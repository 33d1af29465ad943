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
    names,
    remedy,
    services_phrase,
)
from journeymap.graph.ends import reach as shared_reach
from journeymap.graph.index import index, shared, touchpoints
from journeymap.graph.quickest import quickest_routes
from journeymap.labels import plural
from journeymap.models import Finding, Link, ServiceMap, Severity
from journeymap.vocab import NATIONAL, footfall

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
    for node in _touchpoints(G):
        if node in reach:
            continue
        data = G.nodes[node]
        onward = len(set(G.succ[node]))
        linked = (
            f"It can refer women on to {plural(onward, 'other service')}, but none of them "
            "leads on to treatment either."
            if onward
            else "Other services link to it, but it has no link onward."
            if G.pred[node]
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
                affects=1,
            )
        )
    return findings


def long_pathways(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Touchpoints whose quickest route to treatment takes `LONG_PATHWAY` or more hand-offs.

    Cost: the shared reverse search to find them, then per finding one forward search that
    steps only onto services on a quickest route (`route_into` with `toward`, its tight links
    shared by every route: `quickest.QuickestRoutes`).
    """
    reach = shared_reach(G)
    routes = quickest_routes(G)
    findings = []
    for node in _touchpoints(G):
        steps = reach.get(node)
        if steps is None or steps < LONG_PATHWAY:
            continue
        route = routes.route(node)  # = route_into(G, node, toward=reach)
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
                affects=1,
            )
        )
    return findings


def informal_only(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Informal links that touchpoints' only routes into treatment rest on: one finding per
    link, listing the touchpoints (DESIGN §4).

    A touchpoint counts when it reaches treatment, but not by written pathways alone. The link
    its routes rest on is the informal link nearest treatment on its quickest route, where the
    routes of several touchpoints meet. Where that is each touchpoint's own link into the same
    service (several services refer informally to a hub whose route on is written down), one
    finding names the hub and them all. Severity by the busiest touchpoint listed. Cost: two
    reverse searches (all links, formal links only; shared), then one route per touchpoint.
    """
    reach = shared_reach(G)
    formal_reach = shared_reach(G, formal=True)
    routes = quickest_routes(G)
    resting: dict[int, list[str]] = {}
    into: dict[str, list[tuple[str, int]]] = {}
    for node in _touchpoints(G):
        if node not in reach or node in formal_reach:
            continue
        route = routes.route(node)  # = route_into(G, node, toward=reach)
        assert route is not None
        informal = [i for i in route.links if not smap.links[i].formal]
        if informal == [route.links[0]] and len(route.services) > 2:  # only her own link, to a hub
            into.setdefault(route.services[1], []).append((node, route.links[0]))
        elif informal:
            resting.setdefault(informal[-1], []).append(node)
    hubs = {hub: own for hub, own in into.items() if len(own) > 1}
    for own in hubs.values():  # a link some hub's services use is named with the hub
        for _node, link in list(own):
            own.extend((n, link) for n in resting.pop(link, []))
    for own in into.values():
        if len(own) == 1:  # one service's own informal link: a finding about that link
            node, link = own[0]
            resting.setdefault(link, []).append(node)
    position = index(G).position  # name the touchpoints in services.csv order
    findings = [
        _informal_finding(smap, G, smap.links[i], sorted(nodes, key=position.__getitem__))
        for i, nodes in resting.items()
    ]
    findings += [
        _informal_hub_finding(G, hub, sorted({n for n, _ in own}, key=position.__getitem__))
        for hub, own in hubs.items()
    ]
    return findings


def _informal_finding(
    smap: ServiceMap, G: nx.MultiDiGraph, link: Link, nodes: list[str]
) -> Finding:
    ends = f"{name(G, link.source)} → {name(G, link.target)}"
    kind = link.kind.replace("_", "-")
    lines = f" (links.csv line {link.line})" if link.line else ""
    note = f' Its note: "{link.notes}".' if link.notes else ""
    return Finding(
        area=_local_area(G, link.source, link.target),
        category="informal_only",
        severity=_busiest(G, nodes, ("medium", "low", "low")),
        subject_id=link.id,
        subject_name=f"{ends} ({kind})",
        finding=f"The quickest routes into treatment from {services_phrase(G, nodes)} rest on "
        f"one informal {kind}, {ends}, and no route from them runs on written pathways "
        "alone: if the person who holds it moves on, the route may go with them.",
        evidence=(
            "None of them reaches treatment by written pathways alone; their quickest routes "
            if len(nodes) > 1
            else "It does not reach treatment by written pathways alone; its quickest routes "
        )
        + f"all use this link{lines}.{note}",
        suggestion="Write this working relationship down as an agreed pathway or protocol (who "
        "refers, how, and what comes back), signed by both services, with cover when a "
        "worker is away.",
        source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
        affects=len(nodes),
    )


def _informal_hub_finding(G: nx.MultiDiGraph, hub: str, nodes: list[str]) -> Finding:
    them = services_phrase(G, nodes)
    return Finding(
        area=G.nodes[hub]["area"],
        category="informal_only",
        severity=_busiest(G, nodes, ("medium", "low", "low")),
        subject_id=hub,
        subject_name=f"Informal links into {name(G, hub)}",
        finding=f"The routes into treatment from {them} rest on their informal links into "
        f"{name(G, hub)}: its route on is written down, theirs to it are not.",
        evidence=f"Each of them reaches treatment only through {name(G, hub)}, and its own "
        "link there is informal (no agreed pathway or protocol).",
        suggestion=f"Agree written referral pathways from each of them to {name(G, hub)}, "
        "with cover when a worker is away.",
        source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
        affects=len(nodes),
    )


#: Touchpoints a one-way finding leaves out: treatment does not refer women back into custody,
#: and `other` services are too varied to ask it of.
NOT_REFERRED_BACK = frozenset({"prison", "police_custody", "other"})


def one_way_referrals(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Per treatment service, the touchpoints that refer women to it and that it never refers,
    hands or links back to: one finding per treatment service (DESIGN §4).

    National services, custody (prison, police custody) and `other` touchpoints are left out.
    Severity by the busiest touchpoint listed. Read from each treatment service's edges in:
    where no edge runs back, every edge in is a one-way referral (a two-way link, a
    co-location or joint working has its way back), so no link of the map need be read. In
    the order of each one's first such referral in links.csv, touchpoints likewise. Cost:
    O(edges into treatment).
    """
    ix = index(G)
    data, treatment, succ, pred = ix.data, ix.treatment_set, G._succ, G._pred
    sending: list[tuple[int, str, list[str]]] = []
    for treat in ix.treatment:
        if data[treat]["area"] == NATIONAL:
            continue
        back, touches, firsts = succ[treat], [], []
        for touch, keyed in pred[treat].items():
            if touch in treatment or touch in back:  # `touch in back`: G.has_edge(treat, touch)
                continue
            if data[touch]["area"] == NATIONAL or data[touch]["type"] in NOT_REFERRED_BACK:
                continue
            touches.append(touch)
            firsts.append(next(iter(keyed)))  # its first referral's row (keys: links in order)
        if touches:
            sending.append((min(firsts), treat, touches))
    sending.sort()  # (rows differ: no tie)
    return [_one_way_finding(G, treat, touches) for _, treat, touches in sending]


def _one_way_finding(G: nx.MultiDiGraph, treat: str, touch: list[str]) -> Finding:
    them = services_phrase(G, touch)
    return Finding(
        area=G.nodes[treat]["area"],
        category="one_way",
        severity=_busiest(G, touch, ("medium", "low", "low")),
        subject_id=treat,
        subject_name=name(G, treat),
        finding=f"{them} refer{'s' if len(touch) == 1 else ''} women to {name(G, treat)}, but "
        "nothing comes back: treatment does not refer, hand or link women back to "
        f"{'it' if len(touch) == 1 else 'them'}.",
        evidence=f"Referrals to {name(G, treat)} from {names(G, touch, limit=12)}; no "
        "referral, co-location or joint working the other way.",
        suggestion=f"Make these two-way pathways: agree how {name(G, treat)} and each of these "
        "services refer women to each other and share what happened, so her support carries "
        "on at both.",
        source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
        affects=len(touch),
    )


def _busiest(
    G: nx.MultiDiGraph, nodes: list[str], ladder: tuple[Severity, Severity, Severity]
) -> Severity:
    """The ladder's severity for the busiest of `nodes` (high, medium, low footfall)."""
    data = index(G).data
    return ladder[2 - max(footfall(data[n]["type"]) for n in nodes)]


def _touchpoints(G: nx.MultiDiGraph) -> list[str]:
    """`touchpoints(G)`, kept with the graph for the route analyses that each walk through
    all of them (shared: do not change it). Cost: O(V) the first time."""
    return shared(G, "route-touchpoints", lambda: touchpoints(G))


def _local_area(G: nx.MultiDiGraph, *nodes: str) -> str:
    areas = [G.nodes[n]["area"] for n in nodes]
    return next((a for a in areas if a != NATIONAL), areas[0])
