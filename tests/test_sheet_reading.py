"""The Edit map page's tables read a plainly written file with the fast splitter
(`columns.plain_columns`) and any other with the row reader: the same sheet either way."""

from __future__ import annotations

import pytest

from journeymap.read import mapedit

FILES = {
    "services.csv": [
        b"id,name,type,area\ngp,Dr X,gp,Ambridge\ntx,Tx,drug_alcohol_treatment,Ambridge\n",
        b"\xef\xbb\xbfID , Name,type,area,ward\r\ngp, Dr  X ,gp,Ambridge,North\r\n,,,,\r\n",
        b'id,name,type,area\ngp,"Smith, Jones and Partners",gp,Ambridge\n',
        b"id,name,type,area,notes\ngp,Dr X,gp,Ambridge,'=1+2\ntx,,,\n",
        b"id,name,type\ngp,Dr X,gp\n",  # no area column: the loader will say so
        b"id,name,type,area\n",
    ],
    "links.csv": [
        b"from,to,kind\ngp,tx,referral\n\ntx,gp,referral\n",
        b'from,to,kind,notes\ngp,tx,referral,"two\nlines"\n',
        b"from,to\ngp,tx\n",
    ],
}


@pytest.mark.parametrize(
    ("name", "data"), [(name, data) for name, files in FILES.items() for data in files]
)
def test_the_fast_read_gives_the_row_readers_sheet_and_lines(monkeypatch, name, data) -> None:
    fast, fast_lines = mapedit.read_sheet(data, name), mapedit.row_lines(data, name)
    monkeypatch.setattr(mapedit, "plain_columns", lambda *args, **kwargs: None)
    assert fast == mapedit.read_sheet(data, name)
    assert fast_lines == mapedit.row_lines(data, name)


def test_a_plain_file_is_read_by_the_fast_splitter(monkeypatch) -> None:
    # (so that the comparison above compares two ways of reading)
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the row reader was used")

    monkeypatch.setattr(mapedit, "read_table", refuse)
    sheet = mapedit.read_sheet(FILES["services.csv"][0], "services.csv")
    assert [r[:4] for r in sheet.rows] == [
        ("gp", "Dr X", "gp", "Ambridge"),
        ("tx", "Tx", "drug_alcohol_treatment", "Ambridge"),
    ]
    assert mapedit.row_lines(FILES["services.csv"][0], "services.csv") == {2: 0, 3: 1}
