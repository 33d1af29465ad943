"""The scorecard's look-ups for every area at once (`analyse/standards_fast.py`, used on
national maps) give exactly what `evaluate` gives area by area, and the searches bounded to one
hand-off in array code (`graph/near.py`) exactly what `routes.within` gives, on many small random
maps with the size limit taken away."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fast_analyses import PROFILE, sketches

from journeymap.analyse.standards import evaluate, scorecard, standards_gaps
from journeymap.analyse.standards_fast import area_table
from journeymap.graph import fastreach
from journeymap.graph.build import build_graph
from journeymap.graph.index import index
from journeymap.graph.near import csr, has, near_pairs, unique
from journeymap.graph.routes import formal_only, within


@pytest.fixture(autouse=True)
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastreach, "SMALL", 0)


@PROFILE
@given(sketches(), st.data())
def test_near_pairs_match_within(sketch, data):
    G = build_graph(sketch.load())
    nodes = list(G.nodes)
    sources = data.draw(st.lists(st.sampled_from(nodes), unique=True, min_size=1, max_size=5))
    blocked = data.draw(st.sets(st.sampled_from(nodes), max_size=4))
    position = index(G).position
    stop = np.zeros(len(nodes), dtype=bool)
    stop[[position[b] for b in blocked]] = True
    at = np.array([position[s] for s in sources], dtype=np.int64)
    for into in (True, False):
        for formal in (True, False):
            found = near_pairs(csr(G, into=into, formal=formal), at, stop).tolist()
            assert found == sorted(found)
            edge_ok = formal_only if formal else None
            for i, source in enumerate(sources):
                expected = within(G, source, 1, forward=not into, edge_ok=edge_ok, blocked=blocked)
                mine = [nodes[c % len(nodes)] for c in found if c // len(nodes) == i]
                assert set(mine) == set(expected)


@PROFILE
@given(sketches())
def test_scorecard_looked_up_matches_evaluate(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    assert area_table(G) is not None
    for area in [*smap.area_names(), "nowhere"]:
        assert scorecard(smap, G, area) == [evaluate(G, area, s) for s in smap.standards]


@PROFILE
@given(sketches(most=14))
def test_standards_gaps_are_the_same_either_way(sketch):
    smap = sketch.load()
    fast = standards_gaps(smap, build_graph(smap))
    fastreach.SMALL = 10**9
    slow = standards_gaps(smap, build_graph(smap))
    fastreach.SMALL = 0
    assert fast == slow


def test_small_graphs_have_no_area_table():
    from test_fast_analyses import Sketch

    sketch = Sketch((("s0", "drug_alcohol_treatment", "A", "no", ""),), ())
    fastreach.SMALL = 2
    assert area_table(build_graph(sketch.load())) is None


@PROFILE
@given(st.lists(st.integers(0, 50)), st.lists(st.integers(0, 50)))
def test_unique_and_has(codes, queries):
    found = unique(np.array(codes, dtype=np.int64))
    assert found.tolist() == sorted(set(codes))
    asked = has(found, np.array(queries, dtype=np.int64)).tolist()
    assert asked == [q in set(codes) for q in queries]
