"""Single points of failure and silos, on maps small enough to check by hand."""

from mapkit import build

from journeymap.analyse import silos, single_points_of_failure
from journeymap.graph.build import build_graph


def spofs(m):
    return {f.subject_id: f for f in single_points_of_failure(m, build_graph(m))}


def test_a_chain_gives_one_finding_per_cause():
    # hs -> ph -> gp -> tx (only gp -> tx formal); wc -- tx (co-location, formal).
    # gp and its link gp -> tx carry ph and hs: one cause. ph and its link ph -> gp carry hs:
    # another. Each touchpoint's own link (gp -> tx for gp, wc -- tx for wc) is her route
    # itself, not a single point of failure.
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nph pharmacy A\nhs housing A\nwc womens_centre A\n",
        "gp -> tx formal\nph -> gp\nhs -> ph\nwc -- tx co_location formal\n",
    )
    found = spofs(m)
    assert set(found) == {"gp", "ph"}
    gp = found["gp"]
    assert gp.affects == 2 and gp.severity == "medium"  # two middling touchpoints
    assert gp.finding == (
        "Every route into treatment from PH and HS passes through GP (GP practice) and its "
        "link GP → TX: if it closes or loses its worker, they are cut off."
    )
    assert found["ph"].affects == 1 and "HS" in found["ph"].finding
    assert "its link PH → GP" in found["ph"].finding


def test_a_touchpoints_own_link_is_not_its_single_point():
    for links in ("mw -> tx formal\n", "mw -> tx\n"):
        m = build("tx drug_alcohol_treatment A\nmw midwifery A\n", links)
        assert spofs(m) == {}


def test_one_link_five_touchpoints_hang_on_is_one_finding_naming_five():
    m = build(
        "tx drug_alcohol_treatment A\nhub outreach A\n" + "".join(f"g{i} gp A\n" for i in range(5)),
        "hub -> tx\n" + "".join(f"g{i} -> hub formal\n" for i in range(5)),
    )
    found = spofs(m)
    assert set(found) == {"hub"}  # the worker and her one link into treatment: one cause
    assert found["hub"].affects == 5 and found["hub"].severity == "high"
    assert "5 services (G0, G1, G2, G3 and G4)" in found["hub"].finding


def test_a_hub_whose_links_are_all_written_down_is_a_key_partner_to_protect():
    # The seeds' model: probation and treatment hold sessions at the women's centre, and the
    # GP refers there. Every route passes through the centre, by written pathways only.
    m = build(
        "tx drug_alcohol_treatment A\nwc womens_centre A\npr probation A\ngp gp A\n",
        "tx -- wc co_location formal\npr -- wc co_location formal\ngp -> wc formal\n",
    )
    found = spofs(m)
    assert set(found) == {"wc"}
    wc = found["wc"]
    assert wc.finding.startswith("WC (women's centre) is a key partner: every route into")
    assert wc.severity == "medium"  # a GP and probation (high), one step lower: it is formal
    assert "Protect this partner" in wc.suggestion


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
    assert set(found) == {"m"} and found["m"].severity == "medium"  # a GP; all formal: less
    informal = build(
        "tx drug_alcohol_treatment A\ns gp A\nm pharmacy A\n",
        "s -> m\nm -> tx formal\ntx -> s formal\n",
    )
    assert spofs(informal)["m"].severity == "high"


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
