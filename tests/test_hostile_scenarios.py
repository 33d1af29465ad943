"""Hostile scenario files: refused with a clear FILE:LINE message, quickly, never a traceback.

A scenario can be uploaded in the app, so it is read as hostile: deep nesting (Python's TOML
reader recurses once per bracket), keys with thousands of dotted parts (its memory grows with the
square of their number), huge files and arrays, thousands of changes, wrong types, unknown
tables, binary junk. Generated documents (hypothesis) check the same promise more widely.
"""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import MapError, load_map
from journeymap.resources import DATA_DIR
from journeymap.scenario.changes import TABLES
from journeymap.scenario.read import (
    MAX_CHANGES,
    MAX_DOTS,
    MAX_NESTING,
    MAX_SCENARIO_BYTES,
    parse_scenario,
)

DEMO = load_map(DATA_DIR / "demo")
SCALE = int(os.environ.get("JOURNEYMAP_FUZZ", "1"))
HEAD = b'name = "x"\n'


def refused(data: bytes) -> list[str]:
    """Every problem told for `data`, checked to be one `scenario.toml:LINE: …` line each."""
    start = time.perf_counter()
    with pytest.raises(MapError) as info:
        parse_scenario(data, DEMO)
    assert time.perf_counter() - start < 5, "refusing took too long"
    told = [str(p) for p in info.value.problems]
    for line in told:
        assert line.startswith("scenario.toml:") and "\n" not in line, line
        assert int(line.split(":")[1]) >= 1
    return told


@pytest.mark.parametrize(
    "data, message",
    [
        (
            HEAD + b"x = " + b"[" * 100_000 + b"]" * 100_000,
            f"scenario.toml:2: brackets are nested more than {MAX_NESTING} deep here",
        ),
        (
            HEAD + b"x = " + b"{a = " * 50_000 + b"1" + b"}" * 50_000,
            f"scenario.toml:2: brackets are nested more than {MAX_NESTING} deep here",
        ),
        (
            HEAD + b".".join([b"a"] * 30_000) + b" = 1\n",
            f"scenario.toml:2: this line has more than {MAX_DOTS} dots outside quotes",
        ),
        (
            HEAD + b"[" + b".".join([b"a"] * 30_000) + b"]\n",
            f"scenario.toml:2: this line has more than {MAX_DOTS} dots outside quotes",
        ),
        (
            b'name = "' + b"x" * (MAX_SCENARIO_BYTES + 1) + b'"\n',
            "scenario.toml:1: the scenario is 1,024 KB; a scenario holds a few changes",
        ),
        (
            HEAD + b'[[remove_service]]\nid = "fen-gp-1"\n' * (MAX_CHANGES + 1),
            f"scenario.toml:1: the scenario makes {MAX_CHANGES + 1:,} changes; the limit is",
        ),
        (bytes(range(256)) * 4, "scenario.toml:1: the scenario is not UTF-8 text"),
        ('name = "x"'.encode("utf-16"), "scenario.toml:1: the scenario is not UTF-8 text"),
        (b"name = 'x\x00'\n", "scenario.toml:1: this is not valid TOML"),
        (b"GIF89a" + b"\x00" * 64, "scenario.toml:1: this is not valid TOML"),
        (HEAD + b"[[explode]]\na = 1\n", "scenario.toml:2: 'explode' is not part of a scenario"),
        (HEAD + b"[evil]\nb = 2\n", "scenario.toml:2: 'evil' is not part of a scenario"),
        (
            b"name = 5\n[[remove_service]]\nid = 'fen-gp-1'\n",
            "scenario.toml:1: 'name' should be text",
        ),
        (
            HEAD + b"add_service = [1, 2, 3]\n",
            "scenario.toml:2: 'add_service' should be a list of [[add_service]] tables",
        ),
        (
            HEAD + b"[[add_link]]\nfrom = {a = 1}\nto = 'fen-treatment'\nkind = 'referral'\n",
            "scenario.toml:2: [[add_link]] #1: 'from' should be text, yes/no or a number, not dict",
        ),
        (
            HEAD + b"[[add_link]]\nfrom = 'fen-gp-1'\nto = 'fen-treatment'\n"
            b"kind = 1979-05-27T07:32:00Z\n",
            "scenario.toml:2: [[add_link]] #1: 'kind' should be text, yes/no or a number, not datetime",
        ),
        (
            HEAD + b'[[remove_service]]\nid = "a\\nb"\n',
            "scenario.toml:2: [[remove_service]] #1: id 'a\\nb' is not a service in the map",
        ),
    ],
    ids=[
        "deep-arrays",
        "deep-inline-tables",
        "dotted-key",
        "dotted-table-header",
        "huge-file",
        "too-many-changes",
        "binary",
        "utf-16",
        "nul",
        "gif",
        "unknown-array-table",
        "unknown-table",
        "wrong-type-name",
        "array-of-numbers",
        "inline-table-as-cell",
        "datetime-as-cell",
        "newline-in-id",
    ],
)
def test_attacks_are_refused_with_a_clear_message(data, message):
    told = refused(data)
    assert any(t.startswith(message) for t in told), told


def test_a_huge_array_is_read_as_one_bad_cell_quickly():
    data = HEAD + b"[[remove_service]]\nid = [" + b",".join([b'"a"'] * 100_000) + b"]\n"
    told = refused(data)
    assert told[0].startswith("scenario.toml:2: [[remove_service]] #1: id 'a;a;a")
    assert len(told[0]) < 1000  # the message is cut, not 200 KB long


def test_the_limits_leave_room_for_real_scenarios():
    """Every shipped example is far inside the limits, and dots in text never count."""
    for path in sorted((DATA_DIR.parent / "scenarios").glob("*.toml")):
        assert len(path.read_bytes()) < MAX_SCENARIO_BYTES // 100, path
        parse_scenario(path.read_bytes(), DEMO, path.name)
    dots = "." * 200
    text = (
        f'name = "{dots}"\ndescription = """{dots}\n[[[[[[[[[[[[[[[[[[[[ {dots}"""\n'
        f"based_on = '{dots}' # {dots} [[[[[[[[[[[[[[[[[[[[[\n"
        '[[add_offers]]\nservice = "fen-treatment"\noffers = ["creche"]\n'
    )
    assert parse_scenario(text, DEMO).name == dots


# --- generated documents -------------------------------------------------------------------

keys = st.sampled_from(
    [
        *TABLES,
        "name",
        "description",
        "based_on",
        "id",
        "from",
        "to",
        "kind",
        "offers",
        "service",
        "two_way",
        "formal",
        "x",
        "a.b",
        '"quoted key"',
    ]
)
scalars = (
    st.text(max_size=20)
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.sampled_from(["fen-gp-1", "fen-treatment", "referral", "creche", "Fenmoor"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=12,
)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A TOML document of scenario-like shape: top-level values and [[table]] entries."""
    lines = [
        f"{k} = {toml_value(draw(values))}" for k in draw(st.lists(keys, max_size=3, unique=True))
    ]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(f"[[{draw(keys)}]]")
        for k in draw(st.lists(keys, max_size=4, unique=True)):
            lines.append(f"{k} = {toml_value(draw(values))}")
    return "\n".join(lines) + "\n"


FUZZ = settings(
    max_examples=100 * SCALE,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(documents())
def test_generated_scenarios_are_read_or_refused_with_file_and_line(text):
    try:
        scenario = parse_scenario(text, DEMO)
    except MapError as exc:
        assert exc.errors
        for p in exc.problems:
            assert str(p).startswith(f"scenario.toml:{p.line}: ") and "\n" not in str(p)
            assert 1 <= p.line <= text.count("\n") + 1, str(p)
        return
    assert scenario.name and not scenario.is_empty


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_junk_is_refused_with_file_and_line(data):
    with pytest.raises(MapError) as info:
        parse_scenario(data, DEMO)
    assert all(str(p).startswith("scenario.toml:") for p in info.value.problems)
