"""Route findings on a hand-built map whose answers were worked out on paper.

ot (other, no links)
dv <- tx          one-way referral from treatment: dv cannot reach treatment
hs -> ph -> gp -> tx      hand-offs 3, 2, 1; only gp -> tx is formal
wc -- tx (co-location, formal): no hand-off at all
"""

from mapkit import build

from journeymap.analyse import informal_only, long_pathways, missed_opportunities, one_way_referrals
from journeymap.graph.build import build_graph
from journeymap.graph.index import treatment_nodes
from journeymap.graph.routes import handoffs_to, route_to

SERVICES = """
tx drug_alcohol_treatment A
gp gp A
ph pharmacy A
hs housing A
wc womens_centre A
dv domestic_abuse A
ot other A
"""
LINKS = """
gp -> tx formal
ph -> gp
hs -> ph
wc -- tx co_location formal
tx -> dv formal
"""
M = build(SERVICES, LINKS)
G = build_graph(M)


def by_subject(findings):
    return {f.subject_id: f for f in findings}


def test_handoffs_count_referrals_but_not_co_location():
    assert handoffs_to(G, treatment_nodes(G)) == {"tx": 0, "wc": 0, "gp": 1, "ph": 2, "hs": 3}


def test_route_follows_fewest_handoffs_and_names_links():
    route = route_to(G, "hs", {"tx"})
    assert route.services == ("hs", "ph", "gp", "tx")
    assert route.handoffs == 3
    assert [M.links[i].source for i in route.links] == ["hs", "ph", "gp"]


def test_co_location_is_preferred_over_a_referral_chain():
    m = build(SERVICES, LINKS + "wc -> gp formal\n")
    route = route_to(build_graph(m), "wc", {"tx"})
    assert route.services == ("wc", "tx") and route.handoffs == 0


def test_missed_opportunities_are_touchpoints_with_no_route():
    found = by_subject(missed_opportunities(M, G))
    assert set(found) == {"dv", "ot"}
    assert found["dv"].severity == "high"  # domestic abuse services see many women
    assert found["ot"].severity == "low"
    assert "no route into drug and alcohol treatment" in found["dv"].finding
    assert "Other services link to it, but it has no link onward." in found["dv"].evidence
    assert "no links to any other service" in found["ot"].evidence
    assert "IDVA" in found["dv"].suggestion


def test_long_pathway_from_three_handoffs():
    found = by_subject(long_pathways(M, G))
    assert set(found) == {"hs"}
    assert "passed on 3 times" in found["hs"].finding
    assert (
        "HS → PH (informal referral) → GP (informal referral) → TX (formal referral)"
        in found["hs"].evidence
    )


def test_long_pathway_high_for_a_busy_touchpoint_four_handoffs_away():
    m = build(SERVICES + "mw midwifery A\n", LINKS + "mw -> hs\n")
    found = by_subject(long_pathways(m, build_graph(m)))
    assert found["mw"].severity == "high" and found["hs"].severity == "low"


def test_informal_only_names_the_link_the_routes_rest_on():
    # ph's route ph -> gp -> tx and hs's route hs -> ph -> gp -> tx both rest on the informal
    # ph -> gp, the informal link nearest treatment: one finding names both.
    found = by_subject(informal_only(M, G))
    assert set(found) == {"ph->gp"}  # gp's own link is formal; wc's co-location is formal
    f = found["ph->gp"]
    assert f.affects == 2 and "PH and HS" in f.finding
    assert "rest on one informal referral, PH → GP" in f.finding
    assert f.severity == "low"  # a pharmacy and housing: middling footfall


def test_one_informal_link_five_touchpoints_hang_on_is_one_finding():
    m = build(
        "tx drug_alcohol_treatment A\nhub outreach A\n" + "".join(f"g{i} gp A\n" for i in range(5)),
        "hub -> tx\n" + "".join(f"g{i} -> hub formal\n" for i in range(5)),
    )
    found = informal_only(m, build_graph(m))
    assert [f.subject_id for f in found] == ["hub->tx"]
    assert found[0].affects == 6  # the five GPs and the outreach worker herself
    assert found[0].severity == "medium"  # GPs see many women (medium, low, low ladder)


def test_a_second_formal_route_clears_informal_only():
    m = build(SERVICES, LINKS + "ph -> tx formal\n")
    found = by_subject(informal_only(m, build_graph(m)))
    assert set(found) == {"hs->ph"}  # hs -> ph -> tx: now only hs's own link is informal
    assert found["hs->ph"].affects == 1


def test_one_way_is_one_finding_per_treatment_service():
    # gp -> tx (formal), and a second one-way sender: pr (probation) -> tx.
    m = build(SERVICES + "pr probation A\nhm prison A\n", LINKS + "pr -> tx\nhm -> tx formal\n")
    found = by_subject(one_way_referrals(m, build_graph(m)))
    assert set(found) == {"tx"}  # tx -> dv runs from treatment: not a referral into it
    f = found["tx"]
    assert f.affects == 2 and f.subject_name == "TX"
    assert f.finding.startswith("GP and PR refer women to TX, but nothing comes back")
    assert "HM" not in f.evidence  # treatment does not refer women back into prison
    assert f.severity == "medium"  # a GP and probation: the busiest touchpoints


def test_one_way_leaves_out_national_and_other_services():
    m = build(
        "tx drug_alcohol_treatment A\nnh gp national\not other A\nrr residential_rehab national\n"
        "gp gp A\n",
        "nh -> tx\not -> tx\ngp -> rr\n",
    )
    assert one_way_referrals(m, build_graph(m)) == []


def test_one_way_is_cleared_by_any_link_back():
    m = build(SERVICES, LINKS + "dv -- tx joint_working\ntx -> gp\n")
    assert one_way_referrals(m, build_graph(m)) == []


def test_a_well_connected_map_has_no_route_findings():
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nmw midwifery A\n",
        "gp <-> tx formal\nmw -- tx co_location formal\n",
    )
    g = build_graph(m)
    for analysis in (missed_opportunities, long_pathways, informal_only, one_way_referrals):
        assert analysis(m, g) == []


def test_routes_may_cross_areas_and_use_national_services():
    m = build(
        "tx drug_alcohol_treatment B\nhl other national\ngp gp A\n",
        "gp -> hl formal\nhl -> tx formal\n",
    )
    g = build_graph(m)
    assert missed_opportunities(m, g) == []
    assert handoffs_to(g, ["tx"])["gp"] == 2


def test_informal_links_into_one_hub_are_one_finding_naming_the_hub():
    # a and b refer informally to the women's centre, where treatment holds a written
    # co-located session: each one's only informal link is its own, into the same hub.
    m = build(
        "tx drug_alcohol_treatment A\nwc womens_centre A\na gp A\nb pharmacy A\nc housing A\n",
        "tx -- wc co_location formal\na -> wc\nb -> wc\nc -> tx\n",
    )
    found = by_subject(informal_only(m, build_graph(m)))
    assert set(found) == {"wc", "c->tx"}  # c's one informal link goes straight to treatment
    hub = found["wc"]
    assert hub.affects == 2 and hub.subject_name == "Informal links into WC"
    assert hub.finding == (
        "The routes into treatment from A and B rest on their informal links into WC: its "
        "route on is written down, theirs to it are not."
    )
    assert hub.severity == "medium"  # a GP: the busiest of the two
