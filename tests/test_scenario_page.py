"""The what-if page, run headless with AppTest on the demo map.

AppTest cannot read a download button's bytes, so the downloaded TOML is taken from the package
function the page serves it with (`scenario_toml` of the scenario in session state), and run
through `journeymap compare`: it must give the comparison the page shows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block
from test_app import page, start

from journeymap.scenario.changes import Scenario
from journeymap.scenario.write import scenario_toml

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "journeymap/ui/pages/scenarios.py"
TIMEOUT = 60


@pytest.fixture
def what_if(monkeypatch) -> AppTest:
    return page(start(monkeypatch), "scenarios")


def frame(at: AppTest, key: str):
    """The table the page draws in the container with this key."""

    def walk(node):
        if isinstance(node, Block):
            if str(getattr(node.proto, "id", "")).endswith(f"-{key}"):
                return node.dataframe[0].value
            for child in node.children.values():
                found = walk(child)
                if found is not None:
                    return found
        return None

    found = walk(at.main)
    assert found is not None, f"no table {key}"
    return found


def labelled(at: AppTest, label: str, last: bool = False):
    """The selectbox with this label (the last one when `last`, e.g. the second 'Figures for')."""
    found = [s for s in at.selectbox if s.label == label]
    assert found, f"no selectbox {label!r}"
    return found[-1] if last else found[0]


def subjects(df) -> set[tuple[str, str]]:
    return set(zip(df["category"], df["subject_id"], strict=True))


def add_link(at: AppTest, source: str, target: str, kind: str, formal: bool = True) -> AppTest:
    at.selectbox(key="link_from").set_value(source)
    at.selectbox(key="link_to").set_value(target)
    at.radio(key="link_kind").set_value(kind)
    at.checkbox(key="link_formal").set_value(formal)
    return at.button(key="add_link").click().run()


def cli_compare(run_cli, demo_dir, tmp_path, toml: bytes):
    path = tmp_path / "downloaded.toml"
    path.write_bytes(toml)
    out = tmp_path / "cmp.csv"
    result = run_cli("compare", demo_dir, path, "--out", out)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    return result.out.decode(), rows


def test_the_page_opens_with_nothing_built(what_if):
    assert what_if.title[0].value == "What if…?"
    assert "No changes yet: pick one above, or load an example." in [
        c.value for c in what_if.caption
    ]
    assert not what_if.download_button


def test_build_a_scenario_see_the_comparison_and_download_it(what_if, run_cli, demo_dir, tmp_path):
    what_if.text_input(key="sc_name").set_value("Treatment worker at the centre")
    what_if.text_input(key="sc_based_on").set_value("CJI guide, Co-location")
    add_link(what_if, "fen-treatment", "fen-womens-centre", "co_location")
    assert not what_if.exception and not what_if.error
    assert [t.value for t in what_if.text] == [
        "New written co-location: Fenmoor Drug and Alcohol Service ↔ Fenmoor Women's Centre"
    ]
    # the figures of the area the change touches, before and after, side by side
    figures = frame(what_if, "sc_figures")
    assert list(figures.columns) == ["Figure", "Before", "After", "Change"]
    assert figures.iloc[0].tolist() == [
        "Touchpoints with a route to treatment",
        "19 of 25",
        "22 of 25",
        "+3",
    ]
    resolved, new = frame(what_if, "sc_resolved"), frame(what_if, "sc_new")
    assert ("missed_opportunity", "fen-womens-centre") in subjects(resolved)
    assert ("single_point_of_failure", "fen-womens-centre") in subjects(new)
    # the network before and after
    assert len(what_if.get("plotly_chart")) == 2
    # the download: the bytes the page serves, read back by the CLI, give the same comparison
    assert [d.label for d in what_if.download_button][:1] == ["Download this scenario (TOML)"]
    scenario = what_if.session_state["scenario"]
    assert isinstance(scenario, Scenario) and scenario.name == "Treatment worker at the centre"
    toml = scenario_toml(scenario).encode("utf-8")
    out, rows = cli_compare(run_cli, demo_dir, tmp_path, toml)
    assert {(r["category"], r["subject_id"]) for r in rows if r["status"] == "resolved"} == (
        subjects(resolved)
    )
    assert {(r["category"], r["subject_id"]) for r in rows if r["status"] == "new"} == subjects(new)
    assert out.startswith(
        "Scenario: Treatment worker at the centre\nBased on: CJI guide, Co-location"
    )
    fenmoor = out.split("\nFenmoor\n", 1)[1].splitlines()[:7]
    for line, (_, row) in zip(fenmoor, figures.iterrows(), strict=True):
        assert line.split("  ")[1].strip() == row["Figure"]
        assert f"{row['Before']}  →" in line and line.rstrip().endswith(row["Change"])


def test_every_kind_of_change_can_be_picked_and_undone(what_if):
    what_if.multiselect(key="offer_tags").set_value(["idva"])
    what_if.selectbox(key="offer_service").set_value("fen-treatment").run()
    what_if.button(key="add_offers").click().run()
    what_if.selectbox(key="stop_service").set_value("fen-treatment")
    what_if.run()
    what_if.multiselect(key="stop_tags").set_value(["naloxone"]).run()
    what_if.button(key="remove_offers").click().run()
    what_if.text_input(key="new_id").set_value("fen-idva")
    what_if.text_input(key="new_name").set_value("Fenmoor IDVA")
    what_if.selectbox(key="new_type").set_value("domestic_abuse")
    what_if.selectbox(key="new_area").set_value("Fenmoor")
    what_if.checkbox(key="new_women_only").check().run()
    what_if.button(key="add_service").click().run()
    what_if.selectbox(key="close_service").set_value("fen-food-bank")
    what_if.button(key="remove_service").click().run()
    what_if.selectbox(key="end_link").set_value("fen-probation|fen-womens-centre|referral")
    what_if.button(key="remove_link").click().run()
    add_link(what_if, "fen-idva", "fen-treatment", "co_location")
    assert not what_if.exception and not what_if.error
    assert [t.value for t in what_if.text] == [
        "New service: Fenmoor IDVA (domestic abuse, Fenmoor)",
        "Service closes: Fenmoor Community Pantry, with its 2 links",
        "New written co-location: Fenmoor IDVA ↔ Fenmoor Drug and Alcohol Service",
        "Referral ends: Fenmoor Probation Office – Fenmoor Women's Centre",
        "Fenmoor Drug and Alcohol Service starts to offer: idva",
        "Fenmoor Drug and Alcohol Service stops offering: naloxone",
        "Links that close with the removed services: Fenmoor Community Pantry – Fenmoor Rural "
        "Outreach Worker (referral); Fenmoor Community Pantry – Fenmoor Women's Centre (referral)",
    ]
    resolved = subjects(frame(what_if, "sc_resolved"))
    assert ("standards_gap", "idva-in-treatment") in resolved
    # the new IDVA post is a domestic abuse service co-located with treatment: that link counts
    assert ("standards_gap", "da-service-link") in resolved
    # Undo the closure of the pantry: its findings come back
    what_if.button(key="undo_1").click().run()
    assert len(what_if.text) == 5
    assert what_if.session_state["scenario"].remove_service == ()


def test_a_change_that_cannot_be_made_is_refused_with_the_reason(what_if):
    add_link(what_if, "fen-gp-1", "fen-gp-1", "referral")
    assert [e.value for e in what_if.error] == ["That change cannot be made, for the reason below."]
    assert what_if.code[0].value == "the link goes from 'fen-gp-1' to itself"
    assert what_if.session_state["scenario"].is_empty
    what_if.text_input(key="new_id").set_value("fen-gp-1")
    what_if.text_input(key="new_name").set_value("A second surgery").run()
    what_if.button(key="add_service").click().run()
    assert what_if.code[0].value.startswith("id 'fen-gp-1' is already a service in the map;")


def test_load_an_example_and_compare_it_with_another(what_if):
    what_if.selectbox(key="sc_example").set_value("fenmoor-treatment-at-womens-centre.toml").run()
    what_if.button(key="sc_load_example").click().run()
    assert not what_if.exception
    assert (
        what_if.text_input(key="sc_name").value
        == "A treatment worker at Fenmoor Women's Centre once a week"
    )
    assert len(frame(what_if, "sc_resolved")) == 6
    eased = frame(what_if, "sc_eased")
    assert eased["before"].tolist().count("high") == 3
    assert eased["after"].tolist().count("medium") == 3
    # A newly built scenario is A; B is the first example; B is then set to another
    assert labelled(what_if, "Scenario A").value == "The scenario built above"
    assert labelled(what_if, "Scenario B").value == "ashcombe-family-safeguarding-post-ends.toml"
    labelled(what_if, "Scenario B").set_value("fenmoor-women-only-probation-days.toml").run()
    # the figures shown are those of the area the two change
    assert labelled(what_if, "Figures for", last=True).value == "Fenmoor"
    table = frame(what_if, "vs_figures")
    assert list(table.columns) == [
        "Figure",
        "Before",
        "A: A treatment worker at Fenmoor Women's Centre once a week",
        "B: Women-only probation days at Fenmoor Women's Centre",
    ]
    assert table.iloc[0].tolist()[1:] == ["19 of 25", "22 of 25", "22 of 25"]
    assert table.iloc[2].tolist()[1:] == ["3 of 31", "4 of 31", "3 of 31"]
    titles = [e.label for e in what_if.expander]
    assert "Closed by A only (2)" in titles  # the standard and children's services' long route
    assert "Closed by both (4)" in titles  # three services with no route, the DA service
    assert (
        "Opened by B only (1)" in titles
    )  # probation, and its days at the centre, become the way in
    assert "Opened by both (2)" in titles


def test_a_scenario_file_with_mistakes_lists_every_problem(what_if):
    bad = (
        b'name = "Typos"\n\n[[add_link]]\nfrom = "fen-treatmnt"\nto = "fen-womens-centre"\n'
        b'kind = "co-located"\n'
    )
    what_if.file_uploader(key="sc_upload").set_value(("typos.toml", bad, "application/toml")).run()
    what_if.button(key="sc_load_file").click().run()
    assert not what_if.exception
    assert what_if.error[0].value.startswith("The scenario has 2 problems.")
    assert what_if.code[0].value.splitlines() == [
        "typos.toml:3: [[add_link]] #1: kind 'co-located' is not a link kind (did you mean 'co_location'?)",
        "typos.toml:3: [[add_link]] #1: from 'fen-treatmnt' is not a service in the map or added by this scenario (did you mean 'fen-treatment'?)",
    ]
    assert what_if.session_state["scenario"].is_empty


def test_on_a_map_of_her_own_the_demo_examples_are_not_offered_as_errors(monkeypatch, tmp_path):
    """The bundled examples name the demo's services: on another map they are left out."""
    (tmp_path / "services.csv").write_text(
        "id,name,type,area\ntx,Hope Street,drug_alcohol_treatment,Anytown\ngp,Elm Surgery,gp,Anytown\n"
    )
    (tmp_path / "links.csv").write_text("from,to,kind\ngp,tx,referral\n")
    monkeypatch.setenv("JOURNEYMAP_MAP", str(tmp_path))
    monkeypatch.setattr("sys.argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="sc_example").options == ["—"]
