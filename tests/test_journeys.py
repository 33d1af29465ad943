"""Missed opportunities in recorded journeys, on a hand-built map with answers worked on paper.

Map (area A): ph -> gp -> tx (one-way referrals), wc (women's centre, no links).

J01  1 ph   helped no      → missed; route ph→gp→tx (2 hand-offs); pharmacy → medium
     2 "A&E" helped no     → not on the map: not counted
     3 gp   helped blank   → no answer recorded: not counted
     4 wc   helped no      → missed; no route at all; women's centre → high
     5 tx   (treatment)    → she reached treatment here
     6 gp   helped no      → after treatment: not counted
J02  every contact helped her on → no finding ("no gap")
J03  1 gp   helped no      → missed; route gp→tx (1 hand-off); GP → medium
     2 "a clinic" in_treatment → reached treatment off the map
     3 ph   helped no      → after treatment: not counted
"""

from mapkit import build

from journeymap.analyse import ANALYSES, find_gaps, journey_missed_opportunities
from journeymap.analyse.journeys import missed_steps, reached_treatment_at
from journeymap.graph.build import build_graph

SERVICES = """
tx drug_alcohol_treatment A
gp gp A
ph pharmacy A
wc womens_centre A
"""
LINKS = """
ph -> gp
gp -> tx
"""
JOURNEYS = b"""journey,step,service,place,stage,feeling,barriers,helped_onward,circumstances,note
J01,1,ph,,before_help,-1,not_asked;stigma,no,mother,Private words that must not reach the report
J01,2,,A&E,seeking_help,-2,,no,,
J01,3,gp,,seeking_help,0,,,,
J01,4,wc,,seeking_help,1,,no,,
J01,5,tx,,,0,,,,
J01,6,gp,,after_treatment,1,,no,,
J02,1,gp,,before_help,0,,yes,,
J02,2,tx,,in_treatment,1,,,,
J03,1,gp,,before_help,-1,,no,,
J03,2,,a clinic,in_treatment,0,,,,
J03,3,ph,,in_treatment,0,,no,,
"""
M = build(SERVICES, LINKS, journeys_csv=JOURNEYS)
G = build_graph(M)
J = {j.code: j for j in M.journeys}


def test_reached_treatment_at_a_mapped_service_or_by_stage():
    assert reached_treatment_at(G, J["J01"]) == 4  # index of step 5 (tx)
    assert reached_treatment_at(G, J["J02"]) == 1
    assert reached_treatment_at(G, J["J03"]) == 1  # 'a clinic', stage in_treatment


def test_missed_steps_hand_worked():
    assert [s.step for s in missed_steps(G, J["J01"])] == [1, 4]
    assert missed_steps(G, J["J02"]) == []
    assert [s.step for s in missed_steps(G, J["J03"])] == [1]


def test_findings_name_journey_step_and_the_route_that_existed():
    found = {f.subject_id: f for f in journey_missed_opportunities(M, G)}
    assert set(found) == {"J01 step 1", "J01 step 4", "J03 step 1"}

    ph = found["J01 step 1"]
    assert (ph.category, ph.area, ph.severity, ph.subject_name) == (
        "journey_missed_opportunity",
        "A",
        "medium",
        "PH",
    )
    assert ph.finding == (
        "PH (pharmacy) saw her before she reached treatment, and the contact did not help her "
        "on to the next help."
    )
    assert ph.evidence == (
        "Journey J01, step 1: recorded in a lived-experience workshop as not helping her onward. "
        "What got in the way: Nobody asked; Felt judged. She reached treatment at step 5."
    )
    assert ph.suggestion.startswith(
        "A route existed: PH → GP (informal referral) → TX (informal referral) (2 hand-offs)."
    )

    wc = found["J01 step 4"]
    assert wc.severity == "high"  # no route at all from a women's centre
    assert wc.suggestion.startswith("No route led from WC to any treatment service. Co-locate")

    gp = found["J03 step 1"]
    assert gp.severity == "medium"
    assert "A route existed: GP → TX (informal referral) (1 hand-off)." in gp.suggestion
    assert "She reached treatment at step 2." in gp.evidence


def test_a_journey_that_never_reaches_treatment_says_so():
    never = b"journey,step,service,place,helped_onward\nJ04,1,gp,,no\nJ04,2,,home,\nJ04,3,ph,,no\n"
    m = build(SERVICES, LINKS, journeys_csv=never)
    found = {f.subject_id: f for f in journey_missed_opportunities(m, build_graph(m))}
    assert set(found) == {"J04 step 1", "J04 step 3"}  # no treatment step: every contact counts
    assert found["J04 step 3"].evidence.endswith(
        "The journey as recorded does not reach treatment."
    )


def test_no_finding_when_no_journeys_or_every_contact_helped():
    assert journey_missed_opportunities(build(SERVICES, LINKS), G) == []
    helped = b"journey,step,service,helped_onward\nJ09,1,ph,yes\nJ09,2,gp,yes\nJ09,3,tx,\n"
    m = build(SERVICES, LINKS, journeys_csv=helped)
    assert journey_missed_opportunities(m, build_graph(m)) == []


def test_notes_never_reach_findings_and_wording_is_respectful():
    findings = [f for f in find_gaps(M, G) if f.category == "journey_missed_opportunity"]
    text = " ".join(f"{f.finding} {f.evidence} {f.suggestion}" for f in findings).lower()
    assert "private words" not in text
    for word in ("refus", "engage", "failed to", "non-compliant", "addict", "chaotic"):
        assert word not in text


def test_registered():
    assert ANALYSES["journey_missed_opportunity"] is journey_missed_opportunities


def test_demo_journey_and_persona_findings_read_as_what_the_system_did_not_offer(demo_dir):
    from journeymap.read.load import load_map

    smap = load_map(demo_dir)
    findings = find_gaps(smap)
    mine = [f for f in findings if f.category in ("journey_missed_opportunity", "persona_gap")]
    assert {f.category for f in mine} == {"journey_missed_opportunity", "persona_gap"}
    assert not [f for f in mine if f.category == "persona_gap" and f.area == "Ashcombe"]
    notes = [s.note for j in smap.journeys for s in j.steps if s.note]
    text = " ".join(f"{f.finding} {f.evidence} {f.suggestion}" for f in mine)
    assert not [n for n in notes if n in text]
    for word in ("refus", "engage", "failed to", "non-compliant", "addict", "chaotic"):
        assert word not in text.lower()
