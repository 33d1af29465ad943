"""Findings about how fragile the network is: single points of failure and silos."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from journeymap.analyse.areaparts import area_parts
from journeymap.analyse.dominators import dominated_touchpoints, immediate_dominators
from journeymap.analyse.text import (
    CJI_MAPPING,
    CJI_PARTNERSHIPS,
    WOMANIFESTO_R3,
    kind_of,
    name,
    names,
    services_phrase,
)
from journeymap.graph import fastreach
from journeymap.graph.index import area_edges, index, members
from journeymap.labels import plural
from journeymap.models import Finding, ServiceMap, Severity
from journeymap.vocab import NATIONAL, footfall

__all__ = ["dominated_touchpoints", "immediate_dominators", "silos", "single_points_of_failure"]


def single_points_of_failure(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Services and links whose loss would cut other touchpoints off from treatment, one
    finding per cause (DESIGN §4).

    A service and the links beside it that cut off exactly the same touchpoints are one cause
    (an outreach worker and her one link into treatment): one finding names them all. A
    service whose links are all written pathways is framed as a key partner to protect.
    Severity: high when a touchpoint most women pass through (GP, midwifery, domestic abuse,
    women's centre, probation, children's social care) or three or more touchpoints would be
    cut off; medium for two, or one of middling footfall; low otherwise; one step lower for a
    formal link or a key partner, which do not hang on one person. Cost: the dominator tree
    (`dominated_touchpoints`), then O(subjects).
    """
    findings = []
    for cause in _causes(smap, G, dominated_touchpoints(smap, G)):
        findings.append(_cause_finding(smap, G, cause))
    return findings


@dataclass(frozen=True)
class _Cause:
    """One thing to fix: a service (or none) with the links beside it that carry the same
    touchpoints, and those touchpoints."""

    service: str | None
    links: tuple[int, ...]
    cut: tuple[str, ...]


def _causes(smap: ServiceMap, G: nx.MultiDiGraph, dominated: dict[Any, list[str]]) -> list[_Cause]:
    """The single points grouped by cause: each link joins the service at one of its ends that
    cuts off the same touchpoints (the one it starts from first), else stands alone."""
    services = {s: tuple(cut) for s, cut in dominated.items() if isinstance(s, str)}
    joined: dict[str, list[int]] = {s: [] for s in services}
    alone: list[_Cause] = []
    for subject, cut in dominated.items():
        if isinstance(subject, str):
            continue
        link = smap.links[subject[1]]
        same = [e for e in (link.source, link.target) if services.get(e) == tuple(cut)]
        if same:
            joined[same[0]].append(subject[1])
        else:
            alone.append(_Cause(None, (subject[1],), tuple(cut)))
    causes = [_Cause(s, tuple(joined[s]), cut) for s, cut in services.items()]
    return causes + alone


def _severity(G: nx.MultiDiGraph, cut: Sequence[str], *, steadier: bool) -> Severity:
    tiers = [footfall(G.nodes[n]["type"]) for n in cut]
    severity: Severity = (
        "high"
        if 2 in tiers or len(cut) >= 3
        else "medium"
        if len(cut) == 2 or 1 in tiers
        else "low"
    )
    if steadier:
        return "medium" if severity == "high" else "low"
    return severity


def _cause_finding(smap: ServiceMap, G: nx.MultiDiGraph, cause: _Cause) -> Finding:
    cut, lost = cause.cut, services_phrase(G, cause.cut)
    links = [smap.links[i] for i in cause.links]
    ends = "; ".join(f"{name(G, k.source)} → {name(G, k.target)}" for k in links)
    lines = [str(k.line) for k in links if k.line]
    where = f" (links.csv line {', '.join(lines)})" if lines else ""
    if cause.service is None:
        (link,) = links
        formality = "written pathway" if link.formal else "informal link"
        kind = link.kind.replace("_", "-")
        return Finding(
            area=_area_of(G, link.source, link.target),
            category="single_point_of_failure",
            severity=_severity(G, cut, steadier=link.formal),
            subject_id=link.id,
            subject_name=f"{ends} ({kind})",
            finding=f"Women at {lost} reach treatment only through one {formality}: "
            f"{ends}. If it lapses, they have no route at all.",
            evidence=f"Every route from {names(G, cut)} to treatment uses this {kind} link{where}.",
            suggestion="Add a second route that does not depend on this link: a direct "
            "pathway from the touchpoint to treatment, or a co-located session"
            + ("." if link.formal else ", and write this one down as an agreed pathway."),
            source=f"{WOMANIFESTO_R3}; {CJI_PARTNERSHIPS}",
            affects=len(cut),
        )
    node = cause.service
    hub = _all_formal(smap, G, node)
    via = f" and {'its link' if len(links) == 1 else 'its links'} {ends}" if links else ""
    if hub:
        finding = (
            f"{name(G, node)} ({kind_of(G, node)}) is a key partner: every route into "
            f"treatment from {lost} passes through it{via}. Its pathways are written down; "
            "protect them."
        )
        suggestion = (
            "Protect this partner: keep its pathways in contracts and plans, cover its posts "
            "when staff leave, and give the services that depend on it a second route too."
        )
    else:
        finding = (
            f"Every route into treatment from {lost} passes through {name(G, node)} "
            f"({kind_of(G, node)}){via}: if it closes or loses its worker, they are cut off."
        )
        suggestion = (
            "Give these services a direct route to treatment of their own (a referral "
            "pathway or a co-located session), so no single service is the only way in"
            + (", and write the links it holds down as agreed pathways." if links else ".")
        )
    return Finding(
        area=G.nodes[node]["area"],
        category="single_point_of_failure",
        severity=_severity(G, cut, steadier=hub),
        subject_id=node,
        subject_name=name(G, node),
        finding=finding,
        evidence=f"Removing {name(G, node)}{' or ' + ends if links else ''} leaves "
        f"{names(G, cut)} with no route to any treatment service{where}.",
        suggestion=suggestion,
        source=f"{WOMANIFESTO_R3}; {CJI_MAPPING}",
        affects=len(cut),
    )


def _all_formal(smap: ServiceMap, G: nx.MultiDiGraph, node: str) -> bool:
    """True when every link to or from the service is a written pathway."""
    keys = {k for _, _, k in G.in_edges(node, keys=True)} | {
        k for _, _, k in G.out_edges(node, keys=True)
    }
    return bool(keys) and all(smap.links[k].formal for k in keys)


def _area_of(G: nx.MultiDiGraph, *nodes: str) -> str:
    areas = [G.nodes[n]["area"] for n in nodes]
    return next((a for a in areas if a != NATIONAL), areas[0])


def silos(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Services, or groups of services, with no link to the rest of their area.

    Per area, the network is its services plus national ones, read without direction; every
    connected part other than the main one (the one with most treatment services, then most
    services) is a silo. Parts made only of national services are reported once, under
    `national`. Cost: O(services + links) per area, with the links of each area sorted out
    once per graph (`graph.index.area_edges`): linear in the size of the map.
    """
    findings = []
    ix = index(G)
    data, treatment = ix.data, ix.treatment_set  # no view's look-up per service
    areas = smap.area_names()
    # National maps: every area's parts at once in array code; an area left out has none
    # that could be a silo (`areaparts.area_parts`).
    every = area_parts(G, areas) if len(G) >= fastreach.SMALL else None
    for area in [*areas, NATIONAL]:
        if every is not None:
            if area not in every:
                continue
            parts = every[area]
        elif area == NATIONAL:
            parts = _components(list(G.nodes), G.edges())
        else:
            parts = _components(members(G, area), area_edges(G, area))
        parts.sort(key=lambda c: (-len(treatment.intersection(c)), -len(c), min(c)))
        for part in parts[1:]:
            local = [n for n in part if data[n]["area"] == area]
            if not local or (area == NATIONAL and len(local) != len(part)):
                continue
            findings.append(_silo(G, area, sorted(part)))
    return findings


def _components(nodes: list[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected parts of `nodes` joined by `edges` (read without direction), by union-find."""
    parent = {n: n for n in nodes}

    def top(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for u, v in edges:
        a, b = top(u), top(v)
        if a != b:
            parent[a] = b
    parts: dict[str, list[str]] = {}
    for n in nodes:
        parts.setdefault(top(n), []).append(n)
    return list(parts.values())


def _silo(G: nx.MultiDiGraph, area: str, part: list[str]) -> Finding:
    tiers = [footfall(G.nodes[n]["type"]) for n in part]
    has_treatment = any(G.nodes[n]["treatment"] for n in part)
    severity: Severity = (
        "high" if has_treatment or 2 in tiers else "medium" if 1 in tiers else "low"
    )
    where = "nationally" if area == NATIONAL else f"in {area}"
    if len(part) == 1:
        node = part[0]
        # Its only links may run to another area: then it is cut off here, not from everything.
        elsewhere = len(set(G.pred[node]) | set(G.succ[node]))
        finding = (
            f"{name(G, node)} ({kind_of(G, node)}) has no link to any other service "
            f"{where}"
            + (
                " or nationally: its only links go to "
                f"{plural(elsewhere, 'service')} in other areas."
                if elsewhere
                else ": women who come there are not connected to anything else."
            )
        )
        evidence = (
            "Its only referral, co-location or joint working links are with services in other "
            "areas."
            if elsewhere
            else "No referral, co-location or joint working to or from it in links.csv."
        )
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
        affects=sum(not G.nodes[n]["treatment"] for n in part),
    )
