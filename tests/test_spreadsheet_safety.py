"""Spreadsheet safety everywhere: files for people never run a formula; files for programs are
written exactly as the data is (no `'` guard that would end up inside Gephi or Kumu).

A hostile map puts a formula, a `+44` number, a `-` and an `@` into every text cell journeymap
copies into an output, column headers included. Every writer is then checked cell by cell.
`test_every_writer_is_classified` scans the package source for CSV and workbook writers, so a
new writer cannot appear without being put on one side or the other here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from journeymap import find_gaps, parse_map
from journeymap.graph.build import build_graph
from journeymap.outputs.export import export_bytes, kumu_files, xlsx_bytes
from journeymap.outputs.report import report_csv
from journeymap.read.mapedit import read_sheet, sheet_bytes
from journeymap.read.spreadsheet import FORMULA_STARTS, PLAIN_NUMBER, table_csv, unguard
from journeymap.read.suggest import dismissed_bytes
from journeymap.read.write import map_files
from journeymap.scenario.compare import compare, comparison_csv
from journeymap.scenario.diff import changes_csv, diff_csv, diff_maps
from journeymap.scenario.read import parse_scenario
from journeymap.workshop.consent import Consent
from journeymap.workshop.pooled import pool, pooled_files
from journeymap.workshop.store import StepEntry, Workshop

ROOT = Path(__file__).resolve().parent.parent
F1 = '=HYPERLINK("http://evil.example","click")'
F2 = "+44 1632 960000"
F3 = "-2+3+cmd|' /C calc'!A0"
F4 = "@SUM(A1:A9)"
FORMULAS = (F1, F2, F3, F4)

SERVICES = f"""id,name,type,area,provider,description,=ward
-tx,"{F1.replace('"', '""')}",drug_alcohol_treatment,@Area,{F2},{F3},{F4}
-gp,{F2},gp,@Area,{F4},{F1.replace('"', '""').join('""')},{F3}
wc,{F4},womens_centre,@Area,x,y,{F2}
dv,{F3},domestic_abuse,@Area,,,
""".encode()
LINKS = f"""from,to,kind,two_way,formal,notes,+owner
-gp,-tx,referral,no,no,{F3},{F4}
wc,-tx,referral,no,yes,{F4},{F2}
""".encode()
JOURNEYS = "journey,step,service,place,stage,feeling,helped_onward,note,@extra\n" + "".join(
    f"J{i:02d},1,-gp,,seeking_help,-2,no,{F2},{F4}\n"
    f"J{i:02d},2,,{F3},seeking_help,-1,,{F4},{F3}\n"
    f"J{i:02d},3,-tx,,in_treatment,1,,{F2},x\n"
    for i in range(1, 7)
)
AREAS = f"area,women_in_treatment,estimated_women_need,=note\n@Area,10,100,{F3}\n".encode()
SCENARIO = b"""name = "=1+2 what if"
[[add_link]]
from = "dv"
to = "-tx"
kind = "referral"
notes = "@x"
"""


@pytest.fixture(scope="module")
def smap():
    return parse_map(
        {
            "services.csv": SERVICES,
            "links.csv": LINKS,
            "journeys.csv": JOURNEYS.encode(),
            "areas.csv": AREAS,
        }
    )


@pytest.fixture(scope="module")
def findings(smap):
    return find_gaps(smap, build_graph(smap))


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def dangerous(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS)


def assert_people_safe(name: str, data: bytes, keep_numbers: bool = False) -> int:
    """Every cell, header included, is safe; returns how many cells were neutralised."""
    rows = csv_cells(data)
    assert data.startswith(b"\xef\xbb\xbf"), f"{name}: no byte-order mark for Excel"
    guarded = 0
    for r, row in enumerate(rows, start=1):
        for cell in row:
            if keep_numbers and PLAIN_NUMBER.match(cell):
                continue
            assert not dangerous(cell), f"{name} row {r}: {cell!r} would run as a formula"
            guarded += cell.startswith("'") and dangerous(cell[1:])
    return guarded


# --- files for people ------------------------------------------------------------------------


def test_gap_report(findings):
    assert assert_people_safe("gap report", report_csv(findings)) > 0


def test_comparison_csv(smap):
    result = compare(smap, parse_scenario(SCENARIO, smap))
    data = comparison_csv(result)
    assert assert_people_safe("comparison", data) > 0
    assert any(r[0] == "new" or r[0] == "resolved" for r in csv_cells(data)[1:])


def test_pooled_journey_exports(smap):
    files = pooled_files(pool(smap.journeys, {s.id: s.name for s in smap.services}))
    assert set(files) == {"journey_flows.csv", "journey_barriers.csv", "journey_feelings.csv"}
    guarded = 0
    for name, data in files.items():
        guarded += assert_people_safe(name, data, keep_numbers=name == "journey_feelings.csv")
    assert guarded > 0  # the hostile place and service names were there, and were guarded


def test_open_referral_left_out_list():
    from journeymap.read.oruk import LeftOut
    from journeymap.read.oruk_summary import left_out_csv

    rows = [LeftOut(F1, F2, F3, F4, "feed.json:1 record 1"), LeftOut("a", F4, "", "b", "c")]
    assert assert_people_safe("left-out.csv", left_out_csv(rows)) >= 5


def test_workshop_journeys_export(tmp_path, smap):
    ws = Workshop(tmp_path / "ws")
    ws.import_csv(JOURNEYS.encode(), {s.id: s.name for s in smap.services})
    code = ws.new_journey(Consent(pool=True))
    ws.add_step(code, StepEntry(place=F1, note=F3, feeling=-2, extra={"=x": F4}))
    data = ws.export_csv()
    assert assert_people_safe("journeys export", data, keep_numbers=True) > 0
    assert "-2" in [row[5] for row in csv_cells(data)[1:]]  # feelings stay numbers


def test_workbook_never_holds_a_formula(smap, findings):
    openpyxl = pytest.importorskip("openpyxl")
    data = xlsx_bytes(smap, findings)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(z.read(n).decode() for n in sheets)
    assert "<f>" not in xml and "<f " not in xml, "a cell is stored as a formula"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    texts = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and dangerous(cell.value):
                    texts += 1
    assert texts >= len(FORMULAS)  # the values are there, as text


# --- files for programs ------------------------------------------------------------------------


def test_map_csvs_keep_cells_exactly(smap):
    files = map_files(smap)
    cells = {c for data in files.values() for row in csv_cells(data) for c in row}
    assert set(FORMULAS) <= cells
    assert not any(c.startswith("'") and dangerous(c[1:]) for c in cells)
    assert not files["services.csv"].startswith(b"\xef\xbb\xbf")


def test_the_writer_for_programs_keeps_cells_exactly():
    cells = [*FORMULAS, "'=already guarded", "a,b", 'say "hi"', "two\nlines", "cr\ronly", ""]
    data = table_csv(["=h", "+h", *("c" for _ in cells[2:])], [cells, cells[::-1]])
    assert not data.startswith(b"\xef\xbb\xbf")
    header, *rows = csv_cells(data)
    assert header[:2] == ["=h", "+h"]
    assert [[unguard(c) for c in row] for row in rows] == [cells, cells[::-1]]


def test_edited_map_files_and_dismissals_keep_cells_exactly():
    for name, data in (("services.csv", SERVICES), ("links.csv", LINKS)):
        sheet = read_sheet(data, name)
        written = sheet_bytes(sheet)
        assert not written.startswith(b"\xef\xbb\xbf")
        assert read_sheet(written, name) == sheet  # every hostile cell back exactly
        cells = {c for row in csv_cells(written) for c in row}
        assert set(FORMULAS) & cells and not any(c.startswith("'") for c in cells)
    assert csv_cells(dismissed_bytes([("-gp", F1, "referral")]))[1] == ["-gp", F1, "referral"]


def test_kumu_files_keep_cells_exactly(smap):
    files = kumu_files(smap)
    cells = {c for data in files.values() for row in csv_cells(data) for c in row}
    assert {F1, F2, F3, F4} <= cells
    assert not any(c.startswith("'") and dangerous(c[1:]) for c in cells)
    assert all(not d.startswith(b"\xef\xbb\xbf") for d in files.values())  # 'ID' stays in A1


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_keep_values_exactly(smap, fmt):
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    g = read(io.BytesIO(export_bytes(smap, fmt)))
    values = {str(v) for _, d in g.nodes(data=True) for v in d.values()}
    values |= {str(v) for *_, d in g.edges(data=True) for v in d.values()}
    values |= {str(n) for n in g.nodes}
    assert {F1, F2, F3, "-tx", "-gp"} <= values
    assert not any(v.startswith("'") and dangerous(v[1:]) for v in values)


def test_json_export_keeps_values_exactly(smap):
    data = export_bytes(smap, "json").decode()
    assert json.dumps(F3) in data and json.dumps(F2) in data
    assert json.dumps("'" + F2) not in data


def test_actions_csv_neutralises_formulas_and_reads_them_back():
    from journeymap.models import Action
    from journeymap.read.actions import actions_csv

    data = actions_csv([Action(id="A1", area="A", about="x:y", action=F1, owner=F2, note=F4)])
    cells = {c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row}
    assert {"'" + F1, "'" + F2, "'" + F4} <= cells
    assert not any(dangerous(c) for c in cells)


def test_plan_csv_neutralises_a_service_name_that_starts_a_cell():
    from mapkit import build

    from journeymap.scenario.plan import make_plan, plan_csv

    tiny = build(
        "tx drug_alcohol_treatment A\ngp gp A",
        "gp -> tx formal",
        standards_csv=b"id,standard,source,rule\n",
        personas_csv=b"id,name,entry_types\n",
    )
    evil = tiny.model_copy(
        update={
            "services": tuple(
                x.model_copy(update={"name": F1}) if x.id == "tx" else x for x in tiny.services
            )
        }
    )
    plan = make_plan(evil, "A")  # the one-way referral: "{treatment} refers women back…"
    assert plan.proposals
    cells = {
        c for row in csv.reader(io.StringIO(plan_csv([plan]).decode("utf-8-sig"))) for c in row
    }
    assert any(c.startswith("'" + F1) for c in cells)
    assert not any(dangerous(c) for c in cells)


def test_diff_csvs(smap):
    after = parse_map(
        {
            "services.csv": SERVICES,
            "links.csv": LINKS.rsplit(b"\n", 2)[0] + b"\n",
            "areas.csv": AREAS,
        }
    )
    result = diff_maps(smap, after)
    names = {s.id: s.name for s in smap.services}
    changes = changes_csv(result.changes, names)
    assert assert_people_safe("map changes", changes) > 0
    assert any(r[:2] == ["removed", "link"] for r in csv_cells(changes)[1:])
    assert assert_people_safe("diff findings", diff_csv(result)) > 0


# --- every writer is on one side -----------------------------------------------------------

#: Modules that write CSV or workbooks, and for whom. A new writer must be added here (and to
#: the tests above); `test_every_writer_is_classified` fails until it is.
FOR_PEOPLE: dict[str, Callable[..., object]] = {
    "journeymap/outputs/report.py": report_csv,  # csv_bytes itself, used by every people writer
    "journeymap/outputs/export.py:xlsx": xlsx_bytes,
}
#: Modules that write CSV for programs with a writer of their own (not `table_csv`).
FOR_PROGRAMS = {
    "journeymap/outputs/export.py",
}
USES_CSV_BYTES = {
    "journeymap/read/spreadsheet.py",
    "journeymap/read/oruk_summary.py",
    "journeymap/scenario/compare.py",
    "journeymap/scenario/diff.py",
    "journeymap/workshop/pooled.py",
    "journeymap/workshop/transfer.py",
    "journeymap/outputs/report.py",
    "journeymap/read/actions.py",
    "journeymap/scenario/plan.py",
}
# synth.py writes map folders for journeymap to read, byte for byte what write.py would write
# (tests/test_synth_bench.py::test_a_synthetic_map_loads_cleanly_and_writes_back_the_same).
USES_TABLE_CSV = {
    "journeymap/read/spreadsheet.py",
    "journeymap/read/write.py",
    "journeymap/read/mapedit.py",
    "journeymap/read/suggest.py",
    "journeymap/read/synth.py",
    # imports.py hands the imported rows to the loader as CSV; figures.py writes figures.csv
    # and areas.csv beside the map, which journeymap reads back (as write.py's map files).
    "journeymap/read/imports.py",
    "journeymap/read/figures.py",
}
WRITER = re.compile(r"csv\.writer\(|\.to_csv\(|\.to_excel\(|Workbook\(|csv\.DictWriter\(")


def test_every_writer_is_classified():
    found_writers, found_users, found_programs = set(), set(), set()
    for path in sorted((ROOT / "journeymap").rglob("*.py")):
        text = path.read_text()
        rel = str(path.relative_to(ROOT))
        if WRITER.search(text):
            found_writers.add(rel)
        if re.search(r"\bcsv_bytes\(", text):
            found_users.add(rel)
        if re.search(r"\btable_csv\(", text):
            found_programs.add(rel)
    assert found_writers <= {"journeymap/read/spreadsheet.py", *FOR_PROGRAMS}, (
        "a new CSV or workbook writer: is it for people (use spreadsheet.csv_bytes) or for programs "
        "(use spreadsheet.table_csv, or add it to FOR_PROGRAMS and test that it keeps cells exactly)?"
    )
    assert found_users <= USES_CSV_BYTES, "a new user of csv_bytes: add a test above for it"
    assert found_programs <= USES_TABLE_CSV, "a new user of table_csv: add it to USES_TABLE_CSV"


def test_the_readme_says_which_files_are_guarded():
    readme = (ROOT / "README.md").read_text()
    assert "Kumu" in readme and "Gephi" in readme
    assert re.search(r"Gephi or Kumu that quote would become part of the name", readme)
    assert "never runs it as a formula" in readme
