"""The dominator tree worked out partly in array code (`dominators._array_dominators`, used
from `fastreach.SMALL` services) is the one the plain iteration gives, on many small random
maps with the size limit taken away; and the single points of failure are the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from test_fast_analyses import PROFILE, linknode_cut_off, reference_cut_off, sketches

from journeymap.analyse import dominators
from journeymap.analyse.resilience import single_points_of_failure
from journeymap.graph import fastreach
from journeymap.graph.build import build_graph
from journeymap.graph.index import index, treatment_nodes


@pytest.fixture(autouse=True)
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastreach, "SMALL", 0)


@PROFILE
@given(sketches())
def test_array_tree_is_the_plain_tree(sketch):
    G = build_graph(sketch.load())
    treatment = treatment_nodes(G)
    if not treatment:
        return
    nodes = list(G.nodes)
    lists = dominators._lists(G, nodes, index(G).position, treatment)
    plain = dominators.immediate_dominators(*lists, len(nodes))
    assert dominators._array_dominators(G, treatment, len(nodes)) == plain


@PROFILE
@given(sketches())
def test_array_path_finds_what_deleting_each_service_and_link_finds(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    fast = dominators.dominated_touchpoints(smap, G)
    assert fast == reference_cut_off(G)
    assert list(fast.items()) == list(linknode_cut_off(G).items())
    fastreach.SMALL = 10**9
    plain = single_points_of_failure(smap, G)
    fastreach.SMALL = 0
    assert single_points_of_failure(smap, G) == plain


def test_a_long_chain_is_settled_past_the_array_rounds(monkeypatch):
    """A chain longer than the array start's rounds: the iteration settles the rest."""
    from test_fast_analyses import Sketch

    monkeypatch.setattr(dominators, "_ROUNDS", 2)
    services = [("s0", "drug_alcohol_treatment", "A", "no", "")]
    services += [(f"s{i}", "gp", "A", "no", "") for i in range(1, 12)]
    links = [(f"s{i}", f"s{i - 1}", "referral", "no", "no") for i in range(1, 12)]
    links += [(f"s{i}", f"s{i - 2}", "referral", "no", "no") for i in range(2, 12)]
    smap = Sketch(tuple(services), tuple(links)).load()
    G = build_graph(smap)
    assert dominators.dominated_touchpoints(smap, G) == reference_cut_off(G)
