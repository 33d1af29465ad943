"""The search towards treatment in array code (`graph/fastreach.py`) answers exactly what the
Python search (`routes.handoffs_to`) answers, on many small random maps with the size limit
taken away; and the whole report is the same either way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fast_analyses import PROFILE, sketches

from journeymap.analyse import find_gaps
from journeymap.graph import fastreach
from journeymap.graph.build import build_graph
from journeymap.graph.ends import treatment_reach
from journeymap.graph.routes import formal_only, handoffs_to


@pytest.fixture(autouse=True)
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastreach, "SMALL", 0)


@PROFILE
@given(sketches(), st.sampled_from([None, formal_only]), st.data())
def test_array_search_matches_handoffs_to(sketch, edge_ok, data):
    G = build_graph(sketch.load())
    nodes = list(G.nodes)
    ends = data.draw(st.lists(st.sampled_from(nodes), unique=True, max_size=4))
    blocked = data.draw(st.sets(st.sampled_from(nodes), max_size=4))
    expected = handoffs_to(G, ends, edge_ok=edge_ok, blocked=blocked)
    found = fastreach.fast_handoffs(G, ends, blocked=blocked, edge_ok=edge_ok)
    assert found == expected
    assert list(found) == [n for n in nodes if n in found]  # in graph order


@PROFILE
@given(sketches())
def test_report_is_the_same_with_the_array_search(sketch):
    smap = sketch.load()
    fastreach.SMALL = 0
    fast = find_gaps(smap, build_graph(smap))
    fastreach.SMALL = 10**9
    slow = find_gaps(smap, build_graph(smap))
    fastreach.SMALL = 0
    assert fast == slow


@PROFILE
@given(sketches())
def test_link_arrays_kept_by_build_graph_are_those_read_from_the_graph(sketch):
    import numpy as np

    G = build_graph(sketch.load())
    kept = fastreach.links(G)
    read = fastreach.Links(G)
    for name in ("pair_from", "pair_to"):
        assert np.array_equal(getattr(kept, name), getattr(read, name))
    for formal in (False, True):
        assert np.array_equal(kept.cheapest(formal), read.cheapest(formal))


def test_link_arrays_are_read_from_the_graph_once_it_changes():
    from test_fast_analyses import Sketch

    sketch = Sketch(
        (("s0", "drug_alcohol_treatment", "A", "no", ""), ("s1", "gp", "A", "no", "")),
        (("s1", "s0", "referral", "no", "yes"),),
    )
    G = build_graph(sketch.load())
    assert fastreach.links(G).pair_to.tolist() == [0]
    G.add_edge("s0", "s1", key=1, kind="referral", formal=False, two_way=False, handoffs=1)
    assert fastreach.links(G).pair_from.tolist() == [0, 1]  # worked out again from the graph


def test_small_graphs_and_unknown_ends_are_left_to_python(monkeypatch):
    from test_fast_analyses import Sketch

    sketch = Sketch(
        (("s0", "drug_alcohol_treatment", "A", "no", ""), ("s1", "gp", "A", "no", "")),
        (("s1", "s0", "referral", "no", "yes"),),
    )
    G = build_graph(sketch.load())
    assert fastreach.fast_handoffs(G, ["s0"], blocked=()) == {"s0": 0, "s1": 1}
    assert treatment_reach(G) == {"s0": 0, "s1": 1}
    assert fastreach.fast_handoffs(G, ["nowhere"], blocked=()) is None
    monkeypatch.setattr(fastreach, "SMALL", 3)
    assert fastreach.fast_handoffs(G, ["s0"], blocked=()) is None
