"""services.csv and links.csv read column by column load exactly as read row by row.

`parse_map` splits a plainly written file straight into columns (`read.columns`), checks each
column at once and reads only the doubtful rows cell by cell (`read.fastload`); with
`load.COLUMNAR = False` every file is read as before, one `csv` row and one row check at a time
(`csvtable.read_table`, `read.rows`). Here many random folders, tidy and untidy (spaces round
cells, formula guards, blank rows, CRLF, a byte-order mark, quotes, tabs, Windows-1252, rows
of the wrong width, names for ids, ids and links given twice, unknown codes, extra columns,
missing optional columns), must give the same map or the same problems, in the same order,
both ways. The pieces are checked against their plain counterparts too: the models `built`
against pydantic's validation, `plain_columns` against `read_table`, the places index and
`unlinked_areas` against the straightforward implementations they replaced (kept here).

Set HYPOTHESIS_PROFILE=thorough for many more examples.
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from journeymap.models import Journey, Link, Service, ServiceMap, Step
from journeymap.problems import MapError, Problems
from journeymap.read import load
from journeymap.read.columns import columns_of, plain_columns
from journeymap.read.coverage import unlinked_areas
from journeymap.read.csvtable import read_table
from journeymap.read.fastload import built
from journeymap.read.load import parse_map, read_folder
from journeymap.read.places import (
    CLOSE,
    MIN_LENGTH,
    TYPE_WORDS,
    _forms,
    _journey_area,
    _key,
    _words,
    place_warnings,
)
from journeymap.resources import DATA_DIR
from journeymap.vocab import NATIONAL

settings.register_profile(
    "columnar-ci",
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "columnar-thorough",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = settings.get_profile(
    "columnar-thorough" if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else "columnar-ci"
)

IDS = ("a", "b", "c", "d", "e.1", "f-2", "b", "", "g h", "Hope")
NAMES = ("Hope", "Hope House", "", "Ash GP", "=cmd", "'=1", "A&E", "hope  house")
TYPES = ("gp", "GP", "hospital", "drug_alcohol_treatment", "Drug alcohol treatment", "", "xx")
AREAS = ("A", "B", "national", "National", "", "a ", "B")
BOOLS = ("", "yes", "no", "Y", "TRUE", "0", "maybe", "1", "n")
OFFERS = ("", "idva", "idva;creche", "idva; creche", "idva;idva", "creche;", "xx", ";;")
COORDS = (("", ""), ("52.1", "-1.2"), ("91", "0"), ("nan", "1"), ("52", ""), ("x", "1"))
KINDS = ("referral", "Referral", "co_location", "co-location", "joint_working", "", "x")
ENDS = ("a", "b", "c", "d", "zz", "", "Hope", "Ash GP", "hope house", "e.1")
#: Ways a cell may be written around its value: as it is, or as people leave it.
DRESS = ("{}", "{}", "{}", "{}", " {}", "{} ", "\t{}", "{}\u00a0", "'{}", "'={}")
PLACES = ("A&E", "hospital", "my GP", "Hope", "hope house", "Hope Hous", "home", "", "a e")
#: The values of a folder that should load: right, or right once trimmed.
TIDY = {
    "name": ("Hope", "Hope House", "Ash GP", "A&E", "hope  house", "Élan"),
    "type": ("gp", "hospital", "drug_alcohol_treatment", "GP"),
    "area": ("A", "B", "national", "a", "A "),
    "women_only": ("", "yes", "no", "Y"),
    "offers": ("", "idva", "idva;creche", "xx", "idva;idva"),
    "kind": ("referral", "co_location", "joint_working", "Referral"),
    "bool": ("", "yes", "no", "1"),
    "ends": ("a", "b", "c", "d", "Hope", "Ash GP", "e.1"),
}
TIDY_DRESS = ("{}", "{}", "{}", "{}", "{}", " {}", "{} ", "\t{}", "{}\u00a0")


def _cell(draw: st.DrawFn, values: Sequence[str], dress: Sequence[str] = DRESS) -> str:
    return draw(st.sampled_from(dress)).format(draw(st.sampled_from(values)))


def _text(draw: st.DrawFn, rows: list[list[str]], tidy: bool) -> bytes:
    """The rows as a CSV file, written plainly or untidily (quotes, CRLF, BOM, tabs, blank
    lines, cp1252, a short or long row)."""
    if tidy and draw(st.booleans()):
        return "".join(",".join(row) + "\n" for row in rows).encode()
    quote = draw(st.booleans())
    lines = [",".join(f'"{c}"' if quote and c else c for c in row) for row in rows]
    for _ in range(draw(st.integers(0, 2))):  # blank rows, empty or of commas
        at = draw(st.integers(1, len(lines)))
        lines.insert(at, draw(st.sampled_from(("", ",,", " "))))
    if len(lines) > 1 and not tidy and draw(st.integers(0, 9)) == 0:  # a row of the wrong width
        at = draw(st.integers(1, len(lines) - 1))
        lines[at] = lines[at] + draw(st.sampled_from((",", ",x", "")))
        lines[at] = lines[at].rsplit(",", 1)[0] if draw(st.booleans()) else lines[at]
    end = draw(st.sampled_from(("\n", "\n", "\r\n", "")))
    text = end.join(lines) + draw(st.sampled_from(("", end, end + end)))
    if draw(st.integers(0, 9)) == 0:
        text = text.replace(",", "\t")
    data = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 14)) == 0:
        data = text.encode("cp1252", "replace") + b"\xe9"
    return data


@st.composite
def folders(draw: st.DrawFn) -> dict[str, bytes]:
    """A folder of services and links (and sometimes journeys): tidy (it should load, maybe
    with warnings) or not (any slip at all)."""
    tidy = draw(st.booleans())
    header = ["id", "name", "type", "area"]
    header += draw(st.sampled_from(([], ["women_only", "offers"], ["women_only"])))
    header += draw(st.sampled_from(([], ["latitude", "longitude"], ["phone", "also_known_as"])))
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    services = [header]
    ids = ["a", "b", "c", "d", "e.1", "f-2", "g"]
    for k in range(draw(st.integers(0, 7))):
        lat, lon = draw(st.sampled_from(COORDS[:2] if tidy else COORDS))
        if tidy:
            values = {
                col: _cell(draw, TIDY[col], TIDY_DRESS)
                for col in ("name", "type", "area", "women_only", "offers")
            }
            values["id"] = ids[k]
        else:
            values = {
                "id": _cell(draw, IDS),
                "name": _cell(draw, NAMES),
                "type": _cell(draw, TYPES),
                "area": _cell(draw, AREAS),
                "women_only": _cell(draw, BOOLS),
                "offers": _cell(draw, OFFERS),
            }
        values.update(
            latitude=lat,
            longitude=lon,
            phone="0116",
            also_known_as=draw(st.sampled_from(("", "the hub", "A&E;the hub"))),
        )
        services.append([values[h] for h in header])
    link_header = ["from", "to", "kind"]
    link_header += draw(st.sampled_from(([], ["two_way", "formal"], ["formal", "notes", "x"])))
    links = [link_header]
    known = [row[header.index("id")] for row in services[1:]] if tidy else []
    for _ in range(draw(st.integers(0, 8))):
        if tidy and len(known) > 1:
            source, target = draw(st.lists(st.sampled_from(known), min_size=2, max_size=2))
            if source == target or draw(st.integers(0, 5)) == 0:
                source = _cell(draw, TIDY["ends"], TIDY_DRESS)
            values = {
                "from": source,
                "to": target,
                "kind": _cell(draw, TIDY["kind"], TIDY_DRESS),
                "two_way": _cell(draw, TIDY["bool"], TIDY_DRESS),
                "formal": _cell(draw, TIDY["bool"], TIDY_DRESS),
            }
        else:
            values = {
                "from": _cell(draw, ENDS),
                "to": _cell(draw, ENDS),
                "kind": _cell(draw, KINDS),
                "two_way": _cell(draw, BOOLS),
                "formal": _cell(draw, BOOLS),
            }
        values.update(notes="note", x=draw(st.sampled_from(("", "1"))))
        links.append([values[h] for h in link_header])
    if len(links) > 2 and draw(st.booleans()):
        links.append(list(links[1]))  # a link given twice
    files = {
        "services.csv": _text(draw, services, tidy),
        "links.csv": _text(draw, links, tidy),
    }
    if draw(st.booleans()):
        steps = [["journey", "step", "service", "place"]]
        for k in range(draw(st.integers(1, 4))):
            service = draw(st.sampled_from(("", "a") if tidy else ("", "a", "Hope", "zz")))
            place = "" if service and draw(st.booleans()) else draw(st.sampled_from(PLACES))
            place = place or ("" if service else "home")
            steps.append([f"J0{k % 2}", str(k), service, place])
        files["journeys.csv"] = "\n".join(",".join(r) for r in steps).encode()
    return files


def outcome(files: dict[str, bytes], columnar: bool) -> ServiceMap | list[str]:
    before = load.COLUMNAR
    load.COLUMNAR = columnar
    try:
        return parse_map(files, "m")
    except MapError as exc:
        return [str(p) for p in exc.problems]
    finally:
        load.COLUMNAR = before


@PROFILE
@given(folders())
def test_columnar_load_is_the_row_by_row_load(files):
    rows = outcome(files, columnar=False)
    columns = outcome(files, columnar=True)
    assert columns == rows
    if isinstance(rows, ServiceMap):
        assert isinstance(columns, ServiceMap)
        assert [s.__dict__ for s in columns.services] == [s.__dict__ for s in rows.services]
        assert [ln.__dict__ for ln in columns.links] == [ln.__dict__ for ln in rows.links]


def test_the_demo_and_hostile_examples_load_the_same_both_ways():
    demo = read_folder(DATA_DIR / "demo")
    assert outcome(demo, columnar=True) == outcome(demo, columnar=False)
    links = demo["links.csv"].decode()
    for damaged in (
        links.replace("referral", " Referral", 3),
        links.replace("\n", "\r\n"),
        links.replace(",yes,", ",maybe,", 2),
        links + links.split("\n", 1)[1],  # every link twice
        links.replace("\n", "\n,,,,,\n", 2),  # blank rows of commas only
        links.replace("\n", "\n\n", 2) + "\n\n",  # empty lines
        links.replace(",referral,", ", referral ,", 4),
        links.replace("ash-treatment-hub,", "Ashcombe Recovery Partnership - Central Hub,"),
    ):
        files = {**demo, "links.csv": damaged.encode()}
        assert outcome(files, columnar=True) == outcome(files, columnar=False)


def test_a_workbook_loads_the_same_both_ways():
    """Sheets are read as tables and then held column by column: the same checks."""
    import csv
    import io

    import openpyxl

    demo = read_folder(DATA_DIR / "demo")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("services", "links"):
        ws = wb.create_sheet(name)
        rows = list(csv.reader(io.StringIO(demo[f"{name}.csv"].decode("utf-8-sig"))))
        rows[3][2] = " Referral " if name == "links" else rows[3][2].upper()
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    files = {"map.xlsx": out.getvalue()}
    assert outcome(files, columnar=True) == outcome(files, columnar=False)
    assert isinstance(outcome(files, columnar=True), ServiceMap)


def test_a_plainly_written_file_is_split_without_the_csv_reader():
    """Guard against the plain way silently never applying (the tests above would pass)."""
    demo = read_folder(DATA_DIR / "demo")
    plain = plain_columns(demo["links.csv"], "links.csv", required=["from", "to", "kind"])
    assert plain is not None and len(plain) > 10
    assert plain.lines == range(2, len(plain) + 2)
    # The demo's services.csv quotes its descriptions: read by read_table, then held so.
    assert plain_columns(demo["services.csv"], "s.csv", required=["id"]) is None


def test_equal_cells_are_held_as_one_object():
    """Link ends are their services' ids, and types, offers and kinds the vocabulary's own
    strings: one object each, not one per cell (memory, and the pages a forked process
    copies). Plainly written files, so the column reader is the one that loads them."""
    services = "id,name,type,area,offers\n" + "".join(
        f"s{i},Service {i},gp,Elmfield,creche;interpreters\n" for i in range(1, 5)
    )
    links = "from,to,kind\ns1,s2,referral\ns2,s3,referral\ns3,s4,co_location\n"
    smap = parse_map({"services.csv": services.encode(), "links.csv": links.encode()})
    service_id = {s.id: s.id for s in smap.services}
    assert all(link.source is service_id[link.source] for link in smap.links)
    assert all(link.target is service_id[link.target] for link in smap.links)
    assert len({id(s.type) for s in smap.services}) == 1
    assert len({id(s.offers) for s in smap.services}) == 1  # one tuple for the same cell
    assert smap.links[0].kind is smap.links[1].kind
    assert [s.offers for s in smap.services] == [("creche", "interpreters")] * 4


@PROFILE
@given(folders())
def test_plain_columns_hold_the_rows_read_table_reads(files):
    for name, required in (("services.csv", ["id", "name"]), ("links.csv", ["from", "to"])):
        plain = plain_columns(files[name], name, required=required)
        if plain is None:
            continue
        problems = Problems()
        table = read_table(files[name], name, problems, required=required)
        assert table is not None and not problems.items
        assert plain.header == table.header
        assert [plain.row(i) for i in range(len(plain))] == table.rows
        assert columns_of(table) == plain or list(plain.lines) == [r.line for r in table.rows]


@pytest.mark.parametrize("model", [Service, Link])
def test_built_models_are_the_models_validation_makes(model):
    if model is Service:
        fields = [
            {
                "id": f"s{i}",
                "name": "Hope",
                "type": "gp",
                "area": "A",
                "provider": "",
                "women_only": bool(i % 2),
                "offers": ("idva",) * (i % 2),
                "postcode": "",
                "latitude": 52.5 if i else None,
                "longitude": -1.0 if i else None,
                "url": "",
                "description": "",
                "extra": {"phone": "1"} if i else {},
                "line": i + 2,
            }
            for i in range(3)
        ]
    else:
        fields = [
            {
                "source": "a",
                "target": f"b{i}",
                "kind": "referral",
                "two_way": bool(i),
                "formal": False,
                "notes": "",
                "extra": {},
                "line": i + 2,
            }
            for i in range(3)
        ]
    validated = TypeAdapter(list[model]).validate_python([dict(f) for f in fields])
    made = built(model, [dict(f) for f in fields])
    assert made == validated
    for a, b in zip(made, validated, strict=True):
        assert type(a) is type(b)
        assert a.__dict__ == b.__dict__ and list(a.__dict__) == list(b.__dict__)
        assert [type(v) for v in a.__dict__.values()] == [type(v) for v in b.__dict__.values()]
        assert a.model_fields_set == b.model_fields_set
        assert a.__pydantic_extra__ == b.__pydantic_extra__
        assert a.__pydantic_private__ == b.__pydantic_private__
        assert a.model_dump() == b.model_dump() and repr(a) == repr(b)
        assert a.model_copy(update={"line": 9}) == b.model_copy(update={"line": 9})
        with pytest.raises(ValidationError):  # frozen, as validated models are
            a.line = 1  # type: ignore[misc]


# --- the straightforward implementations the quick ones replaced ---------------------------


class ReferenceIndex:
    """read.places' index as it was: a dict of every text, every length, every (type, area)."""

    def __init__(self, services: Sequence[Service]):
        self.by_text: dict[str, list[Service]] = {}
        self.by_length: dict[int, list[tuple[Service, str]]] = {}
        self.by_type_area: dict[tuple[str, str], list[Service]] = {}
        for s in services:
            name = _key(s.name)
            self.by_text.setdefault(name, []).append(s)
            if s.id.casefold() != name:
                self.by_text.setdefault(s.id.casefold(), []).append(s)
            self.by_length.setdefault(len(name), []).append((s, name))
            for other in s.also_known_as:
                known = _key(other)
                if known and known != name:
                    self.by_text.setdefault(known, []).append(s)
                    self.by_length.setdefault(len(known), []).append((s, known))
            self.by_type_area.setdefault((s.type, s.area), []).append(s)

    def match(self, place: str, area: str | None) -> Service | None:
        if not _words(place):
            return None
        forms = dict.fromkeys((_key(place), *_forms(place)))
        same = {s.id: s for text in forms for s in self.by_text.get(text, ())}
        text = _key(place)
        if same or len(text) < MIN_LENGTH:
            named = list(same.values())
        else:
            matcher = difflib.SequenceMatcher(None, "", text)
            near = []
            low = max(MIN_LENGTH, math.ceil(len(text) * CLOSE / (2 - CLOSE)))
            high = math.floor(len(text) * (2 - CLOSE) / CLOSE)
            for length in range(low, high + 1):
                for s, name in self.by_length.get(length, ()):
                    matcher.set_seq1(name)
                    if matcher.quick_ratio() >= CLOSE and matcher.ratio() >= CLOSE:
                        near.append(s)
            named = list({s.id: s for s in near}.values())
        if named:
            return named[0] if len(named) == 1 else None
        kinds = {TYPE_WORDS[t] for t in _forms(place) if t in TYPE_WORDS}
        if len(kinds) != 1 or not area or area == NATIONAL:
            return None
        of_type = self.by_type_area.get((kinds.pop(), area), [])
        return of_type[0] if len(of_type) == 1 else None


SERVICE_NAMES = (
    "Hope House",
    "hope  house",
    "Ash General Hospital",
    "Ash GP",
    "The Lantern Women's Centre",
    "Riverside Medical Practice",
    "Élan Clinic",
    "ÉLAN CLINIC",
    "Hope\u00a0House",
    "Straße Hub",
)
TYPED = (
    "A&E",
    "hospital",
    "my GP",
    "the hub",
    "hope house",
    "Hope Hous",
    "Riverside Medical Practise",
    "élan clinic",
    "strasse hub",
    "home",
    "s1",
    "S-2",
    "women's centre",
    "  ",
)


@st.composite
def mapped(draw: st.DrawFn) -> tuple[list[Service], list[Journey]]:
    services = [
        Service(
            id=f"s{i}" if draw(st.booleans()) else f"S-{i}",
            name=draw(st.sampled_from(SERVICE_NAMES)),
            type=draw(st.sampled_from(("hospital", "gp", "womens_centre", "other"))),
            area=draw(st.sampled_from(("A", "B", NATIONAL))),
            extra={"also_known_as": draw(st.sampled_from(("the hub", "A&E;Hope", "")))}
            if draw(st.booleans())
            else {},
            line=i + 2,
        )
        for i in range(draw(st.integers(0, 8)))
    ]
    journeys = []
    for j in range(draw(st.integers(1, 3))):
        steps = []
        for k in range(draw(st.integers(1, 3))):
            service = draw(st.sampled_from(["", *(s.id for s in services[:3])]))
            steps.append(
                Step(
                    journey=f"J{j}",
                    step=k,
                    service=service,
                    place=draw(st.sampled_from(TYPED)),
                    line=10 * j + k,
                )
            )
        journeys.append(Journey(code=f"J{j}", steps=tuple(steps)))
    return services, journeys


@PROFILE
@given(mapped())
def test_place_warnings_are_those_of_the_index_of_every_text(example):
    services, journeys = example
    index = ReferenceIndex(services)
    where = {s.id: s.area for s in services}
    expected = []
    for journey in journeys:
        area = _journey_area(journey, where)
        for step in journey.steps:
            if not step.service and step.place:
                match = index.match(step.place, area)
                if match is not None:
                    expected.append((step.line, match.id, match.name))
    got = [(p.line, p.message) for p in place_warnings(journeys, services)]
    assert [line for line, _ in got] == [line for line, _, _ in expected]
    for (_, message), (_, sid, name) in zip(got, expected, strict=True):
        assert f"'{name}' ({sid})" in message


def reference_unlinked(smap: ServiceMap) -> dict[str, int]:
    area_of = {s.id: s.area for s in smap.services}
    linked = {
        area_of.get(end, "")
        for link in smap.links
        if link.kind in ("referral", "joint_working")
        for end in (link.source, link.target)
    }
    counts: dict[str, int] = {}
    for s in smap.services:
        if s.area != NATIONAL and s.area not in linked:
            counts[s.area] = counts.get(s.area, 0) + 1
    return counts


@PROFILE
@given(folders())
def test_unlinked_areas_are_those_of_the_plain_count(files):
    smap = outcome(files, columnar=True)
    if isinstance(smap, ServiceMap):
        assert unlinked_areas(smap) == reference_unlinked(smap)


@PROFILE
@given(folders())
def test_check_says_what_loading_says(files):
    """`journeymap check` checks without a model per link (`check_map_files`): the same problems
    or warnings, links, areas and areas with no links as the loaded map."""
    from journeymap.models import area_names
    from journeymap.read.coverage import unlinked_in
    from journeymap.read.load import check_map_files

    smap = outcome(files, columnar=True)
    try:
        checked = check_map_files(files, "m")
    except MapError as exc:
        assert [str(p) for p in exc.problems] == smap
        return
    assert isinstance(smap, ServiceMap)
    assert checked.warnings == smap.warnings
    assert len(checked.links) == len(smap.links)
    assert checked.link_models() == list(smap.links)
    assert area_names(checked.services, checked.areas) == smap.area_names()
    assert unlinked_in(checked.services, checked.links) == reference_unlinked(smap)
