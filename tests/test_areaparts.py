"""Every area's parts worked out at once in array code (`analyse/areaparts.py`, used from
`fastreach.SMALL` services) are the parts the plain per-area union-find finds, on many small
random maps with the size limit taken away; and the silo findings are the same."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fast_analyses import PROFILE, Sketch, reference_silos, sketches

from journeymap.analyse.areaparts import area_parts, labels
from journeymap.analyse.resilience import _components, silos
from journeymap.graph import fastreach
from journeymap.graph.build import build_graph
from journeymap.graph.index import area_edges, members
from journeymap.vocab import NATIONAL


@pytest.fixture(autouse=True)
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastreach, "SMALL", 0)


def as_sets(parts: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for p in parts}


@PROFILE
@given(sketches())
def test_area_parts_are_the_plain_parts(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    areas = smap.area_names()
    found = area_parts(G, areas)
    for area in areas:
        plain = _components(members(G, area), area_edges(G, area))
        if area in found:
            assert as_sets(found[area]) == as_sets(plain)
            assert sorted(n for p in found[area] for n in p) == sorted(members(G, area))
        else:  # left out: no service of its own, so no part can be a silo
            assert not any(G.nodes[n]["area"] == area for n in G)
    whole = _components(list(G.nodes), G.edges())
    if NATIONAL in found:
        assert as_sets(found[NATIONAL]) == as_sets(whole)
    else:
        assert all(any(G.nodes[n]["area"] != NATIONAL for n in p) for p in whole)


@PROFILE
@given(sketches())
def test_silos_are_the_same_either_way(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    fast = silos(smap, G)
    assert fast == reference_silos(smap, G)
    fastreach.SMALL = 10**9
    assert silos(smap, G) == fast


@PROFILE
@given(st.integers(1, 30), st.data())
def test_labels_are_networkx_components(count, data):
    ends = st.integers(0, count - 1)
    links = data.draw(st.lists(st.tuples(ends, ends), max_size=3 * count))
    a = np.array([x for x, _ in links], dtype=np.int64)
    b = np.array([y for _, y in links], dtype=np.int64)
    label = labels(count, a, b).tolist()
    H = nx.Graph()
    H.add_nodes_from(range(count))
    H.add_edges_from(links)
    for part in nx.connected_components(H):
        assert {label[i] for i in part} == {min(part)}


def test_national_services_linked_only_to_each_other_are_a_national_silo():
    sketch = Sketch(
        (
            ("t", "drug_alcohol_treatment", "A", "no", ""),
            ("g", "gp", "A", "no", ""),
            ("n1", "womens_centre", NATIONAL, "no", ""),
            ("n2", "domestic_abuse", NATIONAL, "no", ""),
        ),
        (("g", "t", "referral", "no", "yes"), ("n1", "n2", "joint_working", "no", "no")),
    )
    smap = sketch.load()
    G = build_graph(smap)
    found = silos(smap, G)
    assert [(f.area, f.subject_id) for f in found] == [(NATIONAL, "n1;n2")]
    assert found == reference_silos(smap, G)
