"""The Overview shows the area's published treatment figures (figures.csv beside the map)
with the national comparison, and nothing of the kind for a map without them."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_app import all_text, metrics, start

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
VIEWIT = (
    "ReportingPeriod,Area,sex,age_group,drug_group,intreatment_allintx,newpresentation_newtx,"
    "referralsource_health_services_social_care_newtx,referralsource_self_family_friends_newtx\n"
    "2022/23,Ashcombe,F,Total,Total,100,40,5,20\n"
    "2022/23,Ashcombe,Total,Total,Total,400,160,35,50\n"
    "2023/24,Ashcombe,F,Total,Total,120,50,5,25\n"
    "2023/24,Ashcombe,M,Total,Total,280,100,25,30\n"
    "2023/24,Ashcombe,Total,Total,Total,400,150,30,55\n"
)


def test_the_overview_shows_figures_with_the_national_comparison(monkeypatch, tmp_path, run_cli):
    mapdir = tmp_path / "map"
    shutil.copytree(DEMO, mapdir)
    src = tmp_path / "viewit.csv"
    src.write_text(VIEWIT)
    assert run_cli("import-figures", str(src), "--map", str(mapdir)).code == 0
    at = start(monkeypatch, argv=("app.py", "--map", str(mapdir)))
    assert not at.exception
    shown = metrics(at)
    assert shown["Women in treatment, 2023/24"] == "120"
    assert shown["Women's share of people in treatment"] == "30%"
    assert shown["In England"] == "33%"
    trend = next(f.value for f in at.dataframe if "Share of people" in f.value.columns)
    assert trend.values.tolist() == [["2022/23", "100", "25%"], ["2023/24", "120", "30%"]]
    referrals = next(f.value for f in at.dataframe if "Referred from" in f.value.columns)
    assert referrals.values.tolist()[0] == ["Health and social care", "5", "10%", "25", "25%"]
    # The demo map has many health and social care routes: 10% referred from there is a finding.
    assert "only 10% of the women who started treatment in 2023/24" in all_text(at)


def test_no_figures_section_without_figures(monkeypatch):
    at = start(monkeypatch)
    assert not at.exception
    assert not [label for label in metrics(at) if label.startswith("Women in treatment")]
    assert "Treatment figures" not in [s.value for s in at.subheader]


def test_the_barnet_sample_on_the_overview(monkeypatch, tmp_path, run_cli):
    from test_figures_import import SAMPLES

    if SAMPLES is None:
        import pytest

        pytest.skip("shared/samples is not beside the repo")
    mapdir = tmp_path / "barnet"
    mapdir.mkdir()
    (mapdir / "services.csv").write_text(
        "id,name,type,area\n"
        "tx,Barnet Recovery,drug_alcohol_treatment,Barnet\n"
        "gp,Green Surgery,gp,Barnet\n"
    )
    (mapdir / "links.csv").write_text("from,to,kind\nGreen Surgery,tx,referral\n")
    got = run_cli("import-figures", str(SAMPLES / "viewit-export-barnet.csv"), "--map", str(mapdir))
    assert got.code == 0, got.err
    at = start(monkeypatch, argv=("app.py", "--map", str(mapdir)))
    assert not at.exception
    shown = metrics(at)
    assert shown["Women in treatment, 2021/22"] == "455"
    assert shown["Women's share of people in treatment"] == "31%"  # 455 of 1,465
    assert shown["In England"] == "33%"
    referrals = next(f.value for f in at.dataframe if "Referred from" in f.value.columns)
    assert referrals.values.tolist()[1] == ["Health and social care", "70", "33%", "135", "31%"]


def test_figures_uploaded_with_the_map_are_shown(monkeypatch, tmp_path, run_cli):
    """A zip of a map folder into which import-figures wrote figures.csv: the upload shows
    the same figures as the folder does."""
    from test_app import upload, zip_of

    mapdir = tmp_path / "map"
    shutil.copytree(DEMO, mapdir)
    src = tmp_path / "viewit.csv"
    src.write_text(VIEWIT)
    assert run_cli("import-figures", str(src), "--map", str(mapdir)).code == 0
    files = {f"map/{p.name}": p.read_bytes() for p in mapdir.iterdir() if p.suffix == ".csv"}
    assert "map/figures.csv" in files
    at = upload(start(monkeypatch), ("map.zip", zip_of(files)))
    assert not at.exception
    shown = metrics(at)
    assert shown["Women in treatment, 2023/24"] == "120"
    assert shown["In England"] == "33%"


def test_a_broken_uploaded_figures_file_is_told_by_line(monkeypatch):
    from test_app import upload

    files = [(p.name, p.read_bytes()) for p in DEMO.iterdir() if p.suffix == ".csv"]
    bad = b"area,period,sex,measure,value\nAshcombe,2023/24,women,in_treatment,120\n"
    at = upload(start(monkeypatch), *files, ("figures.csv", bad))
    assert not at.exception
    assert "figures.csv:2: sex 'women' should be female, male or persons" in all_text(at)
