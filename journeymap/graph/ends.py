"""Where a route into treatment ends (DESIGN §3): one answer for every analysis, the app and
the board report.

A route ends at the first treatment service she reaches: she is assessed there, and what it
offers is what she meets. So a route never passes *through* a treatment service on its way to
another (community treatment to a women-only rehab is an onward referral, not her way in);
links across an area border count like any other; and services co-located at one site are
joined with no hand-off (co-location costs none). Every question "can she get to treatment,
in how many hand-offs, and to which" goes through `treatment_reach` and `route_into`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import networkx as nx

from journeymap.graph.fastreach import fast_handoffs
from journeymap.graph.index import index, shared, treatment_nodes
from journeymap.graph.routes import EdgeFilter, Route, formal_only, handoffs_to, route_to

__all__ = ["reach", "route_into", "treatment_reach", "warm"]


def _blocked(G: nx.MultiDiGraph, avoid: Collection[str]) -> Collection[str]:
    treatment = index(G).treatment_set
    return treatment | set(avoid) if avoid else treatment


def treatment_reach(
    G: nx.MultiDiGraph,
    ends: Iterable[str] | None = None,
    *,
    avoid: Collection[str] = (),
    edge_ok: EdgeFilter | None = None,
) -> dict[str, int]:
    """Fewest hand-offs from every service whose routes can end at one of `ends` (default:
    every treatment service) to the nearest of them.

    A route may not pass through any treatment service (it would have ended there) nor
    through a service in `avoid` (one may start there). Services absent from the result have
    no such route. Cost: one search, O(V + E); on a graph of `fastreach.SMALL` services or
    more (and over every link or written pathways only) in compiled code.
    """
    targets = treatment_nodes(G) if ends is None else ends
    if edge_ok is None or edge_ok is formal_only:
        found = fast_handoffs(G, targets, blocked=_blocked(G, avoid), edge_ok=edge_ok)
        if found is not None:  # a national map: the same search in compiled code
            return found
    if edge_ok is not None:
        return handoffs_to(G, targets, edge_ok=edge_ok, blocked=_blocked(G, avoid))
    return handoffs_to(G, targets, blocked=_blocked(G, avoid), backward=_backward(G))


def _backward(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, int]]]:
    """Each service's neighbours before it, each once, with the fewest hand-offs of the links
    between: the searches over every link read these lists several times faster than the
    graph's dicts of link dicts (every persona's search runs over the whole map). Kept with
    the graph. Cost: O(E) the first time."""

    def make() -> dict[str, list[tuple[str, int]]]:
        back: dict[str, list[tuple[str, int]]] = {n: [] for n in G}
        for u, after in G.adjacency():
            for v, keys in after.items():
                back[v].append((u, min(e["handoffs"] for e in keys.values())))
        return back

    return shared(G, "backward-adjacency", make)


def route_into(
    G: nx.MultiDiGraph,
    source: str,
    ends: Collection[str] | None = None,
    *,
    avoid: Collection[str] = (),
    toward: Mapping[str, int] | None = None,
) -> Route | None:
    """The quickest route from `source` to one of `ends` (default: any treatment), under the
    same rule as `treatment_reach`, or None. `toward`, when given, must be the
    `treatment_reach` of the same ends and avoid (it narrows the search; same answer).
    Cost: O(V + E), or the size of the quickest routes with `toward`.
    """
    targets = index(G).treatment_set if ends is None else ends
    return route_to(G, source, targets, blocked=_blocked(G, avoid), toward=toward)


def reach(G: nx.MultiDiGraph, *, formal: bool = False) -> dict[str, int]:
    """Fewest hand-offs from each service to treatment (`treatment_reach` to every treatment
    service), over all links or written pathways only. Computed once per graph and shared:
    do not change the dict. Cost: O(V + E) the first time.
    """
    ix = index(G)
    key = "formal" if formal else "all"
    found = ix.reach.get(key)
    if found is None:
        edge_ok = formal_only if formal else None
        found = ix.reach[key] = treatment_reach(G, edge_ok=edge_ok)
    return found


def warm(G: nx.MultiDiGraph) -> None:
    """Work out now what analyses in several processes would each work out again: the index,
    the adjacency (lists, or arrays on a national map: every persona's search) and the search
    from treatment (the route analyses), which makes them. What only one analysis uses is left
    to it. Cost: O(V + E), once per graph.
    """
    reach(G)
