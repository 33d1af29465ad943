"""`build_graph` fills networkx's dicts directly (`build._fill`); here it is set against the
public way (`add_nodes_from` and `add_edges_from`) on many random maps: same nodes, edges,
keys, attributes and order, in the successor and the predecessor dicts alike."""

from __future__ import annotations

from typing import Any

import networkx as nx
from hypothesis import given
from test_fast_analyses import PROFILE, sketches

from journeymap.graph import build
from journeymap.graph.build import build_graph
from journeymap.models import Link, Service, ServiceMap


def plainly(smap: ServiceMap) -> nx.MultiDiGraph:
    """The graph through networkx's public methods only."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(build._nodes(smap.services))
    G.add_edges_from(build._edges(smap.links))
    return G


def layout(G: nx.MultiDiGraph) -> tuple[Any, ...]:
    """Everything about G that a user can see, order included."""
    return (
        list(G.nodes(data=True)),
        [(u, list(after.items())) for u, after in G._succ.items()],
        [(v, list(before.items())) for v, before in G._pred.items()],
        list(G.edges(keys=True, data=True)),
        G.graph,
    )


def same_graph(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> None:
    assert type(G) is type(H)
    assert layout(G) == layout(H)
    assert G._succ is G._adj
    for u, v, key in H.edges(keys=True):  # one keys dict per pair, shared by succ and pred
        assert G._succ[u][v] is G._pred[v][u]
        assert G._succ[u][v][key] is not H._succ[u][v][key]


@PROFILE
@given(sketches())
def test_build_graph_matches_add_nodes_and_edges(sketch):
    smap = sketch.load()
    same_graph(build_graph(smap), plainly(smap))


def test_repeated_ids_and_unknown_ends_are_as_networkx_adds_them():
    """A map made in code may repeat an id or name a service it does not hold."""
    services = (
        Service(id="a", name="A", type="gp", area="X"),
        Service(id="b", name="B", type="drug_alcohol_treatment", area="X"),
        Service(id="a", name="A again", type="midwifery", area="Y"),
    )
    links = (
        Link(source="a", target="ghost", kind="referral"),
        Link(source="phantom", target="b", kind="co_location"),
        Link(source="a", target="b", kind="joint_working"),
        Link(source="a", target="b", kind="referral", two_way=True, formal=True),
        Link(source="b", target="b", kind="referral", two_way=True),
    )
    smap = ServiceMap(services=services, links=links)
    G = build_graph(smap)
    same_graph(G, plainly(smap))
    assert list(G) == ["a", "b", "ghost", "phantom"]
    assert G.nodes["a"]["name"] == "A again"


def test_each_node_and_edge_has_a_dict_of_its_own():
    """Users' scripts change attributes in place: nothing may be shared between two."""
    services = tuple(Service(id=f"s{i}", name="S", type="gp", area="X") for i in range(3))
    links = tuple(Link(source="s0", target=f"s{i}", kind="co_location") for i in (1, 2))
    G = build_graph(ServiceMap(services=services, links=links))
    G.nodes["s0"]["name"] = "changed"
    G.edges["s0", "s1", 0]["formal"] = True
    assert [d["name"] for _, d in G.nodes(data=True)] == ["changed", "S", "S"]
    assert [d["formal"] for *_, d in G.edges(keys=True, data=True)] == [True, False, False, False]
