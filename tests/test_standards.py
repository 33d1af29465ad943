"""The standards checklist (DESIGN §4) on hand-built maps: each rule kind in each of its states,
scopes, routes across a border and through a shared site, and offers the map does not record."""

from mapkit import build

from journeymap.analyse import scorecard, standards_gaps
from journeymap.analyse.standards import RECORD_OFFERS
from journeymap.graph.build import build_graph

STANDARDS = b"""id,standard,source,rule,severity,suggestion
wo-group,Treatment runs a women-only group,Womanifesto R1,offer:women_only_group|women_only_drop_in,high,Start one.
rehab,Women-only residential rehab,Womanifesto R1,service:residential_rehab:women_only,medium,
midwife,A midwifery pathway into treatment,CJI guide,link:midwifery:treatment,high,Hold a clinic.
wc,A women's centre,CJI guide,service:womens_centre,low,
"""
CUSTODY = b"""id,standard,source,rule,severity
custody,A pathway from prison into treatment,CJI guide,pathway:prison:treatment,high
probation,Probation and treatment linked,CJI guide,pathway:probation:treatment,high
"""
OFFERS = b"""id,standard,source,rule,severity
key-worker,Female key worker by default,Womanifesto R1,offer:female_keyworker_default,high
idva,An IDVA in treatment,CJI guide,offer:idva,high
rehab-space,A women-only space in rehab,Womanifesto R1,offer:women_only_space@residential,medium
"""


def gaps(services, links="", standards=STANDARDS):
    m = build(services, links, standards_csv=standards)
    return {(f.area, f.subject_id): f for f in standards_gaps(m, build_graph(m))}


def card(services, links="", standards=STANDARDS, area="A"):
    m = build(services, links, standards_csv=standards)
    return {r.standard.id: r for r in scorecard(m, build_graph(m), area)}


def test_every_rule_kind_can_fail_with_its_own_evidence():
    found = gaps(
        "tx drug_alcohol_treatment A offers=creche\nmw midwifery A\nrr residential_rehab A\n"
    )
    assert set(found) == {("A", "wo-group"), ("A", "rehab"), ("A", "midwife"), ("A", "wc")}
    assert found["A", "wo-group"].severity == "high"
    assert found["A", "wo-group"].evidence == (
        "None of the community treatment in A (TX) offers a women-only drop-in or a women-only group."
    )
    assert "that is women-only" in found["A", "rehab"].evidence
    assert found["A", "midwife"].evidence == (
        "No route with at most one hand-off runs between midwifery and community treatment in A."
    )
    assert found["A", "midwife"].suggestion == "Hold a clinic."
    assert found["A", "wc"].source == "CJI guide"
    assert {f.affects for f in found.values()} == {1}  # the area's one touchpoint, mw


def test_affects_is_the_areas_touchpoints():
    found = gaps("tx drug_alcohol_treatment A\nmw midwifery A\ngp gp A\n")
    assert {f.affects for f in found.values()} == {2}  # mw and gp


def test_a_national_rehab_does_not_meet_a_community_offer_standard():
    services = (
        "tx drug_alcohol_treatment A offers=prescribing\n"
        "rr residential_rehab national offers=women_only_group;women_only_space\n"
    )
    scored = card(services, standards=OFFERS + b"g,Group,W,offer:women_only_group,high\n")
    assert scored["g"].state == "not_met"  # the rehab offers it; the area's own service does not
    assert scored["rehab-space"].state == "met"  # ...but a residential standard it meets
    assert scored["rehab-space"].services == ("rr",)


def test_an_informal_one_way_link_is_partly_met_one_step_lower():
    found = gaps(
        "tx drug_alcohol_treatment A offers=women_only_group\nmw midwifery A\nwc womens_centre A\n"
        "rr residential_rehab national women_only\n",
        "tx -> mw\n",
    )
    assert set(found) == {("A", "midwife")}
    f = found["A", "midwife"]
    assert f.severity == "medium"  # high when not met; partly met is one step lower
    assert f.finding == ("A only partly meets the standard: A midwifery pathway into treatment")
    assert f.evidence == (
        "MW and TX are joined, but only informally or one way. TX can refer women to MW, "
        "but women at MW have no way in."
    )


def test_a_formal_two_way_pathway_is_met():
    scored = card("tx drug_alcohol_treatment A\nmw midwifery A\n", "mw <-> tx formal\n")
    assert scored["midwife"].state == "met" and scored["midwife"].services == ("mw", "tx")
    one_way = card("tx drug_alcohol_treatment A\nmw midwifery A\n", "mw -> tx formal\n")
    assert one_way["midwife"].state == "partly"
    informal = card("tx drug_alcohol_treatment A\nmw midwifery A\n", "mw <-> tx\n")
    assert informal["midwife"].state == "partly"


def test_a_prison_across_the_border_meets_release_from_custody():
    # HMP in area B has a written two-way pathway with A's treatment: it counts for A.
    services = "tx drug_alcohol_treatment A\nhm prison B\ntb drug_alcohol_treatment B\n"
    scored = card(services, "hm <-> tx formal\n", standards=CUSTODY)
    assert scored["custody"].state == "met"
    # ...and for B too: its own prison's women reach A's treatment by that pathway.
    assert card(services, "hm <-> tx formal\n", CUSTODY, area="B")["custody"].state == "met"
    # A prison elsewhere that links to nothing of B's does not count for B.
    other = "tx drug_alcohol_treatment A\nhm prison A\ntb drug_alcohol_treatment B\n"
    assert card(other, "hm <-> tx formal\n", CUSTODY, area="B")["custody"].state == "not_met"


def test_services_at_one_site_meet_a_pathway_with_no_hand_off():
    # Probation and treatment both hold sessions at the women's centre (the seeds' model).
    scored = card(
        "tx drug_alcohol_treatment A\npr probation A\nwc womens_centre A\n",
        "pr -- wc co_location formal\ntx -- wc co_location formal\n",
        standards=CUSTODY,
    )
    assert scored["probation"].state == "met"
    # Two hand-offs apart is not a pathway.
    far = card(
        "tx drug_alcohol_treatment A\npr probation A\nwc womens_centre A\n",
        "pr <-> wc formal\nwc <-> tx formal\n",
        standards=CUSTODY,
    )
    assert far["probation"].state == "not_met"


def test_a_blank_offers_column_gives_one_not_evidenced_finding():
    found = gaps("tx drug_alcohol_treatment A\ngp gp A\n", standards=OFFERS)
    assert set(found) == {("A", RECORD_OFFERS), ("A", "rehab-space")}  # no rehab reached: not met
    f = found["A", RECORD_OFFERS]
    assert f.severity == "medium" and f.subject_name == "Offers not recorded"
    assert "cannot say whether A meets 2 of the minimum standards" in f.finding
    assert "key-worker and idva" in f.evidence
    assert "female_keyworker_default, idva" in f.suggestion
    scored = card("tx drug_alcohol_treatment A\n", standards=OFFERS)
    assert [r.label for r in scored.values()] == ["not evidenced", "not evidenced", "not met"]


def test_all_met_gives_no_findings_and_national_services_count_for_every_area():
    found = gaps(
        "tx drug_alcohol_treatment A offers=women_only_drop_in\nmw midwifery A\n"
        "wc womens_centre A\nrr residential_rehab national women_only\n",
        "mw <-> tx formal\n",
    )
    assert found == {}


def test_a_service_in_another_area_counts_when_the_areas_links_reach_it():
    services = "tx drug_alcohol_treatment A\nrr residential_rehab B women_only\ngp gp A\n"
    assert card(services)["rehab"].state == "not_met"
    assert card(services, "tx -> rr\n")["rehab"].state == "met"
    assert card(services, "rr -> tx\n")["rehab"].state == "not_met"  # a referral the other way


def test_a_pathway_counts_only_services_of_the_area_or_linked_to_it():
    # Another area's midwife linked to a national treatment service does not meet B's standard.
    services = "mw midwifery A\ngpb gp B\ntxn drug_alcohol_treatment national\n"
    assert card(services, "mw <-> txn formal\ngpb -> txn\n", area="B")["midwife"].state == "not_met"
    # An area's own midwife with a pathway to treatment across the border meets its standard.
    across = "mw midwifery A\ntxb drug_alcohol_treatment B\n"
    assert card(across, "mw <-> txb formal\n")["midwife"].state == "met"


def test_scorecard_lists_the_services_that_meet_each_standard():
    m = build(
        "tx drug_alcohol_treatment A offers=women_only_group\nt2 drug_alcohol_treatment A offers=women_only_group\n",
        standards_csv=STANDARDS,
    )
    scored = {r.standard.id: r for r in scorecard(m, build_graph(m), "A")}
    assert scored["wo-group"].met and scored["wo-group"].services == ("tx", "t2")
    assert not scored["wc"].met and scored["wc"].services == ()


def test_default_checklist_loads_and_is_grounded_in_the_seeds():
    m = build("tx drug_alcohol_treatment A\n")
    assert len(m.standards) >= 15
    assert all(s.source.startswith(("Womanifesto", "CJI")) for s in m.standards)
    assert len(m.personas) >= 8
    assert {"pregnant", "leaving-prison"} <= {p.id for p in m.personas}
