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

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

import networkx as nx

from journeymap.graph import fastreach
from journeymap.graph.index import index
from journeymap.models import Link, Service, ServiceMap
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
    if _plain(G):
        _fill(G, smap.services, smap.links)
    else:
        G.add_nodes_from(_nodes(smap.services))
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
        and not G._node
    )


def _nodes(services: Sequence[Service]) -> list[tuple[str, dict[str, Any]]]:
    """Each service's id and its attribute dict, in the order of `services`.

    One dict literal per service (45,000 on a national map: about 0.06 s); each node gets a
    dict of its own, since users' scripts may change a node's attributes in place.
    """
    treatment, group = TREATMENT_TYPES, GROUP_OF.get
    return [
        (
            s.id,
            {
                "name": s.name,
                "type": s.type,
                "group": group(s.type, "other"),
                "area": s.area,
                "provider": s.provider,
                "women_only": s.women_only,
                "offers": s.offers,
                "latitude": s.latitude,
                "longitude": s.longitude,
                "treatment": s.type in treatment,
            },
        )
        for s in services
    ]


#: A link's fields that its edges carry, read in one call (C code) per link.
_LINK_FIELDS = attrgetter("source", "target", "kind", "two_way", "formal")


def _fill(G: nx.MultiDiGraph, services: Sequence[Service], links: Sequence[Link]) -> None:
    """Fill an empty graph with exactly what `add_nodes_from(_nodes(services))` and
    `add_edges_from(_edges(links))` would add: same nodes, edges, keys, data and order.

    Those methods go through `add_edge` and several views for every edge. Here the node dicts
    go in with one `dict.update`, and each edge's attribute dict is made where it is written
    into the adjacency, in one loop over the links with no call per edge (national map, 45,000
    services and 134,000 links, fresh process on a busy machine: median 0.57 s where a loop
    over `_edges` took 0.65 s; what is left is mostly making the 260,000 dicts and reading
    the models' fields). A service id seen twice keeps its first place
    and the later attributes, as `add_nodes_from` leaves it; a link end that is no service
    becomes a node without attributes where `add_edge` would add it. networkx's private
    attributes are written only here, only when `_plain` finds them as networkx 3.4–3.6 lays
    them out (the versions pyproject.toml allows); tests/test_build_graph.py compares the
    result with the public methods' on many random maps (same nodes, edges, keys, data, order).
    """
    node, succ, pred = G._node, G._succ, G._pred
    nodes = _nodes(services)
    node.update(nodes)
    succ.update([(n, {}) for n, _ in nodes])
    pred.update([(n, {}) for n, _ in nodes])
    # Each link end as the node's own id object: a link's `source` is an equal but separate
    # string, and every dict look-up with it would compare the two strings' text (cold memory
    # on a national map: a third of the time). The graph's inner dicts get the same objects.
    same = {n: n for n in node}
    every_end_known = len(same) == len(services)  # (and no id twice)
    rows = list(map(_LINK_FIELDS, links))
    for i, (u, v, kind, two_way, formal) in enumerate(rows):
        try:
            u, v = same[u], same[v]
        except KeyError:  # an end that is no service: added as `add_edge` adds it
            u, v = _add_ends(node, succ, pred, same, u, v)
            every_end_known = False
        both = two_way or kind != "referral"  # Link.both_ways and Link.handoffs, inline
        handoffs = 0 if kind == "co_location" else 1
        data = {
            "kind": kind,
            "formal": formal,
            "two_way": both,
            "handoffs": handoffs,
            "link": i,
            "back": False,
        }
        after = succ[u]
        keys = after.get(v)
        if keys is None:
            after[v] = pred[v][u] = {i: data}
        else:
            keys[i] = data
        if both:  # a literal again, not `{**data, "back": True}`: that measured slower here
            data = {
                "kind": kind,
                "formal": formal,
                "two_way": both,
                "handoffs": handoffs,
                "link": i,
                "back": True,
            }
            after = succ[v]
            keys = after.get(u)
            if keys is None:
                after[u] = pred[u][v] = {i: data}
            else:
                keys[i] = data
    nx._clear_cache(G)
    if every_end_known and rows and len(node) >= fastreach.SMALL:
        _keep_link_arrays(G, rows)


#: Each link kind's code in `fastreach.Links.of_links`.
_KIND_CODE = {"co_location": 0, "referral": 1, "joint_working": 2}


def _keep_link_arrays(G: nx.MultiDiGraph, rows: list[tuple[str, str, str, bool, bool]]) -> None:
    """Keep with G the link arrays the searches of a national map read (`fastreach.links`),
    made from the links' own fields: each link's ends as graph positions (the services'
    order, every end a service), rather than read back from the 200,000 link dicts just
    written. The graph's cache is emptied by any change through networkx, and the arrays
    with it."""
    import numpy as np

    position = index(G).position
    sources, targets, kinds, two_way, formal = zip(*rows, strict=True)
    count = len(rows)

    def positions(ends: tuple[str, ...]) -> np.ndarray:
        return np.fromiter(map(position.__getitem__, ends), np.int64, count)

    index(G).memo[fastreach.LINKS_KEY] = fastreach.Links.of_links(
        len(position),
        positions(sources),
        positions(targets),
        np.fromiter(map(_KIND_CODE.__getitem__, kinds), np.int64, count),
        np.fromiter(two_way, bool, count),
        np.fromiter(formal, bool, count),
    )


def _add_ends(
    node: dict[str, Any],
    succ: dict[str, Any],
    pred: dict[str, Any],
    same: dict[str, str],
    *ends: str,
) -> tuple[str, ...]:
    """Add the ends of an edge that are not nodes yet, as `add_edge` does (no attributes);
    the ends as the nodes' own id objects."""
    for n in ends:
        if n not in node:
            node[n], succ[n], pred[n], same[n] = {}, {}, {}, n
    return tuple(same[n] for n in ends)


def _edges(links: Iterable[Link]) -> Iterable[tuple[str, str, int, dict[str, Any]]]:
    """Each link's edges (u, v, key, data) for `add_edges_from`: B→A after A→B when two-way."""
    for i, link in enumerate(links):
        kind, formal, both, handoffs = link.kind, link.formal, link.both_ways, link.handoffs
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
