"""Ranking (DESIGN §4, §5): within a severity, the finding that cuts off or weakens most comes
first; short lists name each subject once; on the demo map no cause fills the report."""

import csv
import io
from collections import Counter

from journeymap import Finding, build_graph, find_gaps, load_map, report_csv
from journeymap.analyse.filters import top_findings


def finding(subject: str, severity: str = "high", affects: int = 0, **kw: str) -> Finding:
    fields = {
        "area": "A",
        "category": "missed_opportunity",
        "subject_name": subject.upper(),
        "finding": "f",
        "evidence": "e",
        "suggestion": "s",
        "source": "src",
        **kw,
    }
    return Finding(severity=severity, subject_id=subject, affects=affects, **fields)


def test_within_a_severity_more_affected_comes_first_then_area_and_category():
    rows = [
        finding("a", "medium", 40),
        finding("b", "high", 1),
        finding("c", "high", 12),
        finding("d", "high", 12, area="B"),
        finding("e", "high", 12, category="long_pathway"),
    ]
    ordered = [f.subject_id for f in sorted(rows, key=Finding.sort_key)]
    assert ordered == ["e", "c", "d", "b", "a"]


def test_the_gap_report_has_affects_last_and_sorts_by_it():
    text = report_csv([finding("x", "low", 1), finding("y", "low", 9)]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-1] == "affects"
    assert [r[3] for r in rows[1:]] == ["y", "x"] and rows[1][-1] == "9"


def test_short_lists_name_each_subject_once_and_may_cap_a_category():
    rows = [
        finding("gp", "high", 5),
        finding("gp", "high", 4, category="single_point_of_failure"),
        finding("p1", "high", 3, category="persona_gap"),
        finding("p2", "high", 3, category="persona_gap"),
        finding("p3", "high", 3, category="persona_gap"),
        finding("wc", "low", 1),
    ]
    assert [f.subject_id for f in top_findings(rows, 4)] == ["gp", "p1", "p2", "p3"]
    capped = top_findings(rows, 4, per_category=2)
    assert [f.subject_id for f in capped] == ["gp", "p1", "p2", "wc"]
    assert top_findings([], 8) == []


def test_on_the_demo_map_no_cause_fills_the_report_and_top_lists_name_each_subject_once(
    demo_dir,
):
    smap = load_map(demo_dir)
    findings = find_gaps(smap, build_graph(smap))
    # A cause of a route finding is the service it names, or the service a link starts at.
    families = {"single_point_of_failure", "informal_only", "one_way"}
    causes = Counter(
        (f.area, f.subject_id.split("->")[0]) for f in findings if f.category in families
    )
    assert max(causes.values()) <= 2, causes.most_common(3)
    assert causes["Fenmoor", "fen-outreach"] == 2  # her post, and her informal link
    for area in smap.area_names():
        mine = [f for f in findings if f.area == area]
        top = top_findings(mine, 8)
        subjects = {f.subject_id for f in mine}
        assert len({f.subject_id for f in top}) == len(top) == min(8, len(subjects))
