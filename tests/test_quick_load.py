"""The loader's quick path for plainly right rows gives exactly what the cell-by-cell checks give.

`load._QUICK` lets rows that need no message skip the `Cells` reader. On random rows — right
ones, and ones with the slips councils make (odd case, spaces, unknown or repeated tags,
bad yes/no, coordinates out of range or half given, repeated or empty ids, links to unknown
services or to themselves) — the map, or the full list of problems, must be the same with
the quick path on and off.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.problems import MapError
from journeymap.read import load

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


def _outcome(files: dict[str, bytes], quick: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(load, "_QUICK", quick)
    try:
        return load.parse_map(files)
    except MapError as exc:
        return [str(p) for p in exc.problems]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(folders())
def test_quick_rows_load_exactly_as_checked_rows(files):
    with pytest.MonkeyPatch.context() as mp:
        assert _outcome(files, True, mp) == _outcome(files, False, mp)


def test_the_quick_path_is_taken_for_plain_rows(demo_dir, monkeypatch):
    """Guard against the quick path silently never applying (the test above would still pass)."""
    calls = []
    original = load._quick_link

    def counting(*args):
        result = original(*args)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(load, "_quick_link", counting)
    load.load_map(demo_dir)
    assert calls and all(calls)
