"""Each example in scenarios/ runs through `journeymap compare` and does what its description says.

The expected sets below are the promises written in each file's description, as
(category, subject_id) pairs: resolved, new, and kept but less severe ("eased"). They cover every
analysis; a new analysis that changes an example's outcome is a reason to update its description.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

import pytest

from journeymap import build_graph, load_map
from journeymap.graph.index import treatment_nodes
from journeymap.graph.routes import handoffs_to
from journeymap.scenario.apply import apply_scenario
from journeymap.scenario.read import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

#: Workshop contacts at the women's centre and Saltings Medical Practice that had no route then.
JOURNEY_CONTACTS = {
    ("journey_missed_opportunity", "fen-gp-2"),
    ("journey_missed_opportunity", "fen-womens-centre"),
}
#: What the women's centre scenarios resolve and open alike.
CENTRE_RESOLVES = {
    ("missed_opportunity", "fen-womens-centre"),
    ("missed_opportunity", "fen-gp-2"),
    ("missed_opportunity", "fen-early-help"),
    ("single_point_of_failure", "fen-da-service"),
}

PROMISES: dict[str, dict[str, set[tuple[str, str]]]] = {
    "fenmoor-specialist-midwife-clinic.toml": {
        "resolved": {
            ("standards_gap", "midwifery-pathway"),
            ("standards_gap", "childrens-social-care-link"),
            ("long_pathway", "fen-csc"),
            ("single_point_of_failure", "fen-da-service"),
        },
        "new": set(),
        "eased": {("persona_gap", "pregnant")},
    },
    "fenmoor-treatment-at-womens-centre.toml": {
        "resolved": CENTRE_RESOLVES
        | {("standards_gap", "womens-centre-link"), ("long_pathway", "fen-csc")},
        "new": {
            ("single_point_of_failure", "fen-womens-centre"),
            ("informal_only", "fen-womens-centre"),
        },
        "eased": JOURNEY_CONTACTS
        | {("standards_gap", "da-service-link"), ("informal_only", "fen-outreach->fen-treatment")},
    },
    "fenmoor-idva-in-treatment.toml": {
        "resolved": {
            ("standards_gap", "idva-in-treatment"),
            ("standards_gap", "da-service-link"),
            ("standards_gap", "da-training"),
            ("standards_gap", "childrens-social-care-link"),
            ("long_pathway", "fen-csc"),
        },
        "new": set(),
        "eased": {("persona_gap", "domestic-abuse"), ("standards_gap", "womens-centre-link")},
    },
    "fenmoor-women-only-probation-days.toml": {
        "resolved": CENTRE_RESOLVES,
        "new": {
            ("single_point_of_failure", "fen-probation"),
            ("single_point_of_failure", "fen-womens-centre"),
            ("informal_only", "fen-womens-centre"),
        },
        "eased": JOURNEY_CONTACTS | {("standards_gap", "womens-centre-link")},
    },
    "ashcombe-family-safeguarding-post-ends.toml": {
        "resolved": set(),
        "new": set(),
        "eased": set(),
    },
}

WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    10: "ten",
}


def test_there_are_at_least_five_examples_and_each_is_tested():
    names = sorted(p.name for p in SCENARIOS.glob("*.toml"))
    assert len(names) >= 5
    assert names == sorted(PROMISES)


@pytest.mark.parametrize("name", sorted(PROMISES))
def test_example_does_what_its_description_promises(name, run_cli, demo_dir, tmp_path):
    path = SCENARIOS / name
    raw = tomllib.loads(path.read_text())
    assert raw["based_on"].startswith(("Womanifesto, Appendix 1", "CJI guide"))
    out = tmp_path / "cmp.csv"
    result = run_cli("compare", demo_dir, path, "--out", out)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    promise = PROMISES[name]
    for status in ("resolved", "new"):
        got = {(r["category"], r["subject_id"]) for r in rows if r["status"] == status}
        assert got == promise[status], f"{name}: {status} differs from its description"
    eased = re.findall(r"^  \w+ → \w+: [^,]+, (\w+), .* \(([^()]+)\)$", result.out.decode(), re.M)
    assert set(eased) == promise["eased"], f"{name}: what it eases differs from its description"
    assert "Kept, more severe:" not in result.out.decode()
    # The counts the description states in words are the counts it gets.
    description = " ".join(raw["description"].split()).lower()
    for status, phrase in (("resolved", "resolved"), ("new", "new")):
        count = len(promise[status])
        said = (
            f"{WORDS[count]} findings {phrase}"
            if count > 1
            else f"one is {phrase}"
            if count == 1
            else f"none {phrase}"
            if status == "new"
            else "no finding is resolved"
        )
        assert said in description, f"{name}: description should say '{said}'"


def test_ending_family_safeguarding_puts_a_hand_off_between_social_care_and_treatment(demo_dir):
    smap = load_map(demo_dir)
    scenario = load_scenario(SCENARIOS / "ashcombe-family-safeguarding-post-ends.toml", smap)
    before_graph = build_graph(smap)
    after_graph = build_graph(apply_scenario(smap, scenario).smap)
    assert handoffs_to(before_graph, treatment_nodes(before_graph))["ash-csc"] == 0
    assert handoffs_to(after_graph, treatment_nodes(after_graph))["ash-csc"] == 1


def test_the_readme_worked_example_is_real_output(run_cli, demo_dir):
    """Every line of the README's worked example is a line the command prints today."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("Worked example: `journeymap compare data/demo scenarios/")
    command = readme[start:].split("`", 2)[1].split()
    block = readme[start:].split("```", 2)[1]
    lines = [line for line in block.splitlines() if line.strip() and line.strip() != "…"]
    result = run_cli(*command[1:])
    assert result.code == 0, result.err
    printed = result.out.decode().splitlines()
    assert len(lines) > 10
    for line in lines:
        assert line in printed, f"README line not in the output: {line!r}"
