"""Findings about how fragile the network is: single points of failure and silos."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from ..graph import area_nodes, touchpoints, treatment_nodes
from ..models import Finding, ServiceMap, Severity
from ..vocab import NATIONAL, footfall
from .text import (
    CJI_MAPPING,
    CJI_PARTNERSHIPS,
    WOMANIFESTO_R3,
    kind_of,
    name,
    names,
    plural,
    services_phrase,
)

_TREATMENT = ("treatment",)  # the virtual node every treatment service leads to


def dominated_touchpoints(smap: ServiceMap, G: nx.MultiDiGraph) -> dict[Any, list[str]]:
    """Each service or link some touchpoints cannot reach treatment without, with those touchpoints.

    Keys are service ids (str) or `("link", index)`. Each link becomes a node between its two
    services, so a single dominator tree answers for services and links alike; the tree is
    built on the reversed graph rooted at a virtual node fed by every treatment service, so `d`
    dominates `s` exactly when every route from `s` to treatment passes through `d`.
    Treatment services themselves are not reported. Cost: O((V + E) log(V + E)) for the tree,
    plus the depth of the tree per touchpoint.
    """
    H: nx.DiGraph = nx.DiGraph()
    H.add_nodes_from(G.nodes)
    for u, v, key in G.edges(keys=True):
        link = ("link", key)
        H.add_edge(v, link)
        H.add_edge(link, u)
    treatment = treatment_nodes(G)
    H.add_edges_from((_TREATMENT, t) for t in treatment)
    if not treatment:
        return {}
    idom = nx.immediate_dominators(H, _TREATMENT)
    is_treatment = set(treatment)
    cut_off: dict[Any, list[str]] = defaultdict(list)
    for node in touchpoints(G):
        if node not in idom:
            continue  # no route at all: a missed opportunity, not a single point of failure
        d = idom[node]
        while d != _TREATMENT:
            if d not in is_treatment:
                cut_off[d].append(node)
            d = idom[d]
    return dict(cut_off)


def single_points_of_failure(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Services and links whose loss would cut touchpoints off from treatment.

    Severity: high when a touchpoint most women pass through (GP, midwifery, domestic abuse,
    women's centre, probation, children's social care) or three or more touchpoints would be
    cut off; medium for two, or one of middling footfall; low otherwise. A formal link is one
    step less severe than an informal one, which may hang on one person.
    """
    findings = []
    for subject, cut in dominated_touchpoints(smap, G).items():
        tiers = [footfall(G.nodes[n]["type"]) for n in cut]
        severity: Severity = (
            "high"
            if 2 in tiers or len(cut) >= 3
            else "medium"
            if len(cut) == 2 or 1 in tiers
            else "low"
        )
        cut_names = names(G, cut)
        lost = services_phrase(G, cut)
        if isinstance(subject, tuple):
            link = smap.links[subject[1]]
            if link.formal and severity != "low":
                severity = "medium" if severity == "high" else "low"
            ends = f"{name(G, link.source)} → {name(G, link.target)}"
            area = _area_of(G, link.source, link.target)
            formality = "written pathway" if link.formal else "informal link"
            findings.append(
                Finding(
                    area=area,
                    category="single_point_of_failure",
                    severity=severity,
                    subject_id=link.id,
                    subject_name=f"{ends} ({link.kind.replace('_', '-')})",
                    finding=f"Women at {lost} reach treatment only through one {formality}: "
                    f"{ends}. If it lapses, they have no route at all.",
                    evidence=f"Every route from {cut_names} to treatment uses this "
                    f"{link.kind.replace('_', '-')} link"
                    + (f" (links.csv line {link.line})." if link.line else "."),
                    suggestion="Add a second route that does not depend on this link: a direct "
                    "pathway from the touchpoint to treatment, or a co-located session"
                    + ("." if link.formal else ", and write this one down as an agreed pathway."),
                    source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
                )
            )
        else:
            findings.append(
                Finding(
                    area=G.nodes[subject]["area"],
                    category="single_point_of_failure",
                    severity=severity,
                    subject_id=subject,
                    subject_name=name(G, subject),
                    finding=f"Every route into treatment from {lost} passes through "
                    f"{name(G, subject)} ({kind_of(G, subject)}): if it closes or loses "
                    "its worker, they are cut off.",
                    evidence=f"Removing {name(G, subject)} leaves {cut_names} with no route "
                    "to any treatment service.",
                    suggestion="Give these services a direct route to treatment of their own "
                    "(a referral pathway or a co-located session), so no single service is the "
                    "only way in.",
                    source=f"{WOMANIFESTO_R3}; {CJI_MAPPING}",
                )
            )
    return findings


def _area_of(G: nx.MultiDiGraph, *nodes: str) -> str:
    areas = [G.nodes[n]["area"] for n in nodes]
    return next((a for a in areas if a != NATIONAL), areas[0])


def silos(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Services, or groups of services, with no link to the rest of their area.

    Per area, the network is its services plus national ones, read without direction; every
    connected part other than the main one (the one with most treatment services, then most
    services) is a silo. Parts made only of national services are reported once, under
    `national`. Cost: O(V + E) per area.
    """
    findings = []
    for area in [*smap.area_names(), NATIONAL]:
        members = area_nodes(G, area) if area != NATIONAL else list(G.nodes)
        view = G.subgraph(members).to_undirected(as_view=True)
        parts = sorted(
            nx.connected_components(view),
            key=lambda c: (-sum(G.nodes[n]["treatment"] for n in c), -len(c), min(c)),
        )
        for part in parts[1:]:
            local = [n for n in part if G.nodes[n]["area"] == area]
            if not local or (area == NATIONAL and len(local) != len(part)):
                continue
            findings.append(_silo(G, area, sorted(part)))
    return findings


def _silo(G: nx.MultiDiGraph, area: str, part: list[str]) -> Finding:
    tiers = [footfall(G.nodes[n]["type"]) for n in part]
    has_treatment = any(G.nodes[n]["treatment"] for n in part)
    severity: Severity = (
        "high" if has_treatment or 2 in tiers else "medium" if 1 in tiers else "low"
    )
    where = "nationally" if area == NATIONAL else f"in {area}"
    if len(part) == 1:
        node = part[0]
        finding = (
            f"{name(G, node)} ({kind_of(G, node)}) has no link to any other service "
            f"{where}: women who come there are not connected to anything else."
        )
        evidence = "No referral, co-location or joint working to or from it in links.csv."
    else:
        finding = (
            f"{plural(len(part), 'service')} ({names(G, part)}) work only with each other, "
            f"with no link to the rest of the network {where}."
        )
        evidence = (
            f"They are linked among themselves but have no link to the main network {where}"
            + (", which holds the treatment services." if not has_treatment else ".")
        )
    return Finding(
        area=area,
        category="silo",
        severity=severity,
        subject_id=";".join(part),
        subject_name="; ".join(name(G, n) for n in part),
        finding=finding,
        evidence=evidence,
        suggestion="Bring them into the local partnership: a place at the multi-agency "
        "meeting, shared training, and a referral pathway to and from treatment.",
        source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
    )
