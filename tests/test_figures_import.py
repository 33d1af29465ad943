"""`journeymap import-figures`: NDTMS ViewIt and Fingertips exports → figures.csv beside the
map and the areas.csv cells they fill, each change shown first, small numbers as published."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from journeymap import MapError
from journeymap.problems import Problems
from journeymap.read.figures import load_figures, read_figure_file

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
SAMPLES = next(
    (
        base / "shared" / "samples" / "ndtms"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "samples" / "ndtms" / "viewit-export-barnet.csv").is_file()
    ),
    None,
)
needs_sample = pytest.mark.skipif(SAMPLES is None, reason="shared/samples is not beside the repo")

# A ViewIt export as its first spelling has it: totals and breakdowns, two years.
VIEWIT = (
    "ReportingPeriod,Area,sex,age_group,drug_group,intreatment_allintx,newpresentation_newtx,"
    "referralsource_criminal_justice_newtx,referralsource_health_services_social_care_newtx,"
    "referralsource_self_family_friends_newtx\n"
    "2022/23,Ashcombe,F,Total,Total,100,40,5,5,20\n"
    "2022/23,Ashcombe,M,Total,Total,300,120,40,30,30\n"
    "2022/23,Ashcombe,Total,Total,Total,400,160,45,35,50\n"
    "2022/23,Ashcombe,F,18-29,Total,30,10,0,0,5\n"
    "2023/24,Ashcombe,F,Total,Total,120,50,NULL,5,25\n"
    "2023/24,Ashcombe,M,Total,Total,280,100,35,25,30\n"
    "2023/24,Ashcombe,Total,Total,Total,400,150,40,30,55\n"
)
# The other spelling real exports use, with words for sex and no breakdown columns.
VIEWIT_CAPS = (
    "ReportingPeriod,Area,Gender_Data,Num_InTreatment_AllInTx,Num_NewPresentation_NewTx,"
    "Num_ReferralSource_Health_Services_Social_Care_NewTx\n"
    "2023/24,Fenmoor,Female,41,12,3\n"
    "2023/24,Fenmoor,Male,87,30,9\n"
)
FINGERTIPS = (
    "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,"
    "Time period,Value,Count,Denominator\n"
    "93532,Dependent drinkers not in treatment (%),E1,Ashcombe,County,Persons,18+ yrs,,,"
    "2022/23,80.1,800,1000\n"
    "93532,Dependent drinkers not in treatment (%),E2,Fenmoor,County,Female,18+ yrs,,,"
    "2022/23,75.5,453,600\n"
    "93532,Dependent drinkers not in treatment (%),E2,Fenmoor,County,Female,18+ yrs,"
    "Deprivation,Most deprived,2022/23,70,1,2\n"
    "93532,Dependent drinkers not in treatment (%),E9,England,Country,Persons,18+ yrs,,,"
    "2022/23,82.0,500000,610000\n"
)


@pytest.fixture
def mapdir(tmp_path) -> Path:
    out = tmp_path / "map"
    shutil.copytree(DEMO, out)
    return out


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_viewit_fills_women_in_treatment_keeping_what_she_typed(run_cli, tmp_path, mapdir):
    src = write(tmp_path, "any name.csv", VIEWIT)
    got = run_cli("import-figures", str(src), "--map", str(mapdir))
    assert got.code == 0, got.err
    out = got.out.decode()
    assert "areas.csv: Ashcombe: women_in_treatment 520 → 120 (NDTMS ViewIt, 2023/24)" in out
    assert (
        "areas.csv: Ashcombe: women_new_presentations (blank) → 50 (NDTMS ViewIt, 2023/24)" in out
    )
    assert rows(mapdir / "areas.csv") == [
        {
            "area": "Ashcombe",
            "women_in_treatment": "120",
            "estimated_women_need": "900",
            "rural": "no",
            "women_new_presentations": "50",
        },
        {
            "area": "Fenmoor",
            "women_in_treatment": "140",
            "estimated_women_need": "610",
            "rural": "yes",
            "women_new_presentations": "",
        },
    ]
    figures = rows(mapdir / "figures.csv")
    assert len(figures) == 2 * 3 * 5  # two years, three sexes, five measures; breakdowns left out
    suppressed = [
        f
        for f in figures
        if f["period"] == "2023/24"
        and f["sex"] == "female"
        and f["measure"] == "referral_criminal_justice"
    ]
    assert suppressed == [
        {
            "area": "Ashcombe",
            "period": "2023/24",
            "sex": "female",
            "measure": "referral_criminal_justice",
            "value": "",
            "source": "NDTMS ViewIt",
            "note": "suppressed or not published",
        }
    ]
    assert {f["note"] for f in figures} == {"rounded to 5 by NDTMS", "suppressed or not published"}
    assert run_cli("check", str(mapdir)).code == 0  # the map still loads


def test_the_other_spelling_is_recognised_by_its_header(tmp_path):
    problems = Problems()
    kind, figures = read_figure_file(VIEWIT_CAPS.encode(), "x.csv", problems)
    assert kind == "NDTMS ViewIt" and not problems.items
    assert [(f.sex, f.measure, f.value, f.note) for f in figures] == [
        ("female", "in_treatment", "41", ""),  # not all multiples of 5: not said to be rounded
        ("female", "new_presentations", "12", ""),
        ("female", "referral_health_social_care", "3", ""),
        ("male", "in_treatment", "87", ""),
        ("male", "new_presentations", "30", ""),
        ("male", "referral_health_social_care", "9", ""),
    ]


def test_fingertips_fills_need_only_where_an_estimate_by_sex_exists(run_cli, tmp_path, mapdir):
    src = write(tmp_path, "ft.csv", FINGERTIPS)
    got = run_cli("import-figures", str(src), "--map", str(mapdir), "--dry-run")
    assert got.code == 0, got.err
    out = got.out.decode()
    assert (
        "areas.csv: Fenmoor: estimated_women_need 610 → 600 (Fingertips 93532: Dependent "
        "drinkers not in treatment (%), 2022/23, an estimate)"
    ) in out
    assert (
        "Ashcombe: the Fingertips figures are for persons only, so estimated_women_need is not "
        "filled (journeymap does not guess women's share of an estimate)"
    ) in out
    assert not [ln for ln in out.splitlines() if ln.startswith(("England", "areas.csv: England"))]
    assert "Dry run: nothing written (1 change to areas.csv)." in out
    assert (mapdir / "areas.csv").read_bytes() == (DEMO / "areas.csv").read_bytes()
    assert not (mapdir / "figures.csv").exists()


def test_a_second_import_replaces_its_own_figures_and_keeps_the_others(run_cli, tmp_path, mapdir):
    run_cli("import-figures", str(write(tmp_path, "a.csv", VIEWIT)), "--map", str(mapdir))
    run_cli("import-figures", str(write(tmp_path, "b.csv", VIEWIT_CAPS)), "--map", str(mapdir))
    again = VIEWIT.replace(
        "2023/24,Ashcombe,F,Total,Total,120", "2023/24,Ashcombe,F,Total,Total,125"
    )
    run_cli("import-figures", str(write(tmp_path, "c.csv", again)), "--map", str(mapdir))
    figures = load_figures(mapdir)
    assert len(figures) == 30 + 6
    latest = [
        f
        for f in figures
        if (f.area, f.period, f.sex, f.measure) == ("Ashcombe", "2023/24", "female", "in_treatment")
    ]
    assert [f.value for f in latest] == ["125"]


def test_a_file_that_is_neither_is_refused_and_nothing_is_written(run_cli, tmp_path, mapdir):
    src = write(tmp_path, "viewit.csv", "area,count\nAshcombe,3\n")
    got = run_cli("import-figures", str(src), "--map", str(mapdir))
    assert got.code == 1
    assert got.err.splitlines()[0] == (
        f"{src}:1: this is not an NDTMS ViewIt export (columns intreatment_allintx or "
        "Num_InTreatment_AllInTx) nor a Fingertips indicator export (Indicator ID, Area Name, "
        "Sex, Time period, Value)"
    )
    assert not (mapdir / "figures.csv").exists()
    got = run_cli("import-figures", str(src), "--map", str(tmp_path / "nowhere"))
    assert got.code == 2


def test_a_broken_figures_csv_is_told_by_line(mapdir):
    (mapdir / "figures.csv").write_text(
        "area,period,sex,measure,value\nAshcombe,2023/24,women,in_treatment,3\nAshcombe,2023/24,female,beds,3\n"
    )
    with pytest.raises(MapError) as info:
        load_figures(mapdir)
    assert [str(p) for p in info.value.errors] == [
        f"{mapdir}/figures.csv:2: sex 'women' should be female, male or persons",
        f"{mapdir}/figures.csv:3: measure 'beds' is not one journeymap reads (in_treatment, "
        "new_presentations, referral_criminal_justice, referral_health_social_care, "
        "referral_self_family_friends, referral_substance_misuse_service, referral_other, "
        "referral_missing, not_in_treatment_pct, estimated_need)",
    ]


@needs_sample
def test_the_barnet_viewit_sample(run_cli, tmp_path):
    assert SAMPLES is not None
    mapdir = tmp_path / "barnet"
    mapdir.mkdir()
    got = run_cli("import-figures", str(SAMPLES / "viewit-export-barnet.csv"), "--map", str(mapdir))
    assert got.code == 0, got.err
    assert rows(mapdir / "areas.csv") == [
        {
            "area": "Barnet",
            "women_in_treatment": "455",
            "estimated_women_need": "",
            "rural": "",
            "women_new_presentations": "215",
        }
    ]
    figures = rows(mapdir / "figures.csv")
    latest = {(f["sex"], f["measure"]): f["value"] for f in figures if f["period"] == "2021/22"}
    assert latest[("female", "in_treatment")] == "455"
    assert latest[("female", "referral_health_social_care")] == "70"
    assert latest[("male", "referral_health_social_care")] == "135"
    assert latest[("female", "referral_self_family_friends")] == "110"
    assert {f["period"] for f in figures} == {f"{y}/{(y + 1) % 100:02d}" for y in range(2009, 2022)}


def test_figures_never_leave_a_map_that_no_longer_loads(run_cli, tmp_path):
    from test_workbook import demo_book

    mapdir = tmp_path / "book"
    mapdir.mkdir()
    (mapdir / "map.xlsx").write_bytes(demo_book())  # its Areas sheet holds the areas
    src = write(tmp_path, "v.csv", VIEWIT)
    got = run_cli("import-figures", str(src), "--map", str(mapdir))
    assert got.code == 1
    assert (
        f"{mapdir}/map.xlsx[Areas]:1: areas.csv is given twice (also as {mapdir}/areas.csv); keep one of them"
        in got.err
    )
    assert sorted(p.name for p in mapdir.iterdir()) == ["map.xlsx"]  # nothing written
