import csv
import io

from mapkit import build

from journeymap import Finding, find_gaps, report_csv


def finding(area, category, severity, subject, name="x"):
    return Finding(
        area=area,
        category=category,
        severity=severity,
        subject_id=subject,
        subject_name=name,
        finding="f",
        evidence="e",
        suggestion="s",
        source="CJI guide",
    )


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_rows_are_sorted_by_severity_then_area_category_subject():
    findings = [
        finding("B", "silo", "low", "z"),
        finding("B", "missed_opportunity", "high", "b"),
        finding("A", "silo", "high", "a"),
        finding("A", "missed_opportunity", "high", "c"),
        finding("A", "missed_opportunity", "medium", "a"),
    ]
    order = [(r[0], r[1], r[2], r[3]) for r in rows(report_csv(findings))[1:]]
    assert order == [
        ("A", "missed_opportunity", "high", "c"),
        ("A", "silo", "high", "a"),
        ("B", "missed_opportunity", "high", "b"),
        ("A", "missed_opportunity", "medium", "a"),
        ("B", "silo", "low", "z"),
    ]


def test_a_service_named_like_a_formula_is_written_as_text():
    m = build("tx drug_alcohol_treatment A\nev other A\nhs housing A\n", "ev -> hs")
    m = m.model_copy(
        update={
            "services": (
                m.services[0],
                m.services[1].model_copy(update={"name": "=cmd|' /C calc'!A0"}),
                m.services[2],
            )
        }
    )
    table = rows(report_csv(find_gaps(m)))
    names = {r[4] for r in table[1:]}
    assert "'=cmd|' /C calc'!A0" in names
    assert not any(cell.startswith(("=", "+", "@")) for r in table for cell in r)
