"""Before and after a scenario, worked by hand on small maps, and `journeymap compare` itself.

The base map (areas, standards and personas left empty so only the sketch matters):

    ph (pharmacy) --informal--> gp (GP) --formal--> tx (treatment)        wc (women's centre)

Before: wc has no route (missed_opportunity, and a silo on its own); gp's referral is one way
(one_way, filed under tx, the treatment service that never refers back); every route from ph
passes gp and its link gp->tx (one single point of failure, gp; ph->gp is ph's own link, her
route itself); ph's only route rests on the informal ph->gp (informal_only ph->gp).
Touchpoints gp, wc, ph: two with a route, at 1 and 2 hand-offs (median 1.5).
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from mapkit import build

from journeymap.scenario.compare import COMPARISON_COLUMNS, compare, comparison_csv, comparison_text
from journeymap.scenario.read import parse_scenario

NO_PERSONAS = b"id,name,entry_types\n"
NO_STANDARDS = b"id,standard,source,rule\n"
IDVA_STANDARD = (
    b"id,standard,source,rule,severity\n"
    b"idva-in-treatment,An IDVA works in treatment.,CJI guide,offer:idva,high\n"
)

BEFORE = {
    ("missed_opportunity", "A", "wc"),
    ("silo", "A", "wc"),
    ("one_way", "A", "tx"),
    ("single_point_of_failure", "A", "gp"),
    ("informal_only", "A", "ph->gp"),
}


def base_map(tx_offers: str = "", standards: bytes = NO_STANDARDS):
    offers = f" offers={tx_offers}" if tx_offers else ""
    return build(
        f"gp gp A\nwc womens_centre A women_only\ntx drug_alcohol_treatment A{offers}\nph pharmacy A",
        "gp -> tx formal\nph -> gp",
        standards_csv=standards,
        personas_csv=NO_PERSONAS,
    )


def keys(findings):
    return {f.key for f in findings}


def run(text: str, smap=None):
    smap = smap or base_map()
    return compare(smap, parse_scenario(f'name = "test"\n{text}', smap))


def test_the_base_map_has_the_hand_worked_findings():
    result = run('[[add_offers]]\nservice = "tx"\noffers = "creche"\n')
    assert keys(result.findings_before) == BEFORE
    # A change no analysis looks at resolves and opens nothing.
    assert result.resolved == () and result.new == ()
    assert keys(result.kept) == BEFORE


def test_add_link_co_location_at_the_womens_centre():
    result = run('[[add_link]]\nfrom = "tx"\nto = "wc"\nkind = "co_location"\nformal = true\n')
    # wc is now seen where she is: no missed opportunity, no silo. The new link is her only
    # way, but it is her own route, not a single point that others hang on.
    assert keys(result.resolved) == {("missed_opportunity", "A", "wc"), ("silo", "A", "wc")}
    assert keys(result.new) == set()
    assert keys(result.kept) == BEFORE - keys(result.resolved)
    before, after = result.headline_for("A")
    assert (before.touchpoints, before.with_route, before.median_handoffs) == (3, 2, 1.5)
    assert (after.touchpoints, after.with_route, after.median_handoffs) == (3, 3, 1)


def test_remove_link_cuts_the_gp_and_pharmacy_off_and_nothing_is_resolved():
    result = run('[[remove_link]]\nfrom = "gp"\nto = "tx"\n')
    # Findings about the lost route go with it: gone, not resolved; what replaces them is worse.
    assert result.resolved == ()
    assert keys(result.gone) == {
        ("one_way", "A", "tx"),
        ("single_point_of_failure", "A", "gp"),
        ("informal_only", "A", "ph->gp"),
    }
    assert keys(result.new) == {
        ("missed_opportunity", "A", "gp"),
        ("missed_opportunity", "A", "ph"),
        ("silo", "A", "gp;ph"),
    }
    assert keys(result.kept) == {("missed_opportunity", "A", "wc"), ("silo", "A", "wc")}
    before, after = result.headline_for("A")
    assert (after.with_route, after.median_handoffs) == (0, None)
    # high: wc and gp missed, the silo with gp, and gp's single point still counted (gone).
    assert after.by_severity["high"] >= before.by_severity["high"]
    assert sum(after.by_severity.values()) >= sum(before.by_severity.values())


def test_closing_a_service_shows_its_findings_as_gone_not_fixed():
    # The only specialist-midwife post: the GP's route runs through it.
    smap = build(
        "tx drug_alcohol_treatment A\nmw midwifery A\ngp gp A\n",
        "gp -> mw formal\nmw -> tx\n",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    result = run('[[remove_service]]\nid = "mw"\n', smap)
    assert keys(result.findings_before) == {
        ("single_point_of_failure", "A", "mw"),
        ("informal_only", "A", "mw->tx"),
        ("one_way", "A", "tx"),
    }
    assert result.resolved == ()
    assert keys(result.gone) == keys(result.findings_before)
    # no link is left in A: one no_links finding, not a silo and a missed opportunity per service
    assert keys(result.new) == {("no_links", "A", "A")}
    before, after = result.headline_for("A")
    assert (before.touchpoints, before.with_route) == (2, 2)
    assert (after.touchpoints, after.with_route) == (2, 0)  # the closed post counts as cut off
    assert after.by_severity["high"] >= before.by_severity["high"]
    text = comparison_text(result)
    assert "Findings: 0 resolved, 1 new, 3 gone, 0 kept." in text
    assert "Gone (what they were about was removed: not fixed):" in text
    statuses = [r[0] for r in csv.reader(io.StringIO(comparison_csv(result).decode("utf-8-sig")))]
    assert statuses[1:] == ["new"] + ["gone"] * 3


def test_remove_service_takes_its_links_and_says_so():
    result = run('[[remove_service]]\nid = "gp"\n')
    assert result.resolved == ()
    assert keys(result.gone) == {
        ("one_way", "A", "tx"),
        ("single_point_of_failure", "A", "gp"),
        ("informal_only", "A", "ph->gp"),
        # with the GP's links gone, A has no links: its routes are no longer judged
        ("missed_opportunity", "A", "wc"),
        ("silo", "A", "wc"),
    }
    assert keys(result.new) == {("no_links", "A", "A")}
    assert keys(result.kept) == set()
    assert [k.id for k in result.applied.links_with_services] == ["gp->tx", "ph->gp"]
    assert result.changes == (
        "Service closes: GP, with its 2 links",
        "Links that close with the removed services: GP – TX (referral); PH – GP (referral)",
    )
    assert result.headline_for("A")[1].touchpoints == 3  # the GP closed: still a touchpoint lost


def test_add_service_an_outreach_worker_at_the_womens_centre():
    result = run(
        '[[add_service]]\nid = "out"\nname = "Outreach"\ntype = "outreach"\narea = "A"\n'
        '[[add_link]]\nfrom = "out"\nto = "wc"\nkind = "co_location"\n'
        '[[add_link]]\nfrom = "out"\nto = "tx"\nkind = "referral"\ntwo_way = true\nformal = true\n'
    )
    # wc reaches tx through the new worker only: she and her link into treatment are one
    # single point of failure (the co-location is wc's own route); it is informal, so wc's
    # route rests on it.
    assert keys(result.resolved) == {("missed_opportunity", "A", "wc"), ("silo", "A", "wc")}
    assert keys(result.new) == {
        ("single_point_of_failure", "A", "out"),
        ("informal_only", "A", "out->wc"),
    }
    assert keys(result.kept) == BEFORE - keys(result.resolved)
    _before, after = result.headline_for("A")
    assert (after.touchpoints, after.with_route, after.median_handoffs) == (4, 4, 1)


def test_add_offers_meets_a_standard():
    smap = base_map(standards=IDVA_STANDARD)
    result = run('[[add_offers]]\nservice = "tx"\noffers = ["idva"]\n', smap)
    # No offers recorded before: the map could not judge the standard ('record your offers').
    assert keys(result.resolved) == {("standards_gap", "A", "record-offers")}
    assert result.new == ()
    assert keys(result.kept) == BEFORE
    before, after = result.headline_for("A")
    assert (before.standards_met, before.standards_total) == (0, 1)
    assert (after.standards_met, after.standards_total) == (1, 1)
    assert after.by_severity["medium"] == before.by_severity["medium"] - 1  # record-offers


def test_remove_offers_loses_a_standard():
    smap = base_map(tx_offers="idva;creche", standards=IDVA_STANDARD)
    result = run('[[remove_offers]]\nservice = "tx"\noffers = "idva"\n', smap)
    assert result.resolved == ()
    assert keys(result.new) == {("standards_gap", "A", "idva-in-treatment")}
    assert keys(result.kept) == BEFORE
    assert result.after.services[2].offers == ("creche",)


def test_a_map_with_no_findings_stays_clean():
    smap = build(
        "gp gp A\ntx drug_alcohol_treatment A",
        "gp <-> tx formal\ngp -- tx co_location formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    result = run(
        '[[add_link]]\nfrom = "tx"\nto = "gp"\nkind = "joint_working"\nformal = true\n', smap
    )
    assert result.findings_before == () and result.findings_after == ()
    assert result.resolved == result.new == result.kept == ()
    text = comparison_text(result)
    assert "Findings: 0 resolved, 0 new, 0 kept." in text


def test_the_comparison_csv_has_status_then_the_report_columns():
    result = run('[[add_link]]\nfrom = "tx"\nto = "wc"\nkind = "co_location"\nformal = true\n')
    data = comparison_csv(result)
    assert data.startswith(b"\xef\xbb\xbfstatus,area,category,severity,subject_id,")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COMPARISON_COLUMNS
    statuses = [r[0] for r in rows[1:]]
    assert statuses == ["resolved"] * 2 + ["kept"] * 3
    # resolved rows are the findings as they were; kept rows are as they are now
    assert {(r[2], r[4]) for r in rows[1:3]} == {("missed_opportunity", "wc"), ("silo", "wc")}


def test_text_cells_are_safe_in_a_spreadsheet():
    smap = base_map()
    text = (
        'name = "x"\n[[add_service]]\nid = "evil"\nname = "=HYPERLINK(\\"http://x\\")"\n'
        'type = "other"\narea = "A"\n'
    )
    result = compare(smap, parse_scenario(text, smap))
    rows = list(csv.reader(io.StringIO(comparison_csv(result).decode("utf-8-sig"))))
    names = [r[5] for r in rows if r[4] == "evil"]
    assert names and all(n == '\'=HYPERLINK("http://x")' for n in names)


def test_the_text_report_shows_figures_before_and_after_per_area_and_overall():
    result = run('[[add_link]]\nfrom = "tx"\nto = "wc"\nkind = "co_location"\nformal = true\n')
    lines = comparison_text(result).splitlines()
    assert lines[0] == "Scenario: test"
    assert "  - New written co-location: TX ↔ WC" in lines
    a = lines.index("A")
    assert lines[a + 1].split() == [
        "Touchpoints", "with", "a", "route", "to", "treatment",
        "2", "of", "3", "→", "3", "of", "3", "+1",
    ]  # fmt: skip
    assert lines[a + 2].split()[-4:] == ["1.5", "→", "1", "-0.5"]
    assert "All areas" in lines
    assert "Findings: 2 resolved, 0 new, 3 kept." in lines


# --- the command line ------------------------------------------------------------------------

SCENARIO = """name = "Treatment at the centre"
based_on = "CJI guide, Co-location"

[[add_link]]
from = "fen-treatment"
to = "fen-womens-centre"
kind = "co_location"
formal = true
"""


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_compare_prints_the_table_and_writes_the_csv(run_cli, demo_dir, tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO)
    out = tmp_path / "cmp.csv"
    result = run_cli("compare", demo_dir, scenario, "--out", out)
    assert result.code == 0, result.err
    text = result.out.decode()
    assert text.startswith("Scenario: Treatment at the centre\nBased on: CJI guide, Co-location\n")
    assert (
        "\nFenmoor\n  Touchpoints with a route to treatment    19 of 25  →    22 of 25   +3\n"
        in text
    )
    assert "\nAll areas\n" in text
    data = out.read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(COMPARISON_COLUMNS)
    counts = {s: sum(r[0] == s for r in rows[1:]) for s in ("resolved", "new", "kept")}
    assert (
        f"Findings: {counts['resolved']} resolved, {counts['new']} new, {counts['kept']} kept."
        in text
    )
    assert result.err == f"Wrote {len(rows) - 1} findings to {out}\n"


def test_compare_leaves_the_map_files_byte_for_byte_unchanged(run_cli, demo_dir, tmp_path):
    before = digest(demo_dir)
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        SCENARIO
        + '\n[[remove_service]]\nid = "fen-outreach"\n[[remove_offers]]\nservice = "fen-treatment"\n'
        'offers = "naloxone"\n'
    )
    scenario_bytes = scenario.read_bytes()
    result = run_cli("compare", demo_dir, scenario, "--out", tmp_path / "cmp.csv")
    assert result.code == 0, result.err
    assert digest(demo_dir) == before
    assert scenario.read_bytes() == scenario_bytes
    assert "Links that close with the removed services:" in result.out.decode()


def test_compare_with_scenario_mistakes_exits_1_and_writes_nothing(run_cli, demo_dir, tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "Typos"\n\n[[add_link]]\nfrom = "fen-treatmnt"\nto = "fen-womens-centre"\n'
        'kind = "co-located"\n'
    )
    out = tmp_path / "cmp.csv"
    out.write_text("last week's comparison")
    result = run_cli("compare", demo_dir, scenario, "--out", out)
    assert result.code == 1
    assert result.out == b""
    assert result.err.splitlines() == [
        f"{scenario}:3: [[add_link]] #1: kind 'co-located' is not a link kind (did you mean 'co_location'?)",
        f"{scenario}:3: [[add_link]] #1: from 'fen-treatmnt' is not a service in the map or added by this scenario (did you mean 'fen-treatment'?)",
        "2 errors: nothing written.",
    ]
    assert out.read_text() == "last week's comparison"


def test_compare_with_a_missing_scenario_or_bad_usage(run_cli, demo_dir, tmp_path):
    result = run_cli("compare", demo_dir, tmp_path / "none.toml")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{tmp_path}/none.toml:1: cannot read the scenario file: No such file or directory"
    )
    assert run_cli("compare", demo_dir).code == 2
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO)
    result = run_cli("compare", demo_dir, scenario, "--out", tmp_path / "no" / "dir" / "x.csv")
    assert result.code == 2 and result.err.startswith("journeymap: cannot write ")


def test_a_gap_that_shrinks_is_kept_and_shown_as_less_severe():
    """Persona 'anyone' starts at either GP. Both cut off: high. One reaches treatment: medium."""
    personas = b"id,name,entry_types\nanyone,Anyone,gp\n"
    # hs -> ph keeps A linked, so its routes are judged before the change too
    smap = build(
        "gp1 gp A\ngp2 gp A\ntx drug_alcohol_treatment A\nhs housing A\nph pharmacy A",
        "hs -> ph formal",
        standards_csv=NO_STANDARDS,
        personas_csv=personas,
    )
    result = run('[[add_link]]\nfrom = "gp1"\nto = "tx"\nkind = "referral"\n', smap)
    assert keys(result.resolved) == {
        ("missed_opportunity", "A", "gp1"),
        ("silo", "A", "gp1"),
    }
    assert keys(result.new) == {
        ("one_way", "A", "tx"),
        ("informal_only", "A", "gp1->tx"),
    }
    assert keys(result.kept) == {
        ("missed_opportunity", "A", "gp2"),
        ("silo", "A", "gp2"),
        ("persona_gap", "A", "anyone"),
        ("missed_opportunity", "A", "hs"),
        ("missed_opportunity", "A", "ph"),
        ("silo", "A", "hs;ph"),
    }
    assert [(b.key, b.severity, a.severity) for b, a in result.eased] == [
        (("persona_gap", "A", "anyone"), "high", "medium")
    ]
    assert result.worsened == ()
    assert result.headline_for("A")[0].persona_gaps == result.headline_for("A")[1].persona_gaps == 1
    lines = comparison_text(result).splitlines()
    assert lines[-2:] == ["Kept, less severe:", "  high → medium: A, persona_gap, Anyone (anyone)"]
    # and the other way round: the route ends, the gap grows
    after = result.after
    back = compare(
        after, parse_scenario('name = "x"\n[[remove_link]]\nfrom = "gp1"\nto = "tx"\n', after)
    )
    assert [(b.severity, a.severity) for b, a in back.worsened] == [("medium", "high")]
    assert comparison_text(back).splitlines()[-2] == "Kept, more severe:"


def test_a_comparison_costs_a_few_analyses(demo_dir):
    """Measured, not guessed: compare = apply + two full analyses + headline figures.

    Medians of seven interleaved runs on the demo map; the ratio to one `find_gaps` stays
    under 6 whatever the machine's speed (3 to 3.5 when measured: two analyses, plus the
    headline figures of each area twice).
    """
    import statistics
    import time

    from journeymap import build_graph, find_gaps, load_map
    from journeymap.scenario.read import load_scenario

    smap = load_map(demo_dir)
    scenario = load_scenario(
        Path(__file__).parent.parent / "scenarios" / "fenmoor-treatment-at-womens-centre.toml", smap
    )

    # Interleaved, so a busy machine slows both sides alike; the ratio of medians is compared.
    ones, boths = [], []
    for _ in range(7):
        start = time.perf_counter()
        find_gaps(smap, build_graph(smap))
        ones.append(time.perf_counter() - start)
        start = time.perf_counter()
        compare(smap, scenario)
        boths.append(time.perf_counter() - start)
    one, both = statistics.median(ones), statistics.median(boths)
    assert both / one < 6, f"compare {both:.3f} s vs one analysis {one:.3f} s"
