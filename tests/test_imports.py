"""`journeymap import`: maps from Gephi, Cytoscape and Kumu, and journeymap's own exports,
read back so that export → import → report is the same map."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from test_workbook import book_bytes

from journeymap import MapError
from journeymap.read.imports import import_map

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
GOLDEN = ROOT / "tests" / "golden" / "demo_gaps.csv"


def imported_report(run_cli, src: Path, out: Path) -> bytes:
    got = run_cli("import", str(src), "--out", str(out))
    assert got.code == 0, got.err
    assert b"Imported 65 services and 127 links" in got.out
    # Journeys and area figures are not carried by these formats (README): they stay beside.
    for name in ("journeys.csv", "areas.csv", "actions.csv"):
        shutil.copy(DEMO / name, out / name)
    report = run_cli("report", str(out))
    assert report.code == 0, report.err
    return report.out


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("graphml", "demo.graphml"),
        ("gexf", "demo.gexf"),
        ("json", "demo.json"),
        ("kumu", "kumu.zip"),
        ("kumu", "kumu"),
    ],
)
def test_export_import_report_is_the_same_map(run_cli, tmp_path, fmt, name):
    src = tmp_path / name
    exported = run_cli("export", str(DEMO), "--format", fmt, "--out", str(src))
    assert exported.code == 0, exported.err
    assert imported_report(run_cli, src, tmp_path / "back") == GOLDEN.read_bytes()


def test_a_kumu_workbook_round_trips(run_cli, tmp_path):
    folder = tmp_path / "kumu"
    assert run_cli("export", str(DEMO), "--format", "kumu", "--out", str(folder)).code == 0

    def sheet(name: str) -> list[list[object]]:
        with (folder / name).open(encoding="utf-8", newline="") as f:
            return list(csv.reader(f))

    book = tmp_path / "kumu.xlsx"
    book.write_bytes(
        book_bytes({"Elements": sheet("elements.csv"), "Connections": sheet("connections.csv")})
    )
    assert imported_report(run_cli, book, tmp_path / "back") == GOLDEN.read_bytes()


def test_a_map_drawn_in_kumu_by_labels_and_types(tmp_path):
    elements = (
        "Label,Type,Description,Colour\n"
        "Green Surgery,GP practice,,green\n"
        "Hub Central,Drug and alcohol treatment,,\n"
        "Rose Women's Centre,Women centre,,\n"
        "Library,Library,,\n"
    )
    connections = (
        "From,To,Type,direction\n"
        "Green Surgery,Hub Central,Referral,mutual\n"
        "Rose Women's Centre,Hub Central,co-location,\n"
        "Library,Hub Central,knows,directed\n"
    )
    folder = tmp_path / "drawn"
    folder.mkdir()
    (folder / "elements.csv").write_text(elements)
    (folder / "connections.csv").write_text(connections)
    got = import_map(folder, area="Ashcombe")
    smap = got.smap
    assert [(s.id, s.type, s.area) for s in smap.services] == [
        ("green-surgery", "gp", "Ashcombe"),
        ("hub-central", "drug_alcohol_treatment", "Ashcombe"),
        ("rose-women-s-centre", "womens_centre", "Ashcombe"),
        ("library", "other", "Ashcombe"),
    ]
    assert smap.services[0].extra == {"colour": "green"}  # unknown attributes are kept
    assert [(k.source, k.target, k.kind, k.two_way) for k in smap.links] == [
        ("green-surgery", "hub-central", "referral", True),
        ("rose-women-s-centre", "hub-central", "co_location", False),
        ("library", "hub-central", "referral", False),
    ]
    at = f"{folder}/elements.csv"
    links_at = f"{folder}/connections.csv"
    assert (
        f"{at}:4: warning: type 'Women centre' is not a service type; read as 'womens_centre' (the closest)"
        in got.warnings
    )
    assert (
        f"{at}:5: warning: type 'Library' is not a service type; read as 'other': set the type in services.csv"
        in got.warnings
    )
    assert f"{links_at}:4: warning: connection type 'knows' is read as 'referral'" in got.warnings
    assert (
        f"{links_at}:2: warning: from 'Green Surgery' is read as service green-surgery, the one named so; write the id green-surgery to be sure"
        in got.warnings
    )


def test_a_kumu_blueprint_json(tmp_path):
    doc = {
        "elements": [
            {
                "_id": "e1",
                "attributes": {
                    "label": "Green Surgery",
                    "element type": "GP practice",
                    "area": "A",
                },
            },
            {
                "_id": "e2",
                "attributes": {
                    "label": "Hub",
                    "element type": "drug_alcohol_treatment",
                    "area": "A",
                    "women only": True,
                },
            },
        ],
        "connections": [
            {"_id": "c1", "from": "e1", "to": "e2", "attributes": {"connection type": "Referral"}}
        ],
    }
    src = tmp_path / "blueprint.json"
    src.write_text(json.dumps(doc))
    smap = import_map(src).smap
    assert [(s.id, s.name, s.type, s.women_only) for s in smap.services] == [
        ("green-surgery", "Green Surgery", "gp", False),
        ("hub", "Hub", "drug_alcohol_treatment", True),
    ]
    assert [(k.source, k.target, k.kind) for k in smap.links] == [
        ("green-surgery", "hub", "referral")
    ]


def test_a_kumu_blueprint_with_odd_attributes_is_read_not_a_traceback(tmp_path):
    """A hand-edited blueprint whose `attributes` is a list: its own fields are still read."""
    doc = {
        "elements": [
            {"_id": "e1", "label": "Hub", "element type": "drug_alcohol_treatment", "area": "A"},
            {"_id": "e2", "label": "GP", "element type": "gp", "area": "A", "attributes": [1]},
        ],
        "connections": [{"from": "e2", "to": "e1", "attributes": "Referral"}],
    }
    src = tmp_path / "blueprint.json"
    src.write_text(json.dumps(doc))
    smap = import_map(src).smap
    assert [s.id for s in smap.services] == ["hub", "gp"]
    assert [(k.source, k.target) for k in smap.links] == [("gp", "hub")]


def test_problems_name_the_element_of_the_users_file(tmp_path):
    src = tmp_path / "map.graphml"
    src.write_text(
        '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="t" for="node" attr.name="type" attr.type="string"/>'
        '<key id="a" for="node" attr.name="area" attr.type="string"/>'
        '<key id="w" for="node" attr.name="women_only" attr.type="string"/>'
        '<graph edgedefault="directed">'
        '<node id="gp"><data key="t">gp</data><data key="a">A</data></node>'
        '<node id="tx"><data key="t">drug_alcohol_treatment</data><data key="w">maybe</data><data key="a">A</data></node>'
        '<node id="x"><data key="t">gp</data></node>'
        '<edge source="gp" target="tx"/><edge source="gp" target="gp"/>'
        "</graph></graphml>"
    )
    with pytest.raises(MapError) as info:
        import_map(src)
    assert [str(p) for p in info.value.errors] == [
        f"{src}[nodes]:2: women_only 'maybe' is not yes or no (use yes/no, y/n, true/false or 1/0)",
        f"{src}[nodes]:3: no area is given; add an Area, or import with --area",
        f"{src}[edges]:2: the link goes from 'gp' to itself",
    ]


def test_files_that_cannot_be_read_say_so(tmp_path, run_cli):
    bad = tmp_path / "map.graphml"
    bad.write_text("<graphml><node")
    got = run_cli("import", str(bad), "--out", str(tmp_path / "out"))
    assert got.code == 1
    assert got.err.startswith(f"{bad}:1: this is not a GRAPHML file networkx can read")
    assert not (tmp_path / "out").exists()  # nothing written on failure
    other = tmp_path / "map.txt"
    other.write_text("x")
    got = run_cli("import", str(other), "--out", str(tmp_path / "out"))
    assert got.code == 1
    assert "journeymap imports .graphml, .gexf, .json" in got.err
    js = tmp_path / "x.json"
    js.write_text(json.dumps({"a": 1}))
    got = run_cli("import", str(js), "--out", str(tmp_path / "out"))
    assert "neither node-link data" in got.err


def test_import_will_not_overwrite_a_map_without_force(run_cli, tmp_path):
    src = tmp_path / "demo.json"
    run_cli("export", str(DEMO), "--format", "json", "--out", str(src))
    out = tmp_path / "map"
    out.mkdir()
    (out / "services.csv").write_text("id,name,type,area\n")
    got = run_cli("import", str(src), "--out", str(out))
    assert got.code == 2
    assert "already holds services.csv; choose a new folder, or add --force" in got.err
    assert run_cli("import", str(src), "--out", str(out), "--force").code == 0
    assert (out / "services.csv").read_bytes().count(b"\n") == 66
