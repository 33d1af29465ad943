"""The standards checklist: each rule kind met and not met, with national services counted."""

from mapkit import build

from journeymap.analyse import scorecard, standards_gaps
from journeymap.graph.build import build_graph

STANDARDS = b"""id,standard,source,rule,severity,suggestion
wo-group,Treatment runs a women-only group,Womanifesto R1,offer:women_only_group|women_only_drop_in,high,Start one.
rehab,Women-only residential rehab,Womanifesto R1,service:residential_rehab:women_only,medium,
midwife,A midwifery pathway into treatment,CJI guide,link:midwifery:treatment,high,Hold a clinic.
wc,A women's centre,CJI guide,service:womens_centre,low,
"""


def gaps(services, links=""):
    m = build(services, links, standards_csv=STANDARDS)
    return {(f.area, f.subject_id): f for f in standards_gaps(m, build_graph(m))}


def test_every_rule_kind_can_fail_with_its_own_evidence():
    found = gaps(
        "tx drug_alcohol_treatment A offers=creche\nmw midwifery A\nrr residential_rehab A\n"
    )
    assert set(found) == {("A", "wo-group"), ("A", "rehab"), ("A", "midwife"), ("A", "wc")}
    assert found["A", "wo-group"].severity == "high"
    assert (
        "None of the treatment services open to women in A (TX and RR)"
        in found["A", "wo-group"].evidence
    )
    assert "women only group or women only drop in" in found["A", "wo-group"].evidence
    assert "that is women-only" in found["A", "rehab"].evidence
    assert "midwifery and a treatment service" in found["A", "midwife"].evidence
    assert found["A", "midwife"].suggestion == "Hold a clinic."
    assert found["A", "wc"].source == "CJI guide"


def test_all_met_gives_no_findings_and_national_services_count_for_every_area():
    found = gaps(
        "tx drug_alcohol_treatment A offers=women_only_drop_in\nmw midwifery A\n"
        "wc womens_centre A\nrr residential_rehab national women_only\n",
        "mw -> tx\n",
    )
    assert found == {}


def test_a_link_must_join_the_two_kinds_inside_the_area():
    found = gaps(
        "tx drug_alcohol_treatment A\nmw midwifery B\ntx2 drug_alcohol_treatment B\n",
        "mw -> tx\n",
    )
    assert ("A", "midwife") in found and ("B", "midwife") in found


def test_scorecard_lists_the_services_that_meet_each_standard():
    m = build(
        "tx drug_alcohol_treatment A offers=women_only_group\nt2 inpatient_detox A offers=women_only_group\n",
        standards_csv=STANDARDS,
    )
    card = {r.standard.id: r for r in scorecard(m, build_graph(m), "A")}
    assert card["wo-group"].met and card["wo-group"].services == ("tx", "t2")
    assert not card["wc"].met and card["wc"].services == ()


def test_default_checklist_loads_and_is_grounded_in_the_seeds():
    m = build("tx drug_alcohol_treatment A\n")
    assert len(m.standards) >= 15
    assert all(s.source.startswith(("Womanifesto", "CJI")) for s in m.standards)
    assert len(m.personas) >= 8
    assert {"pregnant", "leaving-prison"} <= {p.id for p in m.personas}
