"""The app reads a workbook as it reads a folder: uploaded, or given with `--map BOOK.xlsx`."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_app import APP, TIMEOUT, metrics, start
from test_workbook import DEMO, book_bytes, csv_rows, demo_book

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_book(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload").set_value([(name, data, XLSX)])
    return at.run()


def test_an_uploaded_workbook_shows_the_same_map_as_the_folder(monkeypatch):
    folder = start(monkeypatch)
    expected = metrics(folder)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    upload_book(at, "Demo map.xlsx", demo_book())
    assert not at.exception and not at.error
    assert at.subheader[0].value == "Ashcombe"
    assert metrics(at) == expected
    assert at.sidebar.caption[0].value.startswith("Showing your upload")


def test_an_uploaded_workbook_with_errors_names_sheet_and_row(monkeypatch):
    rows = csv_rows(DEMO / "services.csv")
    rows[3][2] = "midwife"
    at = start(monkeypatch)
    upload_book(
        at, "mine.xlsx", book_bytes({"Services": rows, "Links": csv_rows(DEMO / "links.csv")})
    )
    assert not at.exception
    assert at.error
    assert at.code[0].value.splitlines() == [
        "mine.xlsx[Services]:4: type 'midwife' is not a service type (did you mean 'midwifery'?)"
    ]


def test_the_app_opens_a_workbook_given_with_map(monkeypatch, tmp_path):
    book = tmp_path / "demo.xlsx"
    book.write_bytes(demo_book())
    expected = metrics(start(monkeypatch))
    at = start(monkeypatch, argv=("app.py", "--map", str(book)))
    assert not at.exception and not at.error
    assert metrics(at) == expected
