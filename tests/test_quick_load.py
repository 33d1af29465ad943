"""Plainly right rows, which the loader builds without the cell-by-cell reader, load exactly as
rows read cell by cell.

A services or links row whose every cell is written as the contract spells it is built straight
from the plain readings of `journeymap.read.cells`; any other row is read by `Cells`, with its
messages. To compare the two ways, each random folder is loaded as it is and *roughened*: every
service type and link kind that is plainly right is written in capitals, which means the same
but is not plain, so every row of the roughened folder goes through `Cells` (counted here).
On right rows and on the slips councils make (odd case, spaces, unknown or repeated tags, bad
yes/no, coordinates out of range or half given, repeated or empty ids, links to unknown
services or to themselves) the map, or the full list of problems, must be the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.problems import MapError
from journeymap.read.cells import Cells
from journeymap.read.load import load_map, parse_map, read_folder
from journeymap.vocab import LINK_KINDS, SERVICE_TYPES

IDS = ("a", "b", "c", "d", "b", "", "e f", "c.1")
TYPES = ("gp", "GP", "drug_alcohol_treatment", "Drug alcohol treatment", "midwife", "", "other")
AREAS = ("A", "national", "National", "", "B")
BOOLS = ("", "yes", "no", "Y", "TRUE", "0", "maybe", "1")
OFFERS = (
    "",
    "idva",
    "idva;creche",
    "idva; creche",
    "idva;idva",
    "creche;",
    "Women-Only-Group",
    "xx",
)
COORDS = (
    ("", ""),
    ("52.1", "-1.2"),
    ("91", "0"),
    ("nan", "1"),
    ("52", ""),
    ("x", "1"),
    ("-90", "180"),
)
KINDS = ("referral", "Referral", "co-location", "joint_working", "", "friendship")


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


@st.composite
def folders(draw: st.DrawFn) -> dict[str, bytes]:
    header = ["id", "name", "type", "area", "women_only", "offers", "latitude", "longitude"]
    header += draw(st.sampled_from(([], ["phone"], ["provider", "url"])))
    services = [header]
    for _ in range(draw(st.integers(1, 6))):
        lat, lon = draw(st.sampled_from(COORDS))
        row = [
            draw(st.sampled_from(IDS)),
            draw(st.sampled_from(("Hope", "", "=cmd"))),
            draw(st.sampled_from(TYPES)),
            draw(st.sampled_from(AREAS)),
            draw(st.sampled_from(BOOLS)),
            draw(st.sampled_from(OFFERS)),
            lat,
            lon,
        ]
        services.append(row + ["x"] * (len(header) - len(row)))
    links = [["from", "to", "kind", "two_way", "formal", "notes"]]
    for _ in range(draw(st.integers(0, 6))):
        links.append(
            [
                draw(st.sampled_from(("a", "b", "c", "zz", ""))),
                draw(st.sampled_from(("a", "b", "c", "zz", ""))),
                draw(st.sampled_from(KINDS)),
                draw(st.sampled_from(BOOLS)),
                draw(st.sampled_from(BOOLS)),
                "note",
            ]
        )
    return {"services.csv": _csv(services), "links.csv": _csv(links)}


def roughened(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same folder with every plainly right type and kind in capitals: the same meaning,
    and no message changes (a right cell is never quoted), but no row is plain any more."""
    out = dict(files)
    for name, column, codes in (
        ("services.csv", "type", SERVICE_TYPES),
        ("links.csv", "kind", LINK_KINDS),
    ):
        header, *rows = _rows(files[name])
        at = header.index(column)
        for row in rows:
            if row[at] in codes:
                row[at] = row[at].upper()
        out[name] = _csv([header, *rows])
    return out


@contextmanager
def rows_read_by_cells(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, int]]]:
    """(file, line) of every row the cell-by-cell reader is made for, while the block runs."""
    made: list[tuple[str, int]] = []
    original = Cells.__init__

    def counting(self: Cells, file, row, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        made.append((file, row.line))
        original(self, file, row, *args, **kwargs)

    with monkeypatch.context() as mp:
        mp.setattr(Cells, "__init__", counting)
        yield made


def outcome(files: dict[str, bytes]) -> object:
    try:
        return parse_map(files)
    except MapError as exc:
        return [str(p) for p in exc.problems]


def data_lines(files: dict[str, bytes], name: str) -> set[tuple[str, int]]:
    """(file, line) of every row of a file written by `_csv` (one line a row) that is not blank."""
    return {(name, n) for n, row in enumerate(_rows(files[name]), start=1) if n > 1 and any(row)}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(folders())
def test_plain_rows_load_exactly_as_rows_read_cell_by_cell(files):
    rough = roughened(files)
    with pytest.MonkeyPatch.context() as mp, rows_read_by_cells(mp) as made:
        careful = outcome(rough)
    # The roughened folder really was read cell by cell, every row of it.
    assert data_lines(rough, "services.csv") | data_lines(rough, "links.csv") <= set(made)
    assert outcome(files) == careful


def test_the_plain_way_is_taken_for_plain_rows(demo_dir, monkeypatch):
    """Guard against the plain way silently never applying (the test above would still pass)."""
    with rows_read_by_cells(monkeypatch) as made:
        plain = load_map(demo_dir)
    assert plain.services and plain.links
    assert not [m for m in made if m[0].endswith(("services.csv", "links.csv"))]
    with rows_read_by_cells(monkeypatch) as made:
        careful = parse_map(roughened(read_folder(demo_dir)), str(demo_dir))
    read = {file.rsplit("/", 1)[-1] for file, _ in made}
    assert {"services.csv", "links.csv"} <= read
    assert careful == plain
