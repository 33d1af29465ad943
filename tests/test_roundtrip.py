"""Round trips: a map that loads, written back out by `write_map`, loads again as the same map.

The maps are generated as CSV (the way councils hand them over): any ids the contract allows,
free text with commas, quotes, line breaks, formulas and any Unicode, custom offer tags, extra
columns, journeys, areas, and sometimes the folder's own standards and personas. Equality covers
every field, extra columns included; only source line numbers and warnings may differ.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import MapError, load_map, parse_map
from journeymap.read.load import (
    AREA_COLUMNS,
    JOURNEY_COLUMNS,
    LINK_COLUMNS,
    SERVICE_COLUMNS,
    read_folder,
)
from journeymap.read.spreadsheet import unguard
from journeymap.read.write import map_files, write_map
from journeymap.resources import DATA_DIR
from journeymap.vocab import (
    BARRIERS,
    CIRCUMSTANCES,
    LINK_KINDS,
    OFFER_TAGS,
    SERVICE_TYPES,
    STAGES,
    normalise_token,
)
from journeymap.workshop.consent import Consent
from journeymap.workshop.store import StepEntry, Workshop

SCALE = int(os.environ.get("JOURNEYMAP_FUZZ", "1"))
KNOWN = {
    name
    for columns in (SERVICE_COLUMNS, LINK_COLUMNS, JOURNEY_COLUMNS, AREA_COLUMNS)
    for name in (*columns[0], *columns[1])
}


def comparable(value: Any) -> Any:
    """A model dump with source line numbers and warnings taken out (they may differ)."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in ("line", "warnings")}
    if isinstance(value, list | tuple):
        return [comparable(v) for v in value]
    return value


def same_map(a, b) -> None:
    assert comparable(a.model_dump()) == comparable(b.model_dump())


# --- strategies: cells as people type them -------------------------------------------------

#: Any character a loaded map can hold (NUL marks a binary file, so it never loads).
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
free_text = st.text(CHARS, max_size=24).map(str.strip)
nasty_text = st.sampled_from(
    [
        "=1+2",
        "'=1+2",
        "''-3",
        "'quoted'",
        "+44 116 496 0101",
        "-3",
        "@x",
        'say "hi"',
        "a,b",
        "two\nlines",
        "cr\ronly",
        "a\r\nb",
    ]
)
text = free_text | nasty_text
some_text = text.filter(bool)
ids = st.from_regex(r"[A-Za-z0-9_.-]{1,10}", fullmatch=True)
yes_no = st.sampled_from(["yes", "no", "Y", "n", "TRUE", "false", "1", "0", ""])
custom_tag = st.from_regex(r"[a-z][a-z_]{2,10}", fullmatch=True)
tags = st.lists(st.sampled_from(OFFER_TAGS) | custom_tag, max_size=4)
extra_names = st.lists(
    st.from_regex(r"[A-Za-z][A-Za-z0-9 _]{0,12}", fullmatch=True).filter(
        lambda n: normalise_token(n) not in KNOWN and not normalise_token(n).startswith("column_")
    ),
    max_size=3,
    unique_by=normalise_token,
)


def table(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8-sig")


@st.composite
def map_folders(draw: st.DrawFn) -> dict[str, bytes]:
    """The bytes of a map folder that should load (services, links, maybe journeys, areas...)."""
    service_ids = draw(st.lists(ids, min_size=2, max_size=8, unique=True))
    # Unique as the loader reads them: trimmed, and without a spreadsheet guard (`'=1` is `=1`).
    areas = draw(
        st.lists(some_text, min_size=1, max_size=3, unique_by=lambda a: unguard(a.strip()))
    )
    extra = draw(extra_names)
    services = []
    for sid in service_ids:
        located = draw(st.booleans())
        services.append(
            [
                sid,
                draw(some_text),
                draw(st.sampled_from(SERVICE_TYPES)).replace("_", draw(st.sampled_from("_ -"))),
                draw(st.sampled_from([*areas, "national", "National"])),
                draw(text),
                draw(yes_no),
                ";".join(draw(tags)),
                draw(text),
                repr(draw(st.floats(-90, 90))) if located else "",
                repr(draw(st.floats(-180, 180))) if located else "",
                draw(text),
                draw(text),
                *[draw(text) for _ in extra],
            ]
        )
    files = {
        "services.csv": table(
            [*SERVICE_COLUMNS[0][:2], "Type", "AREA", *SERVICE_COLUMNS[1], *extra],
            services,
        )
    }
    link_extra = draw(extra_names)
    links = []
    for _ in range(draw(st.integers(0, 10))):
        a, b = draw(st.lists(st.sampled_from(service_ids), min_size=2, max_size=2, unique=True))
        links.append(
            [a, b, draw(st.sampled_from(LINK_KINDS)), draw(yes_no), draw(yes_no), draw(text)]
            + [draw(text) for _ in link_extra]
        )
    files["links.csv"] = table(
        ["from", "to", "kind", "two_way", "formal", "notes", *link_extra], links
    )
    if draw(st.booleans()):
        journey_extra = draw(extra_names)
        rows = []
        codes = draw(
            st.lists(
                st.from_regex(r"[A-Z]{0,3}[0-9]{1,4}", fullmatch=True), max_size=3, unique=True
            )
        )
        for code in codes:
            for step in draw(st.lists(st.integers(0, 99), min_size=1, max_size=4, unique=True)):
                on_map = draw(st.booleans())
                rows.append(
                    [
                        code,
                        str(step),
                        draw(st.sampled_from(service_ids)) if on_map else "",
                        draw(text) if not on_map else draw(st.sampled_from(["", "A&E"])),
                        draw(st.sampled_from(["", *STAGES])),
                        draw(st.sampled_from(["", "-2", "-1", "0", "1", "2"])),
                        ";".join(draw(st.lists(st.sampled_from(BARRIERS), max_size=3))),
                        draw(yes_no),
                        ";".join(draw(st.lists(st.sampled_from(CIRCUMSTANCES), max_size=2))),
                        draw(text),
                        *[draw(text) for _ in journey_extra],
                    ]
                )
                if not rows[-1][2] and not rows[-1][3]:
                    rows[-1][3] = "a friend's sofa"
        files["journeys.csv"] = table(
            [*JOURNEY_COLUMNS[0], *JOURNEY_COLUMNS[1], *journey_extra],
            rows,
        )
    if draw(st.booleans()):
        files["areas.csv"] = table(
            ["area", "women_in_treatment", "estimated_women_need", "rural", "notes"],
            [
                [
                    area,
                    draw(st.sampled_from(["", "0", "140", "1,200"])),
                    draw(st.sampled_from(["", "610", "2000"])),
                    draw(yes_no),
                    draw(text),
                ]
                for area in areas
            ],
        )
    if draw(st.booleans()):  # the folder's own checklist: a few of the default rows
        for name in ("standards.csv", "personas.csv"):
            header, *rows = list(csv.reader(io.StringIO((DATA_DIR / name).read_text())))
            keep = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=3, unique_by=tuple))
            files[name] = table(header, keep)
    return files


@settings(max_examples=80 * SCALE, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(map_folders())
def test_any_loadable_map_survives_write_and_load(files):
    try:
        original = parse_map(files)
    except MapError as exc:  # the generator aims at valid maps; say why if one is not
        raise AssertionError("\n".join(str(p) for p in exc.errors)) from None
    written = map_files(original)
    again = parse_map(written)
    same_map(original, again)
    assert map_files(again) == written  # and writing is stable from then on


def test_the_demo_map_survives_write_and_load(demo_dir, tmp_path):
    original = load_map(demo_dir)
    write_map(original, tmp_path)
    same_map(original, load_map(tmp_path))
    assert set(read_folder(tmp_path)) == {
        "services.csv",
        "links.csv",
        "journeys.csv",
        "areas.csv",
        "actions.csv",
    }


def test_extra_columns_come_back_in_their_place():
    m = parse_map(
        {
            "services.csv": b"id,name,type,area,Phone Number,ward\r\ntx,T,gp,A,0100,North\r\n",
            "links.csv": b"from,to,kind,owner\r\n",
        }
    )
    again = parse_map(map_files(m))
    assert again.services[0].extra == {"phone_number": "0100", "ward": "North"}
    assert map_files(m)["services.csv"].splitlines()[0].endswith(b",phone_number,ward")


def test_a_cell_with_a_bare_carriage_return_is_quoted():
    m = parse_map(
        {
            "services.csv": b'id,name,type,area,description\ntx,T,gp,A,"one\rtwo"\n',
            "links.csv": b"from,to,kind\n",
        }
    )
    assert m.services[0].description == "one\rtwo"
    assert parse_map(map_files(m)).services[0].description == "one\rtwo"


def test_a_folders_own_standards_and_personas_are_written_too():
    standards = (DATA_DIR / "standards.csv").read_bytes().splitlines(keepends=True)
    files = {
        "services.csv": b"id,name,type,area\ntx,T,drug_alcohol_treatment,A\n",
        "links.csv": b"from,to,kind\n",
        "standards.csv": b"".join(standards[:3]),
    }
    m = parse_map(files)
    written = map_files(m)
    assert "standards.csv" in written and "personas.csv" not in written  # personas: defaults
    same_map(m, parse_map(written))
    defaults = parse_map({k: v for k, v in files.items() if k != "standards.csv"})
    assert "standards.csv" not in map_files(defaults)


# --- workshop journeys: export → import ------------------------------------------------------

note_text = (st.text(CHARS, max_size=40) | nasty_text).map(str.strip)
barrier = st.sampled_from(BARRIERS) | custom_tag
column = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda n: n not in KNOWN)


@st.composite
def workshop_journeys(draw: st.DrawFn) -> list[tuple[tuple[str, ...], list[StepEntry]]]:
    """Journeys as a facilitator enters them: circumstances, then steps."""
    extra_keys = draw(st.lists(column, max_size=2, unique=True))
    journeys = []
    for _ in range(draw(st.integers(1, 3))):
        steps = []
        for _ in range(draw(st.integers(1, 4))):
            on_map = draw(st.booleans())
            steps.append(
                StepEntry(
                    service=draw(st.sampled_from(["gp", "tx", "wc"])) if on_map else "",
                    place=draw(note_text.filter(bool)) if not on_map else draw(note_text),
                    stage=draw(st.sampled_from(["", *STAGES])),
                    feeling=draw(st.none() | st.integers(-2, 2)),
                    barriers=tuple(draw(st.lists(barrier, max_size=3, unique=True))),
                    helped_onward=draw(st.none() | st.booleans()),
                    note=draw(note_text),
                    extra={k: draw(note_text) for k in extra_keys},
                )
            )
        circumstances = tuple(
            draw(st.lists(st.sampled_from(CIRCUMSTANCES), max_size=3, unique=True))
        )
        journeys.append((circumstances, steps))
    return journeys


@settings(
    max_examples=25 * SCALE,
    deadline=timedelta(seconds=20),  # a workspace writes with fsync: slow on a busy disk
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(workshop_journeys())
def test_journeys_exported_from_a_workshop_import_as_the_same_journeys(tmp_path_factory, journeys):
    first = Workshop(tmp_path_factory.mktemp("ws"))
    for circumstances, steps in journeys:
        code = first.new_journey(Consent(pool=True))
        first.set_circumstances(code, circumstances)
        for entry in steps:
            first.add_step(code, entry)
    exported = first.export_csv()
    second = Workshop(tmp_path_factory.mktemp("ws"))
    codes = second.import_csv(exported, None)
    assert codes == first.codes()
    assert comparable([j.model_dump() for j in second.journeys()]) == comparable(
        [j.model_dump() for j in first.journeys()]
    )
    assert second.export_csv() == exported  # and exporting again gives the same file
