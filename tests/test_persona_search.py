"""The national-map ways of the persona searches and routes give exactly the plain answers:
`fasttrace.trace` against `routes.route_to`, and persona views and findings with the array
searches (`persona_search._Arrays`) against the dict ones (`_Plain`), on many random maps with
the size limit taken away."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_fast_analyses import PROFILE, personas, sketches

from journeymap.analyse import persona_search
from journeymap.analyse.personas import persona_gaps, persona_view
from journeymap.graph import fastreach, fasttrace
from journeymap.graph.build import build_graph
from journeymap.graph.index import index
from journeymap.graph.routes import handoffs_to, route_to


@PROFILE
@given(sketches(), st.data())
def test_trace_matches_route_to(sketch, data):
    G = build_graph(sketch.load())
    nodes = list(G.nodes)
    targets = data.draw(st.sets(st.sampled_from(nodes), max_size=4))
    blocked = data.draw(st.sets(st.sampled_from(nodes), max_size=4))
    toward = handoffs_to(G, targets, blocked=blocked)
    fw = fasttrace.forward(G)
    position = index(G).position
    hops = [toward.get(n, fastreach.FAR) for n in nodes]
    state = [
        fasttrace.TARGET if n in targets else fasttrace.STOP if n in blocked else fasttrace.FREE
        for n in nodes
    ]
    for source in nodes:
        expected = route_to(G, source, targets, blocked=blocked, toward=toward)
        assert fasttrace.trace(G, fw, position[source], hops, state) == expected


@PROFILE
@given(sketches(), personas())
def test_array_searches_give_the_same_views_and_findings(sketch, persona):
    smap = sketch.load().model_copy(update={"personas": (persona,)})
    views, findings = [], []
    before = fastreach.SMALL
    try:
        for small in (0, 10**9):
            fastreach.SMALL = small
            G = build_graph(smap)
            kind = persona_search._Arrays if small == 0 else persona_search._Plain
            assert isinstance(persona_search.searches(G, persona), kind)
            views.append([persona_view(G, persona, a) for a in [*smap.area_names(), "nowhere"]])
            views.append([persona_view(G, persona, a, routes=1) for a in smap.area_names()])
            findings.append(persona_gaps(smap, G))
    finally:
        fastreach.SMALL = before
    assert views[0] == views[2] and views[1] == views[3]
    assert findings[0] == findings[1]


def test_routes_over_links_with_other_keys_match_route_to():
    import networkx as nx

    G = nx.MultiDiGraph()
    for n, treatment in (("a", False), ("b", False), ("t", True)):
        G.add_node(n, type="gp", area="A", treatment=treatment)
    G.add_edge("a", "b", key="y", handoffs=1, formal=True)
    G.add_edge("a", "b", key="x", handoffs=1, formal=False)
    G.add_edge("a", "t", key="z", handoffs=1, formal=False)
    G.add_edge("b", "t", key="w", handoffs=0, formal=False)
    G.add_edge("a", "b", key="v", handoffs=0, formal=True)
    toward = handoffs_to(G, ["t"])
    state = [fasttrace.TARGET if n == "t" else fasttrace.FREE for n in G]
    hops = [toward[n] for n in G]
    fw = fasttrace.forward(G)
    for source in G:
        expected = route_to(G, source, {"t"}, toward=toward)
        assert fasttrace.trace(G, fw, index(G).position[source], hops, state) == expected
    assert expected is not None
