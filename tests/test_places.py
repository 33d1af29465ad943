"""Places typed in a workshop matched to the map, on a hand-built map with answers worked out
by hand.

Area A: one hospital (A General Hospital), two GP practices, one women's centre.
Area B: one hospital, one GP practice.
National: a helpline.

'A&E' in a journey at A's services → A's hospital (the one hospital of area A).
'my GP' in area A → none (two practices); in area B → B's one practice.
'a friend's sofa', 'home', 'police station' → none, anywhere.
"""

from __future__ import annotations

import pytest

from journeymap import parse_map
from journeymap.read.places import journey_area, likely_service, place_warnings

SERVICES = b"""id,name,type,area
tx-a,Hope Street Recovery,drug_alcohol_treatment,A
hosp-a,A General Hospital,hospital,A
gp-a1,Riverside Medical Practice,gp,A
gp-a2,Market Street Surgery,gp,A
wc-a,The Lantern Women's Centre,womens_centre,A
hosp-b,B Royal Infirmary,hospital,B
gp-b,Hill Top Surgery,gp,B
help,Lanternline Helpline,other,national
"""
JOURNEYS = b"""journey,step,service,place
J01,1,gp-a1,
J01,2,,A&E
J01,3,,a friend's sofa
J01,4,tx-a,
J02,1,,my GP
J02,2,gp-b,
J02,3,,Riverside Medical Practise
J03,1,,hospital
J03,2,help,
"""
NO_LINKS = b"from,to,kind\n"
M = parse_map({"services.csv": SERVICES, "links.csv": NO_LINKS, "journeys.csv": JOURNEYS})
S = M.services
J = {j.code: j for j in M.journeys}


def ids(place: str, area: str | None) -> str | None:
    found = likely_service(place, S, area)
    return found.id if found else None


@pytest.mark.parametrize("place", ["A&E", "a&e", " A & E ", "A and E", "A+E", "the hospital"])
def test_a_word_for_a_hospital_is_the_one_hospital_of_her_area(place):
    assert ids(place, "A") == "hosp-a"
    assert ids(place, "B") == "hosp-b"
    assert ids(place, None) is None  # no area: a type word alone never matches


@pytest.mark.parametrize("place", ["a friend's sofa", "home", "police station", "court", "", "  "])
def test_places_that_are_not_services_match_nothing(place):
    for area in ("A", "B", None):
        assert ids(place, area) is None


def test_a_type_word_with_two_services_of_that_type_is_ambiguous():
    assert ids("my GP", "A") is None  # two practices in A
    assert ids("my GP", "B") == "gp-b"  # one in B
    assert ids("the helpline", "national") is None  # never a national service by type


def test_names_and_ids_match_case_spacing_and_close_spelling_aside():
    assert ids("riverside  medical practice", None) == "gp-a1"
    assert ids("Riverside Medical Practise", "B") == "gp-a1"  # one letter off
    assert ids("GP-A2", None) == "gp-a2"
    assert ids("the lantern women's centre", None) == "wc-a"


def test_a_name_close_to_two_services_is_ambiguous():
    twins = b"id,name,type,area\nh1,Hillside Surgery,gp,A\nh2,Millside Surgery,gp,A\n"
    both = parse_map({"services.csv": twins, "links.csv": NO_LINKS}).services
    assert likely_service("hillside surgery", both, "A").id == "h1"  # the very name
    assert likely_service("Hilside Surgery", both, "A") is None  # close to both names
    assert likely_service("Illside Surgery", both, "A") is None
    assert likely_service("Lantern", S, "A") is None  # too far from any whole name


def test_the_area_of_a_journey():
    assert journey_area(J["J01"], S) == "A"
    assert journey_area(J["J02"], S) == "B"
    assert journey_area(J["J03"], S) is None  # only a national service: two local areas
    one_area = [s for s in S if s.area != "B"]
    assert journey_area(J["J03"], one_area) == "A"  # no local service: the map's only area


def test_place_warnings_name_the_line_the_service_and_its_id():
    assert [str(p) for p in place_warnings(M.journeys, S)] == [
        "journeys.csv:3: warning: place 'A&E' looks like the mapped service "
        "'A General Hospital' (hosp-a); if it is, put hosp-a in the 'service' column",
        "journeys.csv:6: warning: place 'my GP' looks like the mapped service "
        "'Hill Top Surgery' (gp-b); if it is, put gp-b in the 'service' column",
        "journeys.csv:8: warning: place 'Riverside Medical Practise' looks like the mapped "
        "service 'Riverside Medical Practice' (gp-a1); if it is, put gp-a1 in the 'service' "
        "column",
    ]  # J03's 'hospital': her journey has no local area, so no warning


def test_a_step_with_a_service_is_never_warned_about():
    both = b"journey,step,service,place\nJ01,1,gp-a1,A&E\n"
    m = parse_map({"services.csv": SERVICES, "links.csv": NO_LINKS, "journeys.csv": both})
    assert list(place_warnings(m.journeys, m.services)) == []


def test_loading_a_map_warns_about_a_typed_place_that_is_on_the_map():
    assert (
        "journeys.csv:3: warning: place 'A&E' looks like the mapped service "
        "'A General Hospital' (hosp-a); if it is, put hosp-a in the 'service' column"
    ) in M.warnings
