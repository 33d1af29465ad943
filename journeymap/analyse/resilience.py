"""Findings about how fragile the network is: single points of failure and silos."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from journeymap.analyse.text import (
    CJI_MAPPING,
    CJI_PARTNERSHIPS,
    WOMANIFESTO_R3,
    kind_of,
    name,
    names,
    services_phrase,
)
from journeymap.graph.index import area_edges, members, touchpoints, treatment_nodes
from journeymap.labels import plural
from journeymap.models import Finding, ServiceMap, Severity
from journeymap.vocab import NATIONAL, footfall

__all__ = ["dominated_touchpoints", "immediate_dominators", "silos", "single_points_of_failure"]


def dominated_touchpoints(smap: ServiceMap, G: nx.MultiDiGraph) -> dict[Any, list[str]]:
    """Each service or link some touchpoints cannot reach treatment without, with those touchpoints.

    Keys are service ids (str) or `("link", index)`, in the order met walking up from each
    touchpoint (graph order); each list of touchpoints is in graph order. Treatment services
    themselves are not reported.

    How: over the reversed graph, rooted at a virtual node that leads to every treatment
    service, service `d` dominates `s` exactly when every route from `s` to treatment passes
    through `d`; one dominator tree (`immediate_dominators`) answers for every touchpoint at
    once. A link is a dominator when one of its directions (`x → y` in the reversed graph) is
    the only way into `y` from outside the part of the tree below `y`, and `y` is `s` or one of
    its dominators. (A link whose two directions are each avoidable cannot be needed: a route
    could enter by one and leave by the other without it.) Cost: about O((V + E) log V) for the
    tree, O(E) for the links, plus the depth of the tree per touchpoint.
    """
    treatment = treatment_nodes(G)
    if not treatment:
        return {}
    nodes = list(G.nodes)
    position = {n: i for i, n in enumerate(nodes)}
    root = len(nodes)
    succ, pred = G._succ, G._pred  # raw adjacency (see graph.handoffs_to)
    # Reversed graph: from v one may step back to each u with an edge u -> v.
    forward = [[position[u] for u in pred[n]] for n in nodes]
    forward.append([position[t] for t in treatment])
    # Ways into u in the reversed graph: from each v with an edge u -> v, and from the root.
    into = [[position[v] for v in succ[n]] for n in nodes]
    is_treatment = [False] * len(nodes)
    for t in treatment:
        into[position[t]].append(root)
        is_treatment[position[t]] = True
    idom = immediate_dominators(forward, into, root)
    entry = _entry_links(G, nodes, position, idom, root)
    cut_off: dict[Any, list[str]] = defaultdict(list)
    for node in touchpoints(G):
        i = position[node]
        if idom[i] < 0:
            continue  # no route at all: a missed opportunity, not a single point of failure
        if entry[i] >= 0:
            cut_off["link", entry[i]].append(node)
        d = idom[i]
        while d != root:
            if not is_treatment[d]:
                cut_off[nodes[d]].append(node)
            if entry[d] >= 0:
                cut_off["link", entry[d]].append(node)
            d = idom[d]
    return dict(cut_off)


def immediate_dominators(forward: list[list[int]], into: list[list[int]], root: int) -> list[int]:
    """Immediate dominator of every node of a graph given as integer adjacency lists.

    `forward[v]`: nodes reachable in one step from v; `into[v]`: nodes with a step to v. Returns
    `idom` with `idom[root] == root` and -1 for nodes the root cannot reach. The iterative
    algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001), the
    one networkx's `immediate_dominators` uses, on lists of integers instead of graph views:
    eight times faster on a national map. Cost: O(E) per pass; a few passes in practice.
    """
    n = len(forward)
    order = _postorder(forward, root)
    rank = [-1] * n
    for i, v in enumerate(order):
        rank[v] = i
    idom = [-1] * n
    idom[root] = root
    ordered = [v for v in reversed(order) if v != root]
    changed = True
    while changed:
        changed = False
        for v in ordered:
            new = -1
            for p in into[v]:
                if idom[p] < 0:
                    continue
                if new < 0:
                    new = p
                    continue
                a, b = p, new
                while a != b:
                    while rank[a] < rank[b]:
                        a = idom[a]
                    while rank[b] < rank[a]:
                        b = idom[b]
                new = a
            if idom[v] != new:
                idom[v] = new
                changed = True
    return idom


def _postorder(forward: list[list[int]], root: int) -> list[int]:
    """Nodes reachable from `root` in depth-first postorder, without recursion."""
    seen = [False] * len(forward)
    seen[root] = True
    order: list[int] = []
    stack = [(root, iter(forward[root]))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if not seen[child]:
                seen[child] = True
                stack.append((child, iter(forward[child])))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def _entry_links(
    G: nx.MultiDiGraph, nodes: list[str], position: dict[str, int], idom: list[int], root: int
) -> list[int]:
    """For each node, the link that is its only way in from outside its dominator subtree, or -1.

    Ways in (in the reversed graph) come from each successor in G, one per parallel link, and
    from the root for treatment services; a node with the root as a way in never has a link.
    """
    size = len(idom)
    children: list[list[int]] = [[] for _ in range(size)]
    for v, d in enumerate(idom):
        if d >= 0 and v != root:
            children[d].append(v)
    first, last = [0] * size, [0] * size  # v is below d when first[d] <= first[v] <= last[d]
    clock = 0
    stack = [(root, 0)]
    while stack:
        v, i = stack.pop()
        if i == 0:
            first[v] = clock
            clock += 1
        if i < len(children[v]):
            stack.append((v, i + 1))
            stack.append((children[v][i], 0))
        else:
            last[v] = clock - 1
    treatment = G.nodes
    succ = G._succ
    entry = [-1] * size
    for v, node in enumerate(nodes):
        if idom[v] < 0 or treatment[node]["treatment"]:
            continue
        found = -1
        for after, keys in succ[node].items():
            p = position[after]
            if idom[p] < 0 or first[v] <= first[p] <= last[v]:
                continue  # unreachable, or reached only through v itself
            if found != -1 or len(keys) > 1:
                found = -2  # a second way in
                break
            found = next(iter(keys))
        if found >= 0:
            entry[v] = found
    return entry


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
    `national`. Cost: O(services + links) per area, with the links of each area sorted out
    once per graph (`graphindex.area_edges`): linear in the size of the map.
    """
    findings = []
    data = G.nodes
    for area in [*smap.area_names(), NATIONAL]:
        if area == NATIONAL:
            parts = _components(list(G.nodes), G.edges())
        else:
            parts = _components(members(G, area), area_edges(G, area))
        parts.sort(key=lambda c: (-sum(data[n]["treatment"] for n in c), -len(c), min(c)))
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
    )
