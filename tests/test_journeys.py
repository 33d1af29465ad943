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


def test_missed_contacts_are_one_finding_per_service_with_the_route_that_existed():
    # Missed steps: J01 step 1 (ph), J01 step 4 (wc), J03 step 1 (gp): three services, one
    # journey each. J01's step 6 at gp comes after treatment and does not count.
    found = {f.subject_id: f for f in journey_missed_opportunities(M, G)}
    assert set(found) == {"ph", "wc", "gp"}

    ph = found["ph"]
    assert (ph.category, ph.area, ph.severity, ph.subject_name, ph.affects) == (
        "journey_missed_opportunity",
        "A",
        "medium",
        "PH",
        0,  # one journey: under the small-number rule
    )
    assert ph.finding == (
        "PH (pharmacy) saw women before they reached treatment, and the contact did not help "
        "them on to the next help."
    )
    assert ph.evidence == (
        "Fewer than 5 journeys recorded in lived-experience workshops say so. "
        "What got in the way there: Nobody asked; Felt judged."
    )
    assert ph.suggestion.startswith(
        "A route existed: PH → GP (informal referral) → TX (informal referral) (2 hand-offs)."
    )
    assert "J01" not in ph.evidence  # a code would give a small count away

    wc = found["wc"]
    assert wc.severity == "high"  # no route at all from a women's centre
    assert wc.suggestion.startswith("No route led from WC to any treatment service. Co-locate")

    gp = found["gp"]
    assert gp.severity == "medium"
    assert "A route existed: GP → TX (informal referral) (1 hand-off)." in gp.suggestion


def test_five_journeys_not_helped_at_one_service_are_one_finding_counted():
    many = b"journey,step,service,helped_onward\n" + b"".join(
        f"J{i:02d},1,gp,no\n".encode() for i in range(5)
    )
    m = build(SERVICES, LINKS, journeys_csv=many)
    (f,) = journey_missed_opportunities(m, build_graph(m))
    assert (f.subject_id, f.affects) == ("gp", 5)
    assert f.evidence == "5 journeys recorded in lived-experience workshops say so."


def test_a_journey_that_never_reaches_treatment_counts_every_contact():
    never = b"journey,step,service,place,helped_onward\nJ04,1,gp,,no\nJ04,2,,home,\nJ04,3,ph,,no\n"
    m = build(SERVICES, LINKS, journeys_csv=never)
    found = {f.subject_id: f for f in journey_missed_opportunities(m, build_graph(m))}
    assert set(found) == {"gp", "ph"}  # no treatment step: every contact counts


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


# --- Barriers women met at mapped services (journey_barrier) --------------------------------
#
# Same map. Journeys worked by hand:
#   J21..J24  one step each at tx naming no_childcare; J25 names it at tx twice (steps 1, 2)
#             → 5 journeys (6 steps): ONE finding tx:no_childcare, "5 journeys", affects 5
#   J21, J22  also name mixed_gender_space at tx → "fewer than 5", affects 0 (small-number rule)
#   J23       names mixed_gender_space at gp → a touchpoint: medium (high at treatment)
#   J24, J25  name a custom barrier 'no bus fare' at wc → pooled, general advice; low
#   J26       names stigma at 'A&E' (not on the map) → no finding
BARRIER_JOURNEYS = b"""journey,step,service,place,barriers,helped_onward
J21,1,tx,,no_childcare;mixed_gender_space,
J22,1,tx,,no_childcare;mixed_gender_space,
J23,1,gp,,mixed_gender_space,yes
J23,2,tx,,no_childcare,
J24,1,wc,,no bus fare,no
J24,2,tx,,no_childcare,
J25,1,tx,,no_childcare,
J25,2,tx,,no_childcare,
J25,3,wc,,No Bus Fare,
J26,1,,A&E,stigma,no
"""


def barrier_findings(journeys: bytes):
    from journeymap.analyse.journeys import journey_barriers

    m = build(SERVICES, LINKS, journeys_csv=journeys)
    return {f.subject_id: f for f in journey_barriers(m, build_graph(m))}


def test_a_barrier_inside_treatment_gives_a_finding_with_its_remedy_and_source():
    from journeymap.labels import BARRIER_ROWS

    found = barrier_findings(BARRIER_JOURNEYS)
    f = found["tx:mixed_gender_space"]
    row = BARRIER_ROWS["mixed_gender_space"]
    assert (f.category, f.area, f.severity, f.subject_name) == (
        "journey_barrier",
        "A",
        "medium",  # high in barriers.csv; two journeys (fewer than 5): one step lower
        "TX",
    )
    assert f.finding == (
        "Women said this got in the way at TX (drug and alcohol treatment): "
        "“Had to be in a room with men”."
    )
    assert f.suggestion == row.remedy and f.suggestion.startswith("Keep a space free of men")
    assert f.source == row.source and "Swindon" in f.source


def test_five_journeys_naming_one_barrier_at_one_service_are_one_finding():
    found = barrier_findings(BARRIER_JOURNEYS)
    childcare = [f for f in found.values() if f.subject_id.endswith(":no_childcare")]
    assert [f.subject_id for f in childcare] == ["tx:no_childcare"]
    (f,) = childcare
    # Journeys, not steps: J25 named it at two steps and counts once.
    assert f.evidence == (
        "5 journeys recorded in lived-experience workshops name this barrier at TX."
    )
    assert f.affects == 5
    assert f.severity == "high"  # five journeys at treatment: the barrier's own level


def test_fewer_than_five_journeys_are_never_counted_out_loud():
    f = barrier_findings(BARRIER_JOURNEYS)["tx:mixed_gender_space"]
    assert f.evidence == (
        "Fewer than 5 journeys recorded in lived-experience workshops name this barrier at TX."
    )
    # 2 journeys: the affects column (and the report's order by it) keeps the same rule.
    assert f.affects == 0
    assert "J21" not in f.evidence and "J22" not in f.evidence  # codes would give the count


def test_at_a_touchpoint_a_barrier_is_one_step_lower():
    f = barrier_findings(BARRIER_JOURNEYS)["gp:mixed_gender_space"]
    assert (f.severity, f.subject_name) == ("low", "GP")  # and fewer than 5: lower again
    assert f.finding.startswith("Women said this got in the way at GP (GP practice): ")


def test_a_custom_barrier_is_pooled_with_general_advice():
    from journeymap.analyse.journeys import OTHER_BARRIER_REMEDY, OTHER_BARRIER_SOURCE

    found = barrier_findings(BARRIER_JOURNEYS)
    f = found["wc:no_bus_fare"]  # 'no bus fare' and 'No Bus Fare' are one code
    assert f.finding == ("Women said this got in the way at WC (women's centre): “No bus fare”.")
    assert f.evidence.startswith("Fewer than 5 journeys") and "not on the standard list" in (
        f.evidence
    )
    assert (f.suggestion, f.source, f.severity) == (
        OTHER_BARRIER_REMEDY,
        OTHER_BARRIER_SOURCE,
        "low",  # medium off the list, lower at a touchpoint, lower again under 5 (low floor)
    )


def test_every_finding_is_one_service_and_barrier_and_places_off_the_map_give_none():
    assert sorted(barrier_findings(BARRIER_JOURNEYS)) == [
        "gp:mixed_gender_space",
        "tx:mixed_gender_space",
        "tx:no_childcare",
        "wc:no_bus_fare",
    ]  # J26's stigma at 'A&E' is at no mapped service


def test_journeys_without_barriers_give_no_barrier_finding():
    assert barrier_findings(JOURNEYS.replace(b"not_asked;stigma", b"")) == {}
    assert [f for f in find_gaps(build(SERVICES, LINKS)) if f.category == "journey_barrier"] == []


def test_barrier_findings_never_quote_notes():
    with_note = b"journey,step,service,barriers,note\nJ31,1,tx,stigma,Private words here\n"
    (f,) = barrier_findings(with_note).values()
    assert "Private" not in f"{f.finding} {f.evidence} {f.suggestion} {f.source}"


def test_barrier_analysis_registered():
    from journeymap.analyse import journey_barriers

    assert ANALYSES["journey_barrier"] is journey_barriers
    assert {f.category for f in find_gaps(M, G)} >= {"journey_barrier"}


# --- A journey's suggestion answers the barrier she named -----------------------------------


def test_the_suggestion_of_a_missed_contact_follows_the_barriers_she_named():
    from journeymap.labels import BARRIER_ROWS

    found = {f.subject_id: f for f in journey_missed_opportunities(M, G)}
    ph = found["ph"]  # not_asked; stigma, and a route existed
    assert ph.suggestion == (
        "A route existed: PH → GP (informal referral) → TX (informal referral) (2 hand-offs). "
        f"For “Nobody asked”: {BARRIER_ROWS['not_asked'].remedy} "
        f"For “Felt judged”: {BARRIER_ROWS['stigma'].remedy}"
    )
    assert "Make sure every worker" not in ph.suggestion
    assert BARRIER_ROWS["stigma"].source in ph.source and ph.source.startswith(
        "Womanifesto, Recommendation Three; CJI guide, Service mapping"
    )
    # No barrier named: today's advice, and the usual sources.
    gp = found["gp"]
    assert gp.suggestion.endswith(
        "Make sure every worker at GP knows it, asks about drugs and alcohol without judgement, "
        "and offers a warm hand-over rather than a phone number."
    )
    assert gp.source == "Womanifesto, Recommendation Three; CJI guide, Service mapping"
    assert {f.affects for f in found.values()} == {0}  # one journey each: under 5


def test_with_no_route_the_suggestion_keeps_the_pathway_and_adds_the_barrier_remedy():
    from journeymap.labels import BARRIER_ROWS

    named = b"journey,step,service,barriers,helped_onward\nJ41,1,wc,no_childcare,no\n"
    m = build(SERVICES, LINKS, journeys_csv=named)
    (f,) = journey_missed_opportunities(m, build_graph(m))
    assert f.suggestion.startswith("No route led from WC to any treatment service. Co-locate")
    assert f.suggestion.endswith(f"For “No childcare”: {BARRIER_ROWS['no_childcare'].remedy}")


def test_a_custom_barrier_alone_keeps_the_general_advice():
    named = b"journey,step,service,barriers,helped_onward\nJ42,1,gp,no bus fare,no\n"
    m = build(SERVICES, LINKS, journeys_csv=named)
    (f,) = journey_missed_opportunities(m, build_graph(m))
    assert f.suggestion.endswith("and offers a warm hand-over rather than a phone number.")


def test_demo_barrier_findings_use_the_file_and_never_quote_notes(demo_dir):
    from journeymap.labels import BARRIER_ROWS
    from journeymap.read.load import load_map

    smap = load_map(demo_dir)
    mine = [f for f in find_gaps(smap) if f.category == "journey_barrier"]
    # The mixed waiting room at Fenmoor's treatment service, named in J01 and J12.
    room = next(f for f in mine if f.subject_id == "fen-treatment:mixed_gender_space")
    assert (room.severity, room.area, room.affects) == ("medium", "Fenmoor", 0)
    assert room.evidence.startswith("Fewer than 5 journeys")
    assert {f.suggestion for f in mine} <= {row.remedy for row in BARRIER_ROWS.values()}
    notes = [s.note for j in smap.journeys for s in j.steps if s.note]
    text = " ".join(f"{f.finding} {f.evidence} {f.suggestion}" for f in mine)
    assert not [n for n in notes if n in text]
