"""Reading, checking and writing scenario files (DESIGN §7): every mistake found, with its place."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mapkit import build

from journeymap import MapError
from journeymap.models import Link, Service
from journeymap.scenario.apply import apply_scenario, describe_changes
from journeymap.scenario.changes import LinkRef, OfferChange, Scenario
from journeymap.scenario.read import load_scenario, parse_scenario
from journeymap.scenario.write import scenario_toml, toml_string

NO_PERSONAS = b"id,name,entry_types\n"
NO_STANDARDS = b"id,standard,source,rule\n"


def small_map():
    """gp refers to tx (formal, one way); ph refers to gp (informal); wc stands alone."""
    return build(
        "gp gp A\nwc womens_centre A women_only offers=women_only_space\n"
        "tx drug_alcohol_treatment A offers=prescribing\nph pharmacy A",
        "gp -> tx formal\nph -> gp",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )


def problems_of(text: str, smap=None, file: str = "s.toml") -> list[str]:
    with pytest.raises(MapError) as caught:
        parse_scenario(text, smap or small_map(), file)
    return [str(p) for p in caught.value.problems]


def test_a_scenario_with_every_kind_of_change_is_read():
    text = """
name = "Everything"
description = "All six tables."
based_on = "CJI guide, Co-location"

[[add_service]]
id = "dv"
name = "DV service"
type = "Domestic abuse"
area = "A"
women_only = "yes"
offers = ["idva", "da_policy"]
latitude = 52.5
longitude = -1.25

[[remove_service]]
id = "ph"

[[add_link]]
from = "dv"
to = "tx"
kind = "co-location"
formal = true
notes = "IDVA in the team"

[[remove_link]]
from = "gp"
to = "tx"

[[add_offers]]
service = "tx"
offers = "creche; idva"

[[remove_offers]]
service = "wc"
offers = ["women_only_space"]
"""
    scenario = parse_scenario(text, small_map())
    assert scenario == Scenario(
        name="Everything",
        description="All six tables.",
        based_on="CJI guide, Co-location",
        add_service=(
            Service(
                id="dv",
                name="DV service",
                type="domestic_abuse",
                area="A",
                women_only=True,
                offers=("idva", "da_policy"),
                latitude=52.5,
                longitude=-1.25,
            ),
        ),
        remove_service=("ph",),
        add_link=(
            Link(
                source="dv", target="tx", kind="co_location", formal=True, notes="IDVA in the team"
            ),
        ),
        remove_link=(LinkRef("gp", "tx"),),
        add_offers=(OfferChange("tx", ("creche", "idva")),),
        remove_offers=(OfferChange("wc", ("women_only_space",)),),
    )
    assert scenario.warnings == ()


def test_a_scenario_with_many_mistakes_lists_every_problem_with_its_place():
    text = """name = "Lots of mistakes"
based_on = 12
colour = "red"

[[add_service]]
id = "gp"
name = "Another GP"
type = "midwife"
area = "B"
women_only = "maybe"

[[add_link]]
from = "gpp"
to = "tx"
kind = "colocation"
formal = "sometimes"

[[add_link]]
form = "gp"
to = "wc"
kind = "refferal"

[[remove_link]]
from = "gp"
to = "wc"

[[remove_service]]
id = "tx2"

[[add_offers]]
service = "wc"
offers = ["idva", "creche_please"]

[[remove_offers]]
service = "tx"
offers = "idva"

[[add_offers]]
service = "ph"
"""
    assert problems_of(text) == [
        "s.toml:2: 'based_on' should be text in quotes",
        "s.toml:3: 'colour' is not part of a scenario (use: name, description, based_on, "
        "add_service, remove_service, add_link, remove_link, add_offers, remove_offers)",
        "s.toml:5: [[add_service]] #1: type 'midwife' is not a service type (did you mean 'midwifery'?)",
        "s.toml:5: [[add_service]] #1: women_only 'maybe' is not yes or no (use yes/no, y/n, true/false or 1/0)",
        "s.toml:5: [[add_service]] #1: id 'gp' is already a service in the map; choose a new id, "
        "or remove the old service in a [[remove_service]] to replace it",
        "s.toml:5: [[add_service]] #1: area 'B' is not an area of the map (areas: A, national)",
        "s.toml:12: [[add_link]] #1: kind 'colocation' is not a link kind (did you mean 'co_location'?)",
        "s.toml:12: [[add_link]] #1: formal 'sometimes' is not yes or no (use yes/no, y/n, true/false or 1/0)",
        "s.toml:12: [[add_link]] #1: from 'gpp' is not a service in the map or added by this scenario (did you mean 'gp'?)",
        "s.toml:18: [[add_link]] #2: 'form' is not a field of [[add_link]] (did you mean 'from'?)",
        "s.toml:18: [[add_link]] #2: kind 'refferal' is not a link kind (did you mean 'referral'?)",
        "s.toml:18: [[add_link]] #2: 'from' is empty; give a service id",
        "s.toml:23: [[remove_link]] #1: the map has no link from 'gp' to 'wc'; 'gp' is linked with: tx (referral), ph (referral)",
        "s.toml:27: [[remove_service]] #1: id 'tx2' is not a service in the map (did you mean 'tx'?)",
        "s.toml:30: warning: [[add_offers]] #1: 'creche_please' is not a known offer tag; did you mean 'creche'? kept as a custom value",
        "s.toml:34: [[remove_offers]] #1: 'tx' does not offer 'idva', so it cannot stop (it offers: prescribing)",
        "s.toml:38: [[add_offers]] #2: 'offers' is empty; every row needs one",
    ]


def test_a_toml_syntax_error_is_reported_with_its_line():
    text = 'name = "x"\n\n[[add_link]]\nfrom = "gp\nto = "tx"\n'
    assert problems_of(text) == [
        "s.toml:4: this is not valid TOML: Illegal character '\\n' (column 11); check quotes and brackets"
    ]
    assert problems_of('name = "x"\n[[add_link]\n') == [
        "s.toml:2: this is not valid TOML: Expected ']]' at the end of an array declaration "
        "(column 11); check quotes and brackets"
    ]
    assert problems_of('name = "x"\ndescription = """never closed\n') == [
        "s.toml:3: this is not valid TOML: Unterminated string at the end of the file; "
        "check quotes and brackets"
    ]


def test_table_shape_mistakes():
    assert problems_of('name = "x"\n\n[add_link]\nfrom = "gp"\n') == [
        "s.toml:3: [add_link] needs double brackets: write [[add_link]], one for each change"
    ]
    assert problems_of('name = "x"\nadd_link = "gp -> tx"\n') == [
        "s.toml:2: 'add_link' should be a list of [[add_link]] tables, one for each change"
    ]
    assert problems_of(
        'name = "x"\n[[add_link]]\nfrom = "gp"\nto = {id = "tx"}\nkind = "referral"\n'
    ) == [
        "s.toml:2: [[add_link]] #1: 'to' should be text, yes/no or a number, not dict",
        "s.toml:2: [[add_link]] #1: 'to' is empty; give a service id",
    ]
    assert problems_of('name = "x"\n[[add_links]]\nfrom = "gp"\n') == [
        "s.toml:2: 'add_links' is not part of a scenario (did you mean 'add_link'?)"
    ]


def test_a_scenario_needs_a_name_and_a_change():
    assert problems_of('description = "nothing"\n') == [
        's.toml:1: the scenario needs a name, e.g. name = "…"',
        "s.toml:2: the scenario makes no changes; add at least one of [[add_service]], "
        "[[remove_service]], [[add_link]], [[remove_link]], [[add_offers]], [[remove_offers]]",
    ]
    assert problems_of('name = "Nothing yet"\n') == [
        "s.toml:2: the scenario makes no changes; add at least one of [[add_service]], "
        "[[remove_service]], [[add_link]], [[remove_link]], [[add_offers]], [[remove_offers]]"
    ]
    assert problems_of("") == [
        's.toml:1: the scenario needs a name, e.g. name = "…"',
        "s.toml:1: the scenario makes no changes; add at least one of [[add_service]], "
        "[[remove_service]], [[add_link]], [[remove_link]], [[add_offers]], [[remove_offers]]",
    ]


def test_a_scenario_that_is_not_utf8_or_missing(tmp_path):
    with pytest.raises(MapError) as caught:
        parse_scenario('name = "Caf\xe9"'.encode("cp1252"), small_map(), "s.toml")
    assert [str(p) for p in caught.value.problems] == [
        "s.toml:1: the scenario is not UTF-8 text; save it as UTF-8"
    ]
    with pytest.raises(MapError) as caught:
        load_scenario(tmp_path / "nope.toml", small_map())
    assert str(caught.value.problems[0]) == (
        f"{tmp_path}/nope.toml:1: cannot read the scenario file: No such file or directory"
    )


def test_removed_services_cannot_be_linked_but_can_be_replaced():
    text = """name = "Replace the pharmacy"
[[remove_service]]
id = "ph"
[[add_link]]
from = "ph"
to = "wc"
kind = "referral"
[[add_offers]]
service = "ph"
offers = "naloxone"
"""
    assert problems_of(text) == [
        "s.toml:4: [[add_link]] #1: from 'ph' is removed by this scenario ([[remove_service]] #1, line 2)",
        "s.toml:8: [[add_offers]] #1: service 'ph' is removed by this scenario ([[remove_service]] #1, line 2)",
    ]
    replaced = parse_scenario(
        text + '[[add_service]]\nid = "ph"\nname = "New pharmacy"\ntype = "pharmacy"\narea = "A"\n',
        small_map(),
    )
    after = apply_scenario(small_map(), replaced).smap
    assert [s.id for s in after.services] == ["gp", "wc", "tx", "ph"]
    assert [(k.source, k.target) for k in after.links] == [("gp", "tx"), ("ph", "wc")]
    assert after.services[-1].offers == ("naloxone",)


def test_warnings_do_not_stop_a_scenario():
    text = """name = "Harmless repeats"
[[add_link]]
from = "gp"
to = "tx"
kind = "referral"
[[add_offers]]
service = "tx"
offers = ["prescribing", "our_own_tag"]
[[remove_service]]
id = "ph"
[[remove_service]]
id = "ph"
"""
    scenario = parse_scenario(text, small_map(), "s.toml")
    assert list(scenario.warnings) == [
        "s.toml:2: warning: [[add_link]] #1: the map already has this referral link (links.csv line 2); it is added again",
        "s.toml:6: warning: [[add_offers]] #1: 'our_own_tag' is not a known offer tag; kept as a custom value",
        "s.toml:6: warning: [[add_offers]] #1: 'tx' already offers 'prescribing'",
        "s.toml:11: warning: [[remove_service]] #2: 'ph' is already removed by [[remove_service]] #1 (line 9)",
    ]
    assert scenario.remove_service == ("ph",)


def test_remove_link_matches_a_both_ways_link_listed_the_other_way_round():
    smap = build(
        "gp gp A\nwc womens_centre A\ntx drug_alcohol_treatment A",
        "tx -- wc co_location\ngp -> tx",
        personas_csv=NO_PERSONAS,
    )
    text = 'name = "x"\n[[remove_link]]\nfrom = "wc"\nto = "tx"\n'
    after = apply_scenario(smap, parse_scenario(text, smap)).smap
    assert [(k.source, k.target) for k in after.links] == [("gp", "tx")]
    # a one-way referral is not matched backwards
    assert problems_of('name = "x"\n[[remove_link]]\nfrom = "tx"\nto = "gp"\n', smap) == [
        "s.toml:2: [[remove_link]] #1: the map has no link from 'tx' to 'gp'; 'tx' is linked with: wc (co_location), gp (referral)"
    ]
    # the kind, when given, must match
    assert problems_of(
        'name = "x"\n[[remove_link]]\nfrom = "wc"\nto = "tx"\nkind = "joint_working"\n', smap
    ) == [
        "s.toml:2: [[remove_link]] #1: the map has no joint_working link from 'wc' to 'tx'; 'wc' is linked with: tx (co_location)"
    ]


def test_lines_inside_multiline_strings_are_not_mistaken_for_tables():
    text = '''name = "x"
description = """
[[add_link]]
is only words here
"""

[[add_link]]
from = "gpp"
to = "tx"
kind = "referral"
'''
    assert problems_of(text) == [
        "s.toml:7: [[add_link]] #1: from 'gpp' is not a service in the map or added by this scenario (did you mean 'gp'?)"
    ]


def test_applying_never_changes_the_map_it_was_given():
    smap = small_map()
    before = smap.model_dump()
    text = 'name = "x"\n[[remove_service]]\nid = "gp"\n[[add_offers]]\nservice = "tx"\noffers = "idva"\n'
    applied = apply_scenario(smap, parse_scenario(text, smap))
    assert smap.model_dump() == before
    assert applied.services_removed == ("gp",)
    assert applied.services_changed == ("tx",)
    assert [k.id for k in applied.links_with_services] == ["gp->tx", "ph->gp"]
    assert [s.id for s in applied.smap.services] == ["wc", "tx", "ph"]
    assert applied.smap.services[1].offers == ("prescribing", "idva")


def test_journey_steps_at_a_removed_service_stay_as_places():
    journeys = b"journey,step,service,place\nJ01,1,gp,\nJ01,2,,a friend's sofa\nJ01,3,tx,\n"
    smap = build(
        "gp gp A\ntx drug_alcohol_treatment A",
        "gp -> tx",
        journeys_csv=journeys,
        personas_csv=NO_PERSONAS,
    )
    text = 'name = "x"\n[[remove_service]]\nid = "gp"\n'
    applied = apply_scenario(smap, parse_scenario(text, smap))
    steps = applied.smap.journeys[0].steps
    assert [(s.service, s.place) for s in steps] == [
        ("", "GP"),
        ("", "a friend's sofa"),
        ("tx", ""),
    ]
    assert applied.steps_unmapped == 1


def test_describe_changes_in_plain_words():
    smap = small_map()
    text = """name = "x"
[[add_service]]
id = "dv"
name = "DV service"
type = "domestic_abuse"
area = "A"
[[remove_service]]
id = "ph"
[[add_link]]
from = "dv"
to = "tx"
kind = "co_location"
formal = true
notes = "two days a week"
[[remove_link]]
from = "gp"
to = "tx"
kind = "referral"
[[add_offers]]
service = "tx"
offers = "idva"
[[remove_offers]]
service = "wc"
offers = "women_only_space"
"""
    assert describe_changes(smap, parse_scenario(text, smap)) == [
        "New service: DV service (domestic abuse, A)",
        "Service closes: PH, with its 1 link",
        "New written co-location: DV service ↔ TX (two days a week)",
        "Referral ends: GP – TX",
        "TX starts to offer: idva",
        "WC stops offering: women_only_space",
    ]


# --- writing TOML ----------------------------------------------------------------------------


def test_a_scenario_written_as_toml_reads_back_the_same():
    smap = small_map()
    scenario = Scenario(
        name='A "quoted" name \\ with a backslash',
        description="Two lines\nand a tab\there, =SUM(A1), émigré ✓",
        based_on="CJI guide",
        add_service=(
            Service(
                id="dv",
                name="Safe Harbour — IDVA",
                type="domestic_abuse",
                area="A",
                provider="Safe Harbour",
                women_only=True,
                offers=("idva", "da_policy"),
                latitude=52.000001,
                longitude=-0.1,
                postcode="AB1 2CD",
                url="https://example.org/a?b=c",
                description='She said "ring us"',
            ),
        ),
        remove_service=("ph",),
        add_link=(
            Link(source="dv", target="tx", kind="co_location", formal=True, notes="IDVA"),
            Link(source="gp", target="wc", kind="referral", two_way=True),
        ),
        remove_link=(LinkRef("gp", "tx", "referral"), LinkRef("gp", "tx")),
        add_offers=(OfferChange("tx", ("creche",)),),
        remove_offers=(OfferChange("wc", ("women_only_space",)),),
    )
    text = scenario_toml(scenario)
    assert parse_scenario(text, smap) == scenario
    assert text.startswith('name = "A \\"quoted\\" name \\\\ with a backslash"\n')
    assert '\n[[add_link]]\nfrom = "dv"\nto = "tx"\nkind = "co_location"\n' in text


@given(st.text())
def test_any_text_survives_a_toml_round_trip(value):
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    assert tomllib.loads(f"x = {toml_string(value)}\n")["x"] == expected


@given(
    name=st.text(min_size=1).map(str.strip).filter(bool),
    notes=st.text().map(str.strip),
    two_way=st.booleans(),
    formal=st.booleans(),
)
def test_built_scenarios_round_trip(name, notes, two_way, formal):
    smap = small_map()
    name = name.encode("utf-8", "replace").decode("utf-8")
    notes = notes.encode("utf-8", "replace").decode("utf-8")
    link = Link(
        source="wc", target="tx", kind="referral", two_way=two_way, formal=formal, notes=notes
    )
    scenario = Scenario(name=name, add_link=(link,))
    assert parse_scenario(scenario_toml(scenario), smap) == scenario


def test_an_inline_list_of_changes_is_placed_at_its_key():
    text = 'name = "x"\nadd_link = [\n  {from = "gp", to = "wcc", kind = "referral"},\n]\n'
    assert problems_of(text) == [
        "s.toml:2: [[add_link]] #1: to 'wcc' is not a service in the map or added by this scenario (did you mean 'wc'?)"
    ]
