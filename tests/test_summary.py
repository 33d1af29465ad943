"""The board paper's summary page: figures against the national picture, the plan's changes,
the key local partners and what women told us (small numbers never shown)."""

from __future__ import annotations

import re

from mapkit import build

from journeymap.analyse import find_gaps
from journeymap.graph.build import build_graph
from journeymap.graph.partners import key_partners
from journeymap.outputs.brief import board_report
from journeymap.outputs.summary import area_summary, national_picture
from journeymap.read.load import load_map
from journeymap.resources import DATA_DIR
from journeymap.workshop.board import board_extras, women_said

NO_PERSONAS = b"id,name,entry_types\n"
NO_STANDARDS = b"id,standard,source,rule\n"


def demo():
    smap = load_map(DATA_DIR / "demo")
    G = build_graph(smap)
    return smap, G, find_gaps(smap, G)


def test_the_national_picture_is_the_seeds_figures_with_their_sources():
    figures = {n.id: (n.value, n.source) for n in national_picture()}
    assert figures["women_population"][0] == "52%"
    assert figures["women_in_treatment"][0] == "33%"
    assert figures["drug_treatment"] == ("29%", figures["drug_treatment"][1])
    assert figures["alcohol_treatment"][0] == "42%"
    assert all(source.startswith(("Womanifesto", "CJI guide")) for _, source in figures.values())


def test_each_area_opens_with_its_summary_before_the_detail():
    smap, G, findings = demo()
    plans, women = board_extras(smap, findings)
    html = board_report(smap, G, findings, plans=plans, women=women)
    order = re.findall(r'data-(summary|area)="([^"]+)"', html)
    assert order[:2] == [("summary", "Ashcombe"), ("summary", "Fenmoor")]
    assert order.index(("area", "Ashcombe")) > 1
    fen = html[html.index('data-summary="Fenmoor"') : html.index('data-area="Ashcombe"')]
    assert "Recommended changes" in fen and "Key local partners" in fen
    assert "What women told us" in fen and "The national picture" in fen
    assert "Fenmoor Women&#39;s Centre one day a week" in fen  # the plan's co-location
    assert "140 of 610 (23%)" in fen  # areas.csv: women in treatment against the need


def test_the_key_partners_are_the_service_pages_count():
    smap, G, findings = demo()
    summary = area_summary(smap, G, findings, "Fenmoor")
    counts = key_partners(G, "Fenmoor")
    assert summary.partners[0].name == "Fenmoor Rural Outreach Worker"
    assert summary.partners[0].touchpoints == counts["fen-outreach"] == 8
    assert all(p.kind != "Drug and alcohol treatment" for p in summary.partners)
    assert [p.touchpoints for p in summary.partners] == sorted(
        (p.touchpoints for p in summary.partners), reverse=True
    )


def journeys(count: int, feeling: int = -2) -> bytes:
    rows = ["journey,step,service,feeling,barriers,helped_onward"]
    for i in range(count):
        rows.append(f"J{i},1,gp,{feeling},not_asked,no")
        rows.append(f"J{i},2,tx,1,,")
    return ("\n".join(rows) + "\n").encode()


def small_map(count: int):
    return build(
        "tx drug_alcohol_treatment A\ngp gp A",
        "gp -> tx formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
        journeys_csv=journeys(count),
    )


def test_fewer_than_five_journeys_are_never_counted_and_give_no_feeling():
    said = women_said(small_map(3), "A")
    assert said is not None
    assert said.journeys == "fewer than 5"
    assert said.barriers == (("Nobody asked", "fewer than 5"),)
    assert said.feelings == ()


def test_five_journeys_or_more_are_counted_with_how_it_felt():
    said = women_said(small_map(6), "A")
    assert said is not None
    assert said.journeys == "6"
    assert said.barriers == (("Nobody asked", "6"),)
    # worst first: the GP (very bad, all six), then treatment (good)
    assert said.feelings == (("GP", "Very bad", "6"), ("TX", "Good", "6"))


def test_an_area_without_journeys_or_a_plan_says_so():
    smap = build(
        "tx drug_alcohol_treatment A\ngp gp A",
        "gp <-> tx formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    G = build_graph(smap)
    assert women_said(smap, "A") is None
    html = board_report(smap, G, find_gaps(smap, G))
    assert "No journeys have been recorded for A yet." in html
    assert "No plan was made for this report" in html
    plans, women = board_extras(smap, find_gaps(smap, G))
    html = board_report(smap, G, find_gaps(smap, G), plans=plans, women=women)
    assert "No change in the list of remedies closes a gap here." in html


def test_names_in_the_summary_are_shown_as_text():
    smap = build(
        "tx drug_alcohol_treatment A\nwc womens_centre A\ngp gp A",
        "gp -> wc formal\nwc -> tx formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    evil = smap.model_copy(
        update={
            "services": tuple(
                s.model_copy(update={"name": "<script>alert(1)</script>"}) if s.id == "wc" else s
                for s in smap.services
            )
        }
    )
    G = build_graph(evil)
    html = board_report(evil, G, find_gaps(evil, G))
    summary = html[html.index('data-summary="A"') : html.index('data-area="A"')]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert "<script>" not in html


def test_the_summary_counts_the_actions_and_a_proposals_owner_and_status():
    smap, G, findings = demo()
    plans, _ = board_extras(smap, findings, ["Fenmoor"])
    first = plans["Fenmoor"].proposals[0]
    action = (
        "id,area,about,action,owner,due,status,note\n"
        f"P1,Fenmoor,plan:{first.candidate.id},Do the first change,Ms Owner,2027-06-30,in progress,\n"
        "A2,Fenmoor,women-only-group,Start a group,,,done,\n"
    )
    from journeymap.read.load import parse_map, read_folder

    files = read_folder(DATA_DIR / "demo")
    files["actions.csv"] = action.encode()
    mapped = parse_map(files)
    summary = area_summary(mapped, G, findings, "Fenmoor", plan=plans["Fenmoor"])
    rec = summary.recommendations[0]
    assert (rec.owner, rec.status) == ("Ms Owner", "in progress")
    assert rec.effect.endswith("Owner: Ms Owner; in progress.")
    assert summary.actions == ("1 in progress", "1 done")
    assert summary.still_open == 1  # the women-only group standard is still not met
    assert "1 marked done is on a gap the map still shows" in summary.actions_text
