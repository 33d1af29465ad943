"""A map kept in Excel: workbooks read everywhere a folder is, every problem told as
BOOK.xlsx[sheet]:ROW, cells read as the text she sees, and hostile books refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from journeymap import MapError, load_map, parse_map
from journeymap.read import workbook
from journeymap.read.load import read_folder
from journeymap.read.upload import read_upload
from journeymap.read.workbook import cell_text

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
GOLDEN = ROOT / "tests" / "golden" / "demo_gaps.csv"
_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")


def typed(value: str) -> object:
    """A cell as Excel types it when she enters it: numbers become numbers."""
    if _NUMBER.match(value):
        return float(value) if "." in value else int(value)
    return value


def book_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_rows(path: Path) -> list[list[object]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [[typed(v) for v in row] for row in csv.reader(f)]


def demo_book(titles: dict[str, str] | None = None) -> bytes:
    """The demo map as one workbook, numbers typed as numbers, sheets titled as people do."""
    titles = titles or {"services": "Services", "links": "Links", "journeys": "Journeys"}
    return book_bytes(
        {titles.get(p.stem, p.stem.title()): csv_rows(p) for p in sorted(DEMO.glob("*.csv"))}
    )


def problems_of(files: dict[str, bytes], folder: str = "") -> list[str]:
    with pytest.raises(MapError) as info:
        parse_map(files, folder)
    return [str(p) for p in info.value.problems]


def test_the_demo_as_one_workbook_gives_the_same_gap_report(tmp_path, run_cli):
    book = tmp_path / "demo map.xlsx"
    book.write_bytes(demo_book({"services": " SERVICES ", "links": "links", "areas": "Areas"}))
    got = run_cli("report", str(book))
    assert got.code == 0, got.err
    assert got.out == GOLDEN.read_bytes()  # byte-identical to the CSV folder's report
    check = run_cli("check", str(book))
    assert check.code == 0
    assert b"65 services, 127 links, 12 journeys, areas: Ashcombe, Fenmoor" in check.out


def test_separate_workbooks_in_a_folder_with_csvs(tmp_path, run_cli):
    (tmp_path / "Services.xlsx").write_bytes(
        book_bytes({"Sheet1": csv_rows(DEMO / "services.csv")})
    )
    (tmp_path / "links.xlsx").write_bytes(
        book_bytes({"Notes": [["read me"]], "Links": csv_rows(DEMO / "links.csv")})
    )
    for name in ("journeys.csv", "areas.csv", "actions.csv"):
        (tmp_path / name).write_bytes((DEMO / name).read_bytes())
    (tmp_path / "~$links.xlsx").write_bytes(b"Excel's lock file")  # never read
    got = run_cli("report", str(tmp_path))
    assert got.code == 0, got.err
    assert got.out == GOLDEN.read_bytes()


def test_the_upload_reads_a_workbook_like_the_folder():
    up = read_upload([("C:\\Users\\me\\Demo.xlsx", demo_book())])
    assert list(up.files) == ["Demo.xlsx"]
    from journeymap import build_graph, find_gaps
    from journeymap.outputs.report import report_csv

    smap = parse_map(up.files, up.folder)
    assert report_csv(find_gaps(smap, build_graph(smap)), smap.actions) == GOLDEN.read_bytes()


def test_errors_name_the_book_the_sheet_and_the_row(tmp_path):
    rows = csv_rows(DEMO / "services.csv")
    rows[3][2] = "midwife"  # Excel row 4
    rows[5][8] = 95.5  # latitude out of range, row 6
    book = tmp_path / "mymap.xlsx"
    book.write_bytes(book_bytes({"Services": rows, "Links": csv_rows(DEMO / "links.csv")}))
    with pytest.raises(MapError) as info:
        load_map(book)
    got = [str(p) for p in info.value.errors]
    where = f"{tmp_path}/mymap.xlsx[Services]"
    assert got == [
        f"{where}:4: type 'midwife' is not a service type (did you mean 'midwifery'?)",
        f"{where}:6: latitude 95.5 is out of range (it must be between -90 and 90)",
    ]


def test_a_book_without_a_links_sheet_says_so(tmp_path):
    files = {"Map.xlsx": book_bytes({"Services": csv_rows(DEMO / "services.csv")})}
    assert problems_of(files, "maps") == [
        "maps/Map.xlsx:1: no sheet is named 'links'; a map workbook needs sheets named "
        "services and links (or services.csv and links.csv beside it)"
    ]


def test_a_table_given_twice_is_an_error_and_other_sheets_are_named():
    files = {
        "book.xlsx": book_bytes(
            {
                "Services": csv_rows(DEMO / "services.csv"),
                "Links": csv_rows(DEMO / "links.csv"),
                "Budget": [["line", "cost"]],
            }
        ),
        "links.csv": (DEMO / "links.csv").read_bytes(),
    }
    got = problems_of(files)
    assert (
        "book.xlsx[Links]:1: links.csv is given twice (also as links.csv); keep one of them" in got
    )
    assert (
        "book.xlsx[Budget]:1: warning: sheet 'Budget' is not read: a map's sheets are named "
        "services, links, journeys, areas, actions, standards, personas"
    ) in got


def test_a_folder_with_csvs_ignores_a_report_workbook_beside_them(tmp_path):
    for name in ("services.csv", "links.csv"):
        (tmp_path / name).write_bytes((DEMO / name).read_bytes())
    (tmp_path / "board pack.xlsx").write_bytes(book_bytes({"Services": [["x"]]}))
    smap = load_map(tmp_path)
    assert len(smap.services) == 65
    assert (
        f"{tmp_path}/board pack.xlsx:1: warning: this workbook is not read: the folder's map "
        "is its services.csv"
    ) in smap.warnings


def test_shape_problems_of_a_sheet():
    services = [
        ["id", "name", "type", "area"],
        ["tx", "Hope", "drug_alcohol_treatment", "A", None, "stray"],
        [],
        ["gp", "Riverside", "gp"],  # the area cell left empty: a missing value, not a shape error
    ]
    files = {"b.xlsx": book_bytes({"services": services, "links": [["from", "to", "kind"]]})}
    assert problems_of(files) == [
        "b.xlsx[services]:2: this row has a value in column 6, which has no header; give the "
        "column a name in the first row, or clear the cell",
        "b.xlsx[services]:4: 'area' is empty; every row needs one",
    ]
    empty = {"b.xlsx": book_bytes({"services": [], "links": [["from", "to", "kind"]]})}
    assert problems_of(empty) == [
        "b.xlsx[services]:1: the sheet is empty; it needs a header row such as id,name,type,area"
    ]


def test_cells_are_read_as_the_text_she_sees():
    assert cell_text(3) == "3"
    assert cell_text(3.0) == "3"
    assert cell_text(52.6041) == "52.6041"
    assert cell_text(0.1, "0.00") == "0.10"
    assert cell_text(1234.5, "#,##0.0") == "1,234.5"
    assert cell_text(0.33, "0%") == "33%"
    assert cell_text(True) == "TRUE"
    assert cell_text(None) == ""
    assert cell_text("  Hope Street ") == "Hope Street"
    assert cell_text("'=1+2") == "=1+2"  # a formula guard comes off as in a CSV
    day = dt.datetime(2024, 3, 1)
    assert cell_text(day, "mm-dd-yy") == "01/03/2024"  # Excel's short date, in a UK locale
    assert cell_text(day, "dd/mm/yyyy") == "01/03/2024"
    assert cell_text(day, "d mmm yyyy") == "1 Mar 2024"
    assert cell_text(dt.datetime(2024, 3, 1, 9, 5), "dd/mm/yyyy hh:mm") == "01/03/2024 09:05"
    assert cell_text(day, "General") == "2024-03-01 00:00:00"


def _with_saved_formula(data: bytes, cell: str, formula: str, saved: str) -> bytes:
    """The book with `cell` of the first sheet a formula whose saved value is `saved` (as
    Excel writes it; openpyxl itself never saves values of formulas)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                text, n = re.subn(
                    rf'<c r="{cell}"[^>]*>.*?</c>',
                    f'<c r="{cell}" t="str"><f>{formula}</f><v>{saved}</v></c>',
                    text,
                )
                assert n == 1
                content = text.encode()
            dst.writestr(info, content)
    return out.getvalue()


def test_a_formula_is_read_by_its_saved_value_with_a_warning():
    rows = csv_rows(DEMO / "services.csv")
    data = book_bytes({"Services": rows, "Links": csv_rows(DEMO / "links.csv")})
    data = _with_saved_formula(data, "B2", 'CONCAT("Ashcombe ","Hub")', "Ashcombe Hub")
    smap = parse_map({"m.xlsx": data})
    assert smap.services[0].name == "Ashcombe Hub"
    assert (
        "m.xlsx[Services]:2: warning: a cell holds the formula "
        '=CONCAT("Ashcombe ","Hub"); its saved value \'Ashcombe Hub\' is read '
        "(journeymap does not recalculate)"
    ) in smap.warnings


def test_a_name_as_a_link_end_in_a_workbook():
    services = [
        ["id", "name", "type", "area"],
        ["g1", "Green Surgery", "gp", "A"],
        ["t1", "Hub Central", "drug_alcohol_treatment", "A"],
    ]
    links = [["from", "to", "kind"], ["Green Surgery", "hub central", "referral"]]
    smap = parse_map({"m.xlsx": book_bytes({"Services": services, "Links": links})})
    assert [(link.source, link.target) for link in smap.links] == [("g1", "t1")]
    assert smap.warnings == (
        "m.xlsx[Links]:2: warning: from 'Green Surgery' is read as service g1, the one named "
        "so; write the id g1 to be sure",
        "m.xlsx[Links]:2: warning: to 'hub central' is read as service t1, the one named so; "
        "write the id t1 to be sure",
    )


# --------------------------------------------------------------------------- hostile books


def test_hostile_books_are_refused_with_a_sentence(monkeypatch):
    links = {"links.csv": b"from,to,kind\n"}
    assert problems_of({"m.xlsx": b"hello", **links}) == [
        "m.xlsx:1: this is not an .xlsx workbook, or it is damaged; open it in Excel and save "
        "it again as 'Excel Workbook (.xlsx)'"
    ]
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    assert problems_of({"m.xlsx": ole, **links}) == [
        "m.xlsx:1: this is an old .xls workbook or a password-protected one; save it as "
        "'Excel Workbook (.xlsx)' without a password"
    ]
    # A zip bomb dressed as a workbook: a member that unpacks far past the limit.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    monkeypatch.setattr(workbook, "MAX_BOOK_BYTES", 1024 * 1024)
    assert len(bomb.getvalue()) < 20_000
    assert problems_of({"m.xlsx": bomb.getvalue(), **links}) == [
        "m.xlsx:1: the workbook unpacks to more than 1 MB; refused (a crafted file, or save "
        "the map as CSV files)"
    ]
    monkeypatch.undo()
    linked = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(demo_book()))
    with zipfile.ZipFile(linked, "w") as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.writestr("xl/externalLinks/externalLink1.xml", b"<externalLink/>")
    assert problems_of({"m.xlsx": linked.getvalue()}) == [
        "m.xlsx:1: the workbook links to other workbooks (external links), which journeymap "
        "does not follow; in Excel use Data > Edit Links > Break Link, then save a copy"
    ]
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as z:
        for i in range(workbook.MAX_BOOK_MEMBERS + 1):
            z.writestr(f"m{i}", b"")
    assert problems_of({"m.xlsx": many.getvalue(), **links}) == [
        f"m.xlsx:1: the workbook is refused: it holds {workbook.MAX_BOOK_MEMBERS + 1:,} files; "
        f"the limit is {workbook.MAX_BOOK_MEMBERS:,} (a crafted file)"
    ]


def test_a_sheet_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 5)
    rows = csv_rows(DEMO / "services.csv")[:8]
    got = problems_of({"m.xlsx": book_bytes({"Services": rows, "Links": [["from", "to", "kind"]]})})
    assert got == ["m.xlsx[Services]:6: the sheet has more than 5 rows; refused"]


def test_read_folder_takes_a_workbook_path(tmp_path):
    book = tmp_path / "Map.xlsx"
    book.write_bytes(demo_book())
    assert list(read_folder(book)) == ["Map.xlsx"]


def test_a_sheet_stretched_to_the_last_column_is_refused_and_a_gap_costs_nothing(monkeypatch):
    rows = csv_rows(DEMO / "services.csv")[:4]
    data = book_bytes({"Services": rows, "Links": [["from", "to", "kind"]]})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Services"]
    for r in range(5, 40):
        ws.cell(row=r, column=16384, value="x")  # every row as wide as Excel allows
    ws.cell(row=900_000, column=1, value="late")  # far below, after a long gap
    out = io.BytesIO()
    wb.save(out)
    monkeypatch.setattr(workbook, "MAX_CELLS", 100_000)
    got = problems_of({"m.xlsx": out.getvalue()})
    assert got == ["m.xlsx[Services]:11: the sheet has more than 100,000 cells; refused"]
    monkeypatch.undo()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Services"]
    ws.cell(row=3, column=300, value="far right")
    ws.cell(row=900_000, column=1, value="late")
    out = io.BytesIO()
    wb.save(out)
    got = problems_of({"m.xlsx": out.getvalue()})
    assert "m.xlsx[Services]:1: warning: only the first 200 columns are read" in got
    assert any(p.startswith("m.xlsx[Services]:900000: 'name' is empty") for p in got)
