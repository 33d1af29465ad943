"""Loading map folders: the spreadsheets councils keep, and every mistake told as FILE:LINE."""

import pytest

from journeymap import MapError, load_map, parse_map

SERVICES = b"id,name,type,area\ntx,Hope Street Recovery,drug_alcohol_treatment,Ashcombe\ngp,Riverside Practice,gp,Ashcombe\n"
LINKS = b"from,to,kind\ngp,tx,referral\n"


def errors(files: dict[str, bytes]) -> list[str]:
    with pytest.raises(MapError) as info:
        parse_map(files)
    return [str(p) for p in info.value.errors]


def test_excel_quirks_are_read_as_meant():
    services = (
        b"\xef\xbb\xbf ID , Name ,TYPE,Area,Women Only,offers,Phone\r\n"
        b"tx , Hope Street ,Drug Alcohol Treatment,Ashcombe,Y,women_only_group; creche,0100\r\n"
        b",,,,,,\r\n"
        b"\r\n"
        b"gp,Riverside,gp,Ashcombe,,,\r\n"
    )
    m = parse_map({"services.csv": services, "links.csv": LINKS})
    tx, gp = m.services
    assert (tx.id, tx.name, tx.type) == ("tx", "Hope Street", "drug_alcohol_treatment")
    assert tx.women_only and not gp.women_only
    assert tx.offers == ("women_only_group", "creche")
    assert tx.extra == {"phone": "0100"}  # unknown columns are kept, never dropped
    assert (tx.line, gp.line) == (2, 5)
    assert m.warnings == ()


def test_windows_1252_is_read_with_a_warning():
    services = "id,name,type,area\ntx,St Anne’s – café £,drug_alcohol_treatment,Ashcombe\n"
    m = parse_map({"services.csv": services.encode("cp1252"), "links.csv": b"from,to,kind\n"})
    assert m.services[0].name == "St Anne’s – café £"
    assert m.warnings == (
        "services.csv:1: warning: read as Windows-1252, not UTF-8 "
        "(Excel's 'CSV UTF-8' avoids this); check accents",
    )


def test_unknown_offer_tag_is_a_warning_and_kept():
    services = b"id,name,type,area,offers\ntx,T,drug_alcohol_treatment,A,creche;womens_group\n"
    m = parse_map({"services.csv": services, "links.csv": b"from,to,kind\n"})
    assert m.services[0].offers == ("creche", "womens_group")
    assert "services.csv:2: warning: 'womens_group' is not a known offer tag" in m.warnings[0]


def test_every_mistake_is_listed_at_once_with_its_line():
    services = (
        b"id,name,type,area,women_only,latitude,longitude\n"
        b"tx,Hope,drug_alcohol_treatment,A,,,\n"
        b"mw,Midwives,midwife,A,,,\n"  # unknown type
        b"tx,Again,gp,A,,,\n"  # duplicate id
        b"dv,Refuge,domestic_abuse,A,maybe,,\n"  # bad boolean
        b"wc,Centre,womens_centre,A,no,152.1,-1.2\n"  # latitude out of range
        b"ph,Pharmacy,pharmacy,A,no,52.1,-1.2,extra\n"  # ragged row
    )
    links = b"from,to,kind\ntx,gp1,referral\ntx,tx,referal\n"
    assert errors({"services.csv": services, "links.csv": links}) == [
        "services.csv:3: type 'midwife' is not a service type (did you mean 'midwifery'?)",
        "services.csv:4: id 'tx' is used twice (first on line 2); ids must be unique",
        "services.csv:5: women_only 'maybe' is not yes or no (use yes/no, y/n, true/false or 1/0)",
        "services.csv:6: latitude 152.1 is out of range (it must be between -90 and 90)",
        "services.csv:7: this row has 8 cells but the header has 7; "
        "a comma inside a cell needs the cell in double quotes",
        "links.csv:2: to 'gp1' is not a service id in services.csv (add it to services.csv)",
        "links.csv:3: the link goes from 'tx' to itself",
        "links.csv:3: kind 'referal' is not a link kind (did you mean 'referral'?)",
    ]


def test_link_to_a_mistyped_id_suggests_the_closest():
    links = b"from,to,kind\ngp,txx,referral\n"
    assert errors({"services.csv": SERVICES, "links.csv": links}) == [
        "links.csv:2: to 'txx' is not a service id in services.csv (did you mean 'tx'?)"
    ]


@pytest.mark.parametrize(
    ("services", "message"),
    [
        (b"id,name,area\ntx,T,A\n", "services.csv:1: required column 'type' is missing"),
        (
            b"id,name,service_type,area\ntx,T,gp,A\n",
            "services.csv:1: required column 'type' is missing (is 'service_type' meant to be 'type'? rename it)",
        ),
        (b"", "services.csv:1: the file is empty; it needs a header row such as id,name,type,area"),
        (
            b"\n\n  \n",
            "services.csv:1: the file is empty; it needs a header row such as id,name,type,area",
        ),
        (b"id,name,type,area\n", "services.csv:2: there are no services under the header"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "services.csv:1: this is not a text file (it holds binary data); save as CSV",
        ),
        (
            b"\xff\xfei\x00d\x00",
            "services.csv:1: the file is saved as UTF-16 ('Unicode Text'); save it as 'CSV UTF-8'",
        ),
        (
            b"id;name;type;area\ntx;T;gp;A\n",
            "services.csv:1: columns are separated by ';' not ','; save the sheet as 'CSV UTF-8 (Comma delimited)'",
        ),
        (
            b"id,name,type,area,name\ntx,T,gp,A,x\n",
            "services.csv:1: column 'name' appears twice in the header",
        ),
        (
            b'id,name,type,area\ntx,"T,gp,A\ngp,G,gp,A\n',
            "services.csv:2: a double quote opened on this line is never closed",
        ),
    ],
)
def test_files_that_cannot_be_read_say_why(services, message):
    found = errors({"services.csv": services, "links.csv": b"from,to,kind\n"})
    assert any(e.startswith(message) for e in found), found


def test_a_missing_file_is_named(tmp_path):
    (tmp_path / "services.csv").write_bytes(SERVICES)
    with pytest.raises(MapError) as info:
        load_map(tmp_path)
    assert [str(p) for p in info.value.errors] == [
        f"{tmp_path}/links.csv:1: the file is missing; a map folder needs services.csv and links.csv"
    ]


def test_a_folder_that_is_not_there():
    with pytest.raises(MapError, match="this is not a folder"):
        load_map("/nonexistent/map")


def test_missing_cells_at_the_end_of_a_row_are_blank_with_a_warning():
    services = b"id,name,type,area,provider\ntx,T,drug_alcohol_treatment,A\n"
    m = parse_map({"services.csv": services, "links.csv": b"from,to,kind\n"})
    assert m.services[0].provider == ""
    assert m.warnings[0].startswith(
        "services.csv:2: warning: this row has 4 cells but the header has 5"
    )


def test_coordinates_come_in_pairs():
    services = b"id,name,type,area,latitude,longitude\ntx,T,gp,A,52.1,\ngp,G,gp,A,north,1\n"
    assert errors({"services.csv": services, "links.csv": b"from,to,kind\n"}) == [
        "services.csv:2: give both latitude and longitude, or neither",
        "services.csv:3: latitude 'north' is not a number in decimal degrees (e.g. 52.63)",
    ]


def test_a_quoted_cell_over_two_lines_keeps_line_numbers_right():
    services = b'id,name,type,area,description\ntx,T,drug_alcohol_treatment,A,"two\nlines"\ngp,G,midwife,A,\n'
    assert errors({"services.csv": services, "links.csv": b"from,to,kind\n"}) == [
        "services.csv:4: type 'midwife' is not a service type (did you mean 'midwifery'?)"
    ]


JOURNEYS_HEAD = (
    b"journey,step,service,place,stage,feeling,barriers,helped_onward,circumstances,note\n"
)


def test_journeys_are_grouped_ordered_and_merged():
    journeys = JOURNEYS_HEAD + (
        b"J01,2,tx,,in_treatment,1,,yes,,\n"
        b"J01,1,gp,,seeking_help,-1,stigma;not_asked,no,pregnant;rural,Nobody asked me\n"
        b"J02,1,,a friend's sofa,before_help,,,,homeless,\n"
    )
    m = parse_map({"services.csv": SERVICES, "links.csv": LINKS, "journeys.csv": journeys})
    j1, j2 = m.journeys
    assert [s.step for s in j1.steps] == [1, 2]
    assert j1.steps[0].barriers == ("stigma", "not_asked")
    assert j1.steps[0].helped_onward is False and j1.steps[1].helped_onward is True
    assert j1.circumstances == ("pregnant", "rural")
    assert j2.steps[0].place == "a friend's sofa" and j2.steps[0].helped_onward is None


def test_journey_mistakes():
    journeys = JOURNEYS_HEAD + (
        b"Sarah,1,gp,,,,,,,\nJ01,1,gpp,,,,,,,\nJ01,1,,,,,,,,\nJ02,x,gp,,soon,3,,,,\n"
    )
    assert errors({"services.csv": SERVICES, "links.csv": LINKS, "journeys.csv": journeys}) == [
        "journeys.csv:2: journey 'Sarah' should be a code such as J07 (letters and digits, no names or spaces)",
        "journeys.csv:3: service 'gpp' is not a service id in services.csv (did you mean 'gp'?)",
        "journeys.csv:4: journey J01 has step 1 twice (first on line 3)",
        "journeys.csv:4: give either 'service' (an id from services.csv) or 'place' (free text)",
        "journeys.csv:5: step 'x' is not a whole number",
        "journeys.csv:5: stage 'soon' is not a journey stage (one of: before_help, seeking_help, in_treatment, after_treatment)",
        "journeys.csv:5: feeling 3 is out of range (it should be from -2 to 2)",
    ]


def test_areas_and_a_bad_standards_rule():
    areas = b"area,women_in_treatment,estimated_women_need\nAshcombe,lots,900\nAshcomb,1,2\n"
    standards = b"id,standard,source,rule\nx,X,CJI,offer:creche|creches\ny,Y,CJI,link:gp\n"
    found = errors(
        {
            "services.csv": SERVICES,
            "links.csv": LINKS,
            "areas.csv": areas,
            "standards.csv": standards,
        }
    )
    assert found == [
        "areas.csv:2: women_in_treatment 'lots' is not a whole number",
        "standards.csv:2: rule 'offer:creche|creches': 'creches' is not an offer tag (did you mean 'creche'?)",
        "standards.csv:3: rule 'link:gp' should look like pathway:TYPES:TYPES",
    ]


def test_standards_rules_read_scopes_and_pathways():
    standards = (
        b"id,standard,source,rule\n"
        b"a,A,CJI guide,offer:idva\n"
        b"b,B,CJI guide,offer:women_only_space@Residential\n"
        b"c,C,CJI guide,link:midwifery:treatment\n"
    )
    bad = standards + b"d,D,CJI guide,offer:idva@everywhere\n"
    found = errors({"services.csv": SERVICES, "links.csv": LINKS, "standards.csv": bad})
    assert found == [
        "standards.csv:5: rule 'offer:idva@everywhere': the scope 'everywhere' is not one "
        "journeymap knows (community, residential or any)"
    ]
    ok = parse_map({"services.csv": SERVICES, "links.csv": LINKS, "standards.csv": standards})
    assert [s.rule for s in ok.standards] == [
        "offer:idva@community",
        "offer:women_only_space@residential",
        "pathway:midwifery:treatment",
    ]


def test_areas_spelt_two_ways_get_a_warning():
    services = b"id,name,type,area\ntx,T,drug_alcohol_treatment,Fenmoor\ngp,G,gp,fenmoor \nmw,M,midwifery,FENMOOR\n"
    m = parse_map({"services.csv": services, "links.csv": b"from,to,kind\n"})
    assert m.warnings == (
        "services.csv:3: warning: area 'fenmoor' differs only in case or spacing from 'Fenmoor' (line 2); they are read as two areas: spell them the same",
        "services.csv:4: warning: area 'FENMOOR' differs only in case or spacing from 'Fenmoor' (line 2); they are read as two areas: spell them the same",
    )
