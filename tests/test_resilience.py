"""Single points of failure and silos, on maps small enough to check by hand."""

from mapkit import build

from journeymap.analyse import silos, single_points_of_failure
from journeymap.graph.build import build_graph


def spofs(m):
    return {f.subject_id: f for f in single_points_of_failure(m, build_graph(m))}


def test_a_chain_makes_every_service_and_link_on_it_a_single_point():
    # hs -> ph -> gp -> tx ; wc -- tx (co-location, formal)
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nph pharmacy A\nhs housing A\nwc womens_centre A\n",
        "gp -> tx formal\nph -> gp\nhs -> ph\nwc -- tx co_location formal\n",
    )
    found = spofs(m)
    assert set(found) == {"ph", "gp", "hs->ph", "ph->gp", "gp->tx", "wc->tx"}
    assert found["gp"].severity == "medium"  # cuts off two middling touchpoints
    assert "PH and HS" in found["gp"].finding or "HS and PH" in found["gp"].finding
    assert found["ph"].severity == "medium"  # cuts off one housing service
    assert found["gp->tx"].severity == "medium"  # three cut off = high, but formal: one less
    assert found["wc->tx"].severity == "medium"  # women's centre = high, formal: one less
    assert found["ph->gp"].severity == "medium"  # informal, two cut off
    assert "informal link" in found["ph->gp"].finding


def test_an_informal_link_from_a_busy_touchpoint_is_high():
    m = build("tx drug_alcohol_treatment A\nmw midwifery A\n", "mw -> tx\n")
    assert spofs(m)["mw->tx"].severity == "high"


def test_two_independent_routes_leave_no_single_point():
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nph pharmacy A\nmh mental_health A\n",
        "ph -> gp formal\nph -> mh formal\ngp -> tx formal\nmh -> tx formal\ngp -> tx\nmh -> tx\n",
    )
    assert spofs(m) == {}


def test_direction_matters_where_undirected_cut_points_would_miss_it():
    # s -> m -> tx, and tx -> s one way. Undirected, s-tx is a second path, so m is no
    # articulation point; but a woman at s can only get to treatment through m.
    m = build(
        "tx drug_alcohol_treatment A\ns gp A\nm pharmacy A\n",
        "s -> m formal\nm -> tx formal\ntx -> s formal\n",
    )
    found = spofs(m)
    assert "m" in found and found["m"].severity == "high"  # a GP is cut off


def test_treatment_services_themselves_are_not_reported():
    m = build(
        "tx drug_alcohol_treatment A\nrr residential_rehab national\ngp gp A\n",
        "gp -> tx formal\ngp -> tx\ntx -> rr formal\n",
    )
    assert spofs(m) == {}


def test_unreachable_touchpoints_are_not_single_point_findings():
    m = build("tx drug_alcohol_treatment A\ngp gp A\n")
    assert spofs(m) == {}


def test_silos_are_groups_cut_off_from_the_main_network():
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nbf by_and_for A\nfc family_court A\nho housing A\n"
        "tx2 drug_alcohol_treatment B\nwc womens_centre B\n",
        "gp <-> tx formal\nbf -> fc\nwc -- tx2 co_location\n",
    )
    found = {f.subject_id: f for f in silos(m, build_graph(m))}
    assert set(found) == {"bf;fc", "ho"}
    assert found["bf;fc"].area == "A" and found["bf;fc"].severity == "medium"
    assert "work only with each other" in found["bf;fc"].finding
    assert found["ho"].severity == "medium"
    assert "no link to any other service in A" in found["ho"].finding


def test_national_services_join_every_area_and_lone_ones_are_reported_once():
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nhl other national\nlo peer_support national\n"
        "wc womens_centre B\ntx2 drug_alcohol_treatment B\n",
        "gp -> hl\nhl -> tx\nwc -> hl\nhl -> tx2\n",
    )
    found = [(f.area, f.subject_id) for f in silos(m, build_graph(m))]
    assert found == [("national", "lo")]


def test_a_silo_whose_only_links_cross_into_another_area_says_so():
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nwc womens_centre B\nt2 drug_alcohol_treatment B\nho housing B\n",
        "gp -> tx\nho -- t2 co_location\nwc -- tx co_location\n",
    )
    found = {f.subject_id: f for f in silos(m, build_graph(m))}
    assert set(found) == {"wc"}
    assert found["wc"].finding == (
        "WC (women's centre) has no link to any other service in B or nationally: its only links go to 1 service in other areas."
    )
    assert found["wc"].evidence.startswith(
        "Its only referral, co-location or joint working links are with services in other areas"
    )
