"""ServiceMap → networkx graph, and the route questions every analysis asks of it.

Route semantics (DESIGN §3): a woman at A can move to B along a referral A→B (and B→A when
two-way), or either way along a co-location or joint working. Each such move is one directed
edge of a `MultiDiGraph`, keyed by the link's index in `ServiceMap.links`, so parallel links
(a referral and a co-location between the same pair) stay distinct. Referral and joint working
cost one hand-off; co-location costs none, because she is seen where she already is.

Fewest hand-offs is a 0-1 shortest path, answered by a deque-based breadth-first search in
O(V + E): one search from all treatment services at once over reversed edges gives every
service's distance to treatment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from journeymap.models import Link, ServiceMap
from journeymap.runtime.gcpause import without_gc
from journeymap.vocab import GROUP_OF, TREATMENT_TYPES

__all__ = ["build_graph"]

EdgeFilter = Callable[[dict[str, Any]], bool]


@without_gc
def build_graph(smap: ServiceMap) -> nx.MultiDiGraph:
    """One node per service (its fields as attributes), one edge per direction of each link.

    Edge attributes: `kind`, `formal`, `two_way`, `handoffs` (0 or 1), `link` (index into
    `smap.links`) and `back` (True for the B→A edge of a two-way link). Cost: O(V + E).
    """
    G = nx.MultiDiGraph()
    nodes = (
        (
            s.id,
            {
                "name": s.name,
                "type": s.type,
                "group": GROUP_OF.get(s.type, "other"),
                "area": s.area,
                "provider": s.provider,
                "women_only": s.women_only,
                "offers": s.offers,
                "latitude": s.latitude,
                "longitude": s.longitude,
                "treatment": s.type in TREATMENT_TYPES,
            },
        )
        for s in smap.services
    )
    if _plain(G):
        _fill(G, nodes, _edges(smap.links))
    else:
        G.add_nodes_from(nodes)
        G.add_edges_from(_edges(smap.links))
    return G


def _plain(G: nx.MultiDiGraph) -> bool:
    """True when G keeps its adjacency in plain dicts, as networkx 3's MultiDiGraph does."""
    factories = (
        G.node_dict_factory,
        G.node_attr_dict_factory,
        G.adjlist_outer_dict_factory,
        G.adjlist_inner_dict_factory,
        G.edge_key_dict_factory,
        G.edge_attr_dict_factory,
    )
    return (
        type(G) is nx.MultiDiGraph
        and all(f is dict for f in factories)
        and isinstance(getattr(G, "_succ", None), dict)
        and G._succ is G._adj
        and isinstance(getattr(G, "_pred", None), dict)
        and isinstance(getattr(G, "_node", None), dict)
    )


def _fill(
    G: nx.MultiDiGraph,
    nodes: Iterable[tuple[str, dict[str, Any]]],
    edges: Iterable[tuple[str, str, int, dict[str, Any]]],
) -> None:
    """Fill an empty graph with exactly what `add_nodes_from` and `add_edges_from` would add.

    Those methods go through `add_edge` and several views for every edge; writing the same
    dicts directly takes half the time on a national map (135,000 links: 2.3 s against 4.4 s,
    medians of six interleaved runs on a busy 2-core machine). networkx's private attributes
    are written only here, only when `_plain` finds them as networkx 3.4–3.6 lays them out
    (the versions pyproject.toml allows); the result is checked against the public methods in
    the tests (same nodes, edges, keys, data, order).
    """
    node, succ, pred = G._node, G._succ, G._pred
    for n, attrs in nodes:
        if n in node:
            node[n].update(attrs)
            continue
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for u, v, key, data in edges:
        for n in (u, v):
            if n not in node:  # as add_edge does for an end it has not seen
                node[n], succ[n], pred[n] = {}, {}, {}
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[key] = data
    nx._clear_cache(G)


def _edges(links: Iterable[Link]) -> Iterable[tuple[str, str, int, dict[str, Any]]]:
    for i, link in enumerate(links):
        kind, formal, both, handoffs = link.kind, link.formal, link.both_ways, link.handoffs
        # Each edge's dict written out whole: 180,000 of them on a national map.
        yield (
            link.source,
            link.target,
            i,
            {
                "kind": kind,
                "formal": formal,
                "two_way": both,
                "handoffs": handoffs,
                "link": i,
                "back": False,
            },
        )
        if both:
            yield (
                link.target,
                link.source,
                i,
                {
                    "kind": kind,
                    "formal": formal,
                    "two_way": both,
                    "handoffs": handoffs,
                    "link": i,
                    "back": True,
                },
            )
