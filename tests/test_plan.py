"""`journeymap plan`: the changes that close the most gap per cost, each a scenario file.

Checked on the demo map (the seeds' model, treatment at the women's centre, comes early), on
hand-built maps whose order was worked out by hand, and against the scenario engine: each
proposal's file, compared as `journeymap compare` does, closes what plan.csv says.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from mapkit import build

from journeymap import MapError
from journeymap.cli import main
from journeymap.read.load import load_map
from journeymap.resources import DATA_DIR
from journeymap.scenario.compare import compare
from journeymap.scenario.plan import gap, make_plan, plan_csv, plan_text
from journeymap.scenario.read import load_scenario
from journeymap.scenario.remedies import parse_remedies, read_remedies

DEMO = DATA_DIR / "demo"
NO_PERSONAS = b"id,name,entry_types\n"
NO_STANDARDS = b"id,standard,source,rule\n"
HEADER = "id,change,target,offers,answers,cost,title,based_on,place\n"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture(scope="module")
def fenmoor_plan():
    """The demo's Fenmoor plan, worked out once for the tests that read it (about 2 s)."""
    return make_plan(load_map(DEMO), "Fenmoor")


@pytest.fixture(scope="module")
def demo_plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("plan")
    assert main(["plan", str(DEMO), "--area", "Fenmoor", "--out", str(out)]) == 0
    return out


def test_the_demo_plan_puts_treatment_at_the_womens_centre_in_the_first_three(demo_plan):
    plan = rows(demo_plan / "plan.csv")
    assert 3 <= len(plan) <= 5
    first = [r["id"] for r in plan[:3]]
    assert "treatment-at-womens-centre:fen-womens-centre" in first
    row = next(r for r in plan if r["id"].startswith("treatment-at-womens-centre"))
    assert row["cost"] == "high" and row["place"] == "Coventry"
    assert "Fenmoor Women's Centre" in row["proposal"]
    assert [int(r["rank"]) for r in plan] == list(range(1, len(plan) + 1))


def test_each_proposal_closes_exactly_what_the_plan_says_when_compared(demo_plan):
    smap = load_map(DEMO)
    for row in rows(demo_plan / "plan.csv"):
        scenario = load_scenario(demo_plan / row["scenario"], smap)
        result = compare(smap, scenario)
        assert len(result.resolved) == int(row["closes"]) > 0
        assert len(result.new) == int(row["opens"])
        said = row["closes_findings"].split(" | ")
        assert said == [f"{f.severity} {f.category}: {f.subject_name}" for f in result.resolved]
        assert not result.gone


def test_no_proposal_removes_anything(demo_plan):
    smap = load_map(DEMO)
    for path in demo_plan.glob("*.toml"):
        sc = load_scenario(path, smap)
        assert not (sc.remove_service or sc.remove_link or sc.remove_offers), path.name
        assert "remove_" not in path.read_text(encoding="utf-8")


def test_the_womens_centre_proposal_is_the_example_scenarios_change(fenmoor_plan):
    """The plan's co-location is the same change as scenarios/fenmoor-treatment-at-womens-
    centre.toml, so it closes the same six findings the example promises."""
    smap = load_map(DEMO)
    plan = fenmoor_plan
    p = next(p for p in plan.proposals if p.remedy.id == "treatment-at-womens-centre")
    example = load_scenario(
        DATA_DIR.parent / "scenarios" / "fenmoor-treatment-at-womens-centre.toml", smap
    )
    assert {f.key for f in p.resolved} == {f.key for f in compare(smap, example).resolved}
    assert len(p.resolved) == 6


def test_the_gap_closed_adds_up_along_the_sequence(fenmoor_plan):
    plan = fenmoor_plan
    assert sum(p.gap_closed for p in plan.proposals) == pytest.approx(
        plan.gap_before - plan.gap_after
    )
    assert all(p.gap_closed > 0 for p in plan.proposals)


def test_quick_gives_the_same_plan_on_the_demo_map(fenmoor_plan):
    full = fenmoor_plan
    quick = make_plan(load_map(DEMO), "Fenmoor", lazy=True)
    assert [p.candidate.id for p in quick.proposals] == [p.candidate.id for p in full.proposals]
    assert quick.tried < full.tried


# --- hand-built maps ------------------------------------------------------------------------


def two_places():
    """The women's centre is where two GPs send women, and nothing reaches treatment:
    co-locating treatment there closes three high missed opportunities (wc, g1, g2);
    co-locating it at the midwives closes one (mw). Worked out by hand."""
    return build(
        "tx drug_alcohol_treatment A\nwc womens_centre A women_only\ng1 gp A\ng2 gp A\n"
        "mw midwifery A",
        "g1 -> wc formal\ng2 -> wc formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )


def remedies(*lines: str):
    return parse_remedies((HEADER + "\n".join(lines) + "\n").encode(), "remedies.csv")


AT_MW = "at-mw,co_locate,midwifery,,missed_opportunity,high,Treatment at {service},Seed,"
AT_WC = "at-wc,co_locate,womens_centre,,missed_opportunity,high,Treatment at {service},Seed,"


def test_a_change_closing_three_high_gaps_comes_before_one_closing_one():
    smap = two_places()
    plan = make_plan(smap, "A", remedies=remedies(AT_MW, AT_WC))
    assert [p.candidate.id for p in plan.proposals] == ["at-wc:wc", "at-mw:mw"]
    first, second = plan.proposals
    missed = [f.subject_id for f in first.resolved if f.category == "missed_opportunity"]
    assert sorted(missed) == ["g1", "g2", "wc"]
    assert all(f.severity == "high" for f in first.resolved if f.category == "missed_opportunity")
    assert [f.subject_id for f in second.resolved if f.category == "missed_opportunity"] == ["mw"]
    assert first.gap_closed > second.gap_closed


def test_the_plan_recomputes_after_each_pick():
    """The same co-location offered twice: standalone both close the same three gaps, but
    once the first is made the second closes nothing, so it is never proposed."""
    twin = AT_WC.replace("at-wc,", "at-wc-again,")
    plan = make_plan(two_places(), "A", remedies=remedies(AT_WC, twin, AT_MW))
    assert [p.candidate.id for p in plan.proposals] == ["at-wc:wc", "at-mw:mw"]


def test_a_map_with_nothing_to_close_gets_no_proposals():
    smap = build(
        "tx drug_alcohol_treatment A\ng1 gp A",
        "g1 <-> tx formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    plan = make_plan(smap, "A")
    assert plan.proposals == ()
    assert plan_text(plan).startswith("No change in the remedies closes a gap in A")
    assert plan_csv([plan]).decode("utf-8-sig").strip().startswith("area,rank,id")
    assert gap([], 1) == 0


def test_a_high_finding_counts_for_more_than_a_low_one():
    from journeymap.models import Finding
    from journeymap.scenario.plan import weight

    def f(severity: str, affects: int, category: str = "missed_opportunity") -> Finding:
        return Finding(
            area="A",
            category=category,
            severity=severity,  # type: ignore[arg-type]
            subject_id="x",
            subject_name="X",
            finding="",
            evidence="",
            suggestion="",
            source="",
            affects=affects,
        )

    assert weight(f("high", 1), 10) > weight(f("medium", 1), 10) > weight(f("low", 1), 10)
    assert weight(f("medium", 10), 10) > weight(f("low", 10), 10)
    assert weight(f("high", 8), 10) > weight(f("high", 1), 10)
    # a standard's affects is every touchpoint by convention: it counts its severity only
    assert weight(f("high", 10, "standards_gap"), 10) == 3


# --- the remedies file and the command --------------------------------------------------------


def test_the_shipped_remedies_read_and_cite_a_seed():
    shipped = read_remedies()
    assert {r.change for r in shipped} >= {"co_locate", "formalise", "refer_back", "add_offer"}
    assert all(r.based_on and r.cost in ("low", "medium", "high") for r in shipped)


def test_remedies_problems_are_told_with_their_line_all_at_once():
    text = (
        HEADER
        + "a,move_house,,,missed_opportunity,low,T,Seed,\n"
        + "b,co_locate,womens_center,,missed_opportunity,cheap,T,Seed,\n"
        + "a,add_offer,free_cake,,persona_gap,low,T,Seed,\n"
    )
    with pytest.raises(MapError) as caught:
        parse_remedies(text.encode(), "my-remedies.csv")
    told = [str(p) for p in caught.value.errors]
    assert any(t.startswith("my-remedies.csv:2: change 'move_house'") for t in told)
    assert any(t.startswith("my-remedies.csv:3: cost 'cheap'") for t in told)
    assert any("my-remedies.csv:3: target 'womens_center' is not a service type" in t for t in told)
    assert any(
        "my-remedies.csv:4: target 'free_cake' is not a offer tag" in t for t in told
    ) or any("my-remedies.csv:4: target 'free_cake' is not an offer tag" in t for t in told)
    assert any("my-remedies.csv:4: id 'a' is already used on line 2" in t for t in told)


def test_the_command_refuses_a_bad_remedies_file_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "remedies.csv"
    bad.write_text(HEADER + "x,co_locate,,,missed_opportunity,high,T,Seed,\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["plan", str(DEMO), "--remedies", str(bad), "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "remedies.csv:2: 'co_locate' needs a target" in err
    assert not out.exists()


def test_the_command_checks_its_arguments(tmp_path, capsys):
    assert main(["plan", str(DEMO), "--changes", "0", "--out", str(tmp_path)]) == 2
    assert "--changes must be 1 or more" in capsys.readouterr().err
    assert main(["plan", str(DEMO), "--area", "Fenmor", "--out", str(tmp_path)]) == 2
    assert "did you mean 'Fenmoor'" in capsys.readouterr().err
    assert main(["plan", str(DEMO), "--area", "national", "--out", str(tmp_path)]) == 2
    assert "a plan is for a local area" in capsys.readouterr().err
    afile = tmp_path / "f.txt"
    afile.write_text("x")
    assert main(["plan", str(DEMO), "--out", str(afile)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_every_area_is_planned_without_area(tmp_path):
    assert main(["plan", str(DEMO), "--changes", "2", "--out", str(tmp_path)]) == 0
    areas = {r["area"] for r in rows(tmp_path / "plan.csv")}
    assert areas == {"Fenmoor", "Ashcombe"}


def test_a_plan_made_again_leaves_no_scenario_file_of_the_old_one(tmp_path):
    """A shorter plan in the same folder: the old plan's extra scenario files go; her own
    scenario file (not named as a plan's) stays."""
    out = tmp_path / "plan"
    assert main(["plan", str(DEMO), "--area", "Fenmoor", "--changes", "3", "--out", str(out)]) == 0
    mine = out / "my own idea.toml"
    mine.write_text('name = "mine"\n')
    assert main(["plan", str(DEMO), "--area", "Fenmoor", "--changes", "1", "--out", str(out)]) == 0
    plans = sorted(p.name for p in out.glob("fenmoor-*.toml"))
    assert plans == [rows(out / "plan.csv")[0]["scenario"]]
    assert mine.exists()


def test_quick_on_two_processes_is_the_same_plan_and_tries_as_many():
    """The candidates with no score yet are worked out together, on the processes asked for;
    lazy greedy works every one of them out first anyway, so nothing else changes."""
    smap = load_map(DEMO)
    one = make_plan(smap, "Fenmoor", lazy=True)
    two = make_plan(smap, "Fenmoor", lazy=True, workers=2)
    assert [p.candidate.id for p in two.proposals] == [p.candidate.id for p in one.proposals]
    assert [p.gap_closed for p in two.proposals] == [p.gap_closed for p in one.proposals]
    assert two.tried == one.tried and (two.gap_before, two.gap_after) == (
        one.gap_before,
        one.gap_after,
    )
