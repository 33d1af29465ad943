"""The quickest route into treatment with each service's tight links kept between routes
(`graph/quickest.py`, used by the route analyses) is exactly `ends.route_into` with `toward`,
whatever order the routes are asked in, on many small random maps (either size of search)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fast_analyses import PROFILE, sketches

from journeymap.graph import fastreach
from journeymap.graph.build import build_graph
from journeymap.graph.ends import reach, route_into
from journeymap.graph.quickest import QuickestRoutes, quickest_routes


@PROFILE
@given(sketches(most=14), st.booleans(), st.randoms(use_true_random=False))
def test_quickest_routes_match_route_into(sketch, arrays, rng):
    G = build_graph(sketch.load())
    small = fastreach.SMALL
    fastreach.SMALL = 0 if arrays else 10**9
    try:
        toward = reach(G)
        routes = QuickestRoutes(G)
        nodes = list(G.nodes)
        rng.shuffle(nodes)  # the kept links must not depend on which route came first
        for node in nodes:
            assert routes.route(node) == route_into(G, node, toward=toward)
    finally:
        fastreach.SMALL = small


def test_quickest_routes_are_kept_with_the_graph():
    from test_fast_analyses import Sketch

    sketch = Sketch(
        (("s0", "drug_alcohol_treatment", "A", "no", ""), ("s1", "gp", "A", "no", "")),
        (("s1", "s0", "referral", "no", "yes"),),
    )
    G = build_graph(sketch.load())
    assert quickest_routes(G) is quickest_routes(G)
    route = quickest_routes(G).route("s1")
    assert route is not None and route.services == ("s1", "s0") and route.handoffs == 1
    assert quickest_routes(G).route("s0") == route_into(G, "s0")


@pytest.mark.parametrize("node", ["s1"])
def test_no_route_is_none(node):
    from test_fast_analyses import Sketch

    sketch = Sketch(
        (("s0", "drug_alcohol_treatment", "A", "no", ""), ("s1", "gp", "A", "no", "")),
        (("s0", "s1", "referral", "no", "yes"),),
    )
    G = build_graph(sketch.load())
    assert quickest_routes(G).route(node) is None
