"""data/barriers.csv: one row per barrier of the vocabulary, the one place for their words,
remedies, sources and the standards they bear on (DESIGN §3, §4)."""

from __future__ import annotations

import csv

from journeymap.labels import BARRIER_LABELS, BARRIER_ROWS, barrier_label
from journeymap.resources import DATA_DIR
from journeymap.vocab import BARRIERS

COLUMNS = ["code", "label", "remedy", "source", "standard", "severity"]


def rows() -> list[dict[str, str]]:
    with (DATA_DIR / "barriers.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_every_barrier_of_the_vocabulary_has_one_row_and_nothing_else_does():
    codes = [r["code"] for r in rows()]
    assert codes == list(BARRIERS)  # same order as the contract, each once


def test_every_standard_named_is_in_the_standards_checklist():
    with (DATA_DIR / "standards.csv").open(encoding="utf-8-sig", newline="") as f:
        standards = {r["id"] for r in csv.DictReader(f)}
    named = {r["standard"] for r in rows() if r["standard"]}
    assert named <= standards, named - standards
    assert len(named) >= 8  # most barriers bear on a standard


def test_every_row_is_complete_and_cites_a_seed():
    for r in rows():
        assert r["label"] and r["remedy"] and r["source"], r["code"]
        assert r["severity"] in ("high", "medium", "low"), r["code"]
        for part in r["source"].split("; "):
            assert part.startswith(("Womanifesto, ", "CJI guide, ")), (r["code"], part)


def test_the_labels_are_the_file_and_read_as_what_the_system_did_not_offer():
    assert {r["code"]: r["label"] for r in rows()} == BARRIER_LABELS
    assert BARRIER_ROWS["panel_required"].standard == "women-only-rehab"
    assert barrier_label("male_keyworker") == "Only a male worker was offered"
    assert barrier_label("no_bus_fare") == "no bus fare"  # a custom barrier as it is
    text = " ".join(f"{r['label']} {r['remedy']}" for r in rows()).lower()
    for word in ("refus", "engage", "failed to", "non-compliant", "addict", "chaotic", "didn't go"):
        assert word not in text, word
