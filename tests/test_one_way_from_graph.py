"""one_way_referrals reads each treatment service's edges in (`analyse/routes.py`); here it is
set against the plain reading of every link, on many random maps: the same findings in the
same order, touchpoints listed in the same order."""

from __future__ import annotations

from hypothesis import given
from test_fast_analyses import PROFILE, sketches

from journeymap.analyse.routes import NOT_REFERRED_BACK, _one_way_finding, one_way_referrals
from journeymap.graph.build import build_graph
from journeymap.graph.index import index
from journeymap.vocab import NATIONAL


def every_link(smap, G):
    """The findings as read from smap.links, one link at a time."""
    data, treatment = index(G).data, index(G).treatment_set
    sending: dict[str, dict[str, None]] = {}
    for link in smap.links:
        touch, treat = link.source, link.target
        if treat not in treatment or touch in treatment or link.both_ways:
            continue
        if NATIONAL in (data[touch]["area"], data[treat]["area"]):
            continue
        if data[touch]["type"] in NOT_REFERRED_BACK or G.has_edge(treat, touch):
            continue
        sending.setdefault(treat, {})[touch] = None
    return [_one_way_finding(G, treat, list(touch)) for treat, touch in sending.items()]


@PROFILE
@given(sketches(most=16))
def test_one_way_referrals_are_those_of_every_link(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    assert one_way_referrals(smap, G) == every_link(smap, G)


def test_treatment_services_and_touchpoints_come_in_the_order_of_their_referrals():
    from mapkit import build

    smap = build(
        "tx1 drug_alcohol_treatment A\ntx2 drug_alcohol_treatment A\n"
        "gp gp A\nmw midwifery A\nda domestic_abuse A\nwc womens_centre A\n",
        "wc -> tx2\nmw -> tx1\ngp -> tx1\nmw -> tx1\nda -> tx2\nwc -- tx1 co_location",
    )
    G = build_graph(smap)
    found = one_way_referrals(smap, G)
    assert [f.subject_id for f in found] == ["tx2", "tx1"]  # tx2's first referral is row 1
    assert found[0].evidence.startswith("Referrals to TX2 from WC and DA;")
    assert found[1].evidence.startswith("Referrals to TX1 from MW and GP;")  # wc: co-located
    assert found == every_link(smap, G)
