"""Open Referral import: a fictional HSDS 3.0 directory (tests/data) checked field by field,
the same directory as saved API pages, the UK profile's file names, zips, ORUK 1.0 pages,
the official HSDS example (when shared/ is beside the repo), and every way a package breaks."""

import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from journeymap import MapError, load_map
from journeymap.read.oruk import guess_type, import_oruk, read_type_map, safe_id
from journeymap.read.oruk_files import MAX_ZIP_MEMBERS
from journeymap.read.oruk_records import Record, Term
from journeymap.read.oruk_typing import gender_of
from journeymap.read.write import map_files

DATA = Path(__file__).parent / "data"
HSDS = DATA / "oruk_hsds"
API = DATA / "oruk_api"
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = next(
    (
        base / "shared" / "samples" / "hsds-3.0-example"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "samples" / "hsds-3.0-example").is_dir()
    ),
    None,
)
needs_sample = pytest.mark.skipif(SAMPLE is None, reason="shared/samples is not beside the repo")

# id → (name, type, provider, women_only, offers, postcode, latitude, longitude, area)
EXPECTED = {
    "svc-recovery-hub": (
        "Brackenford Recovery Hub",
        "drug_alcohol_treatment",
        "Brackenford Recovery Partnership",
        False,
        ("interpreters",),
        "BF1 2AB",
        53.2431,
        -1.4402,
        "Brackenford",
    ),
    "svc-womens-centre": (
        "Brackenford Women's Centre",
        "womens_centre",
        "Brackenford Women's Centre Trust",
        True,
        (),
        "BF2 3CD",
        53.2387,
        -1.4351,
        "Brackenford",
    ),
    "svc-womens-group": (
        "Tuesday Recovery Group",
        "drug_alcohol_treatment",
        "Brackenford Recovery Partnership",
        True,
        (),
        "BF2 3CD",
        53.2387,
        -1.4351,
        "Brackenford",
    ),
    "svc-midwife": (
        "Specialist Midwife Clinic",
        "midwifery",
        "Brackenford Hospitals NHS Trust",
        False,
        (),
        "BF1 2AB",
        53.2431,
        -1.4402,
        "Brackenford",
    ),
    "svc-safehaven": (
        "Safe Haven Outreach",
        "domestic_abuse",
        "Safe Haven Women's Aid",
        True,
        (),
        "BF7 1XY",
        None,
        None,
        "Oakley",
    ),
    "svc-riverside": (
        "Riverside Surgery",
        "gp",
        "Riverside Health Partnership",
        False,
        (),
        "BF3 4EF",
        53.2502,
        -1.4277,
        "Brackenford",
    ),
    "HOU-10-a": (
        "Housing Options Advice",
        "housing",
        "Brackenford District Council",
        False,
        (),
        "BF3 4EF",
        53.2502,
        -1.4277,
        "Brackenford",
    ),
}
#: Kept only with keep_all: nothing says it is a service on a woman's journey.
LUNCH = (
    "Tuesday Lunch Club",
    "other",
    "Brackenford District Council",
    False,
    (),
    "",
    None,
    None,
    "unknown",
)


def _fields(s):
    return (
        s.name,
        s.type,
        s.provider,
        s.women_only,
        s.offers,
        s.postcode,
        s.latitude,
        s.longitude,
        s.area,
    )


def test_the_fictional_directory_field_by_field():
    result = import_oruk(HSDS)
    services = {s.id: s for s in result.smap.services}
    assert list(services) == list(EXPECTED)  # in the directory's order; the defunct one left out
    for sid, expected in EXPECTED.items():
        assert _fields(services[sid]) == expected, sid
    everything = {s.id: s for s in import_oruk(HSDS, keep_all=True).smap.services}
    assert list(everything) == [*EXPECTED, "svc-lunch"]
    assert _fields(everything["svc-lunch"]) == LUNCH
    assert services["svc-recovery-hub"].url == "https://recovery.example.org/hub"
    assert services["svc-midwife"].description == (
        "Antenatal care for women who use drugs or alcohol."
    )
    assert result.shape == "tabular" and result.organisations == 6 and result.skipped == 1
    assert [(r.oruk_id, r.reason, r.where) for r in result.left_out] == [
        (
            "svc-lunch",
            "it matches no type of service on a woman's journey (its name, terms and "
            "description were read); set a type and add it to services.csv if it is one",
            f"{HSDS}/services.csv:9",
        ),
        ("svc-needles", "its status is defunct", f"{HSDS}/services.csv:10"),
    ]


def test_why_each_type_was_chosen_is_kept_for_the_commissioner():
    services = {s.id: s for s in import_oruk(HSDS).smap.services}
    assert services["svc-recovery-hub"].extra == {
        "oruk_id": "svc-recovery-hub",
        "oruk_terms": "Substance misuse",
        "type_from": "term 'Substance misuse'",
        "gender_from": "",  # a column of the map, as others are for women only
    }
    assert services["svc-womens-centre"].extra["gender_from"] == ("women only: term 'Female'")
    assert services["svc-riverside"].extra["type_from"] == "keyword 'Surgery' in name"
    assert services["svc-womens-centre"].extra["type_from"] == "keyword 'Women's Centre' in name"
    assert services["svc-safehaven"].extra["oruk_terms"] == "Domestic abuse; Female"
    lunch = {s.id: s for s in import_oruk(HSDS, keep_all=True).smap.services}["svc-lunch"]
    assert lunch.extra["type_from"] == "not decided: please set the type"


def test_services_sharing_a_physical_location_become_informal_co_locations():
    links = import_oruk(HSDS).smap.links
    assert [(k.source, k.target) for k in links] == [
        ("HOU-10-a", "svc-riverside"),
        ("svc-midwife", "svc-recovery-hub"),
        ("svc-womens-centre", "svc-womens-group"),
    ]  # the shared postal head office and the shared online 'location' make no link
    assert all(k.kind == "co_location" and not k.formal and not k.two_way for k in links)
    assert links[1].notes == "same location in the Open Referral directory: Recovery Hub"


def test_unknown_types_are_left_out_or_kept_as_other_and_listed():
    assert import_oruk(HSDS).untyped == ()
    result = import_oruk(HSDS, keep_all=True)
    assert [(s.id, s.type) for s in result.untyped] == [("svc-lunch", "other")]


def test_bad_coordinates_and_a_missing_area_are_warnings_the_area_once():
    warnings = [str(w) for w in import_oruk(HSDS, keep_all=True).warnings]
    assert warnings == [
        f"{HSDS}/locations.csv:4: warning: latitude 153.2 is out of range (it must be between "
        "-90 and 90); imported without coordinates",
        f"{HSDS}:1: warning: 1 service (Tuesday Lunch Club) has no address to take an area "
        "from, so its area is 'unknown' (give --area, or edit the area column)",
        f"{HSDS}:1: warning: no --area given: each service's area is the local authority or "
        "town of its address; check the area column matches your commissioning areas",
    ]


def test_an_area_given_goes_to_every_service_without_town_warnings():
    result = import_oruk(HSDS, area="Brackenford")
    assert {s.area for s in result.smap.services} == {"Brackenford"}
    assert not any("town" in w.message for w in result.warnings)


@pytest.mark.parametrize(
    ("raw", "taken", "expected"),
    [
        ("ac148810-d857-441c-9679-408f346de14b", set(), "ac148810-d857-441c-9679-408f346de14b"),
        ("HOU 10/a", set(), "HOU-10-a"),
        ("  /é/  ", set(), "service"),
        ("svc 1", {"svc-1"}, "svc-1-2"),
        ("svc 1", {"svc-1", "svc-1-2"}, "svc-1-3"),
    ],
)
def test_ids_are_made_safe_and_unique(raw, taken, expected):
    assert safe_id(raw, set(taken)) == expected


def test_the_directorys_own_id_is_kept_beside_a_changed_one():
    services = {s.id: s for s in import_oruk(HSDS).smap.services}
    assert services["HOU-10-a"].extra["oruk_id"] == "HOU 10/a"


def test_saved_api_pages_give_the_same_map_as_the_csv_package():
    from_api, from_csv = import_oruk(API), import_oruk(HSDS)
    assert from_api.shape == "api"
    assert map_files(from_api.smap) == map_files(from_csv.smap)
    assert str(from_api.warnings[0]) == (
        f"{API}/services_page1.json:288: warning: latitude 153.2 is out of range (it must be "
        "between -90 and 90); imported without coordinates"
    )


def test_a_zip_with_a_top_folder_reads_like_the_folder(tmp_path):
    archive = tmp_path / "directory.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in HSDS.iterdir():
            z.write(path, f"brackenford-export/{path.name}")
        z.writestr("__MACOSX/._services.csv", b"\x00junk")
    assert map_files(import_oruk(archive).smap) == map_files(import_oruk(HSDS).smap)


def test_the_uk_profiles_singular_file_names_without_a_datapackage(tmp_path):
    folder = tmp_path / "uk"
    shutil.copytree(HSDS, folder)
    (folder / "datapackage.json").unlink()
    for plural, singular in [
        ("attributes", "attribute"),
        ("addresses", "address"),
        ("organizations", "organization"),
    ]:
        (folder / f"{plural}.csv").rename(folder / f"{singular}.csv")
    assert map_files(import_oruk(folder).smap) == map_files(import_oruk(HSDS).smap)


def test_datapackage_paths_are_followed(tmp_path):
    folder = tmp_path / "renamed"
    shutil.copytree(HSDS, folder)
    (folder / "taxonomy_terms.csv").rename(folder / "terms-2025.csv")
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        if resource["name"] == "taxonomy_term":
            resource["path"] = "terms-2025.csv"
    (folder / "datapackage.json").write_text(json.dumps(package))
    assert map_files(import_oruk(folder).smap) == map_files(import_oruk(HSDS).smap)


def test_open_referral_uk_1_0_pages(tmp_path):
    page = {
        "totalElements": 1,
        "totalPages": 1,
        "number": 1,
        "size": 1,
        "first": True,
        "last": True,
        "content": [
            {
                "id": "101",
                "name": "Moorside Wellbeing Hub",
                "status": "active",
                "organization": {"id": "7", "name": "Moorside Trust"},
                "service_taxonomys": [
                    {"id": "st1", "taxonomy": {"id": "99", "name": "Domestic violence"}}
                ],
                "eligibilitys": [{"id": "e1", "eligibility": "adult", "gender": "Female"}],
                "service_at_locations": [
                    {
                        "id": "sl1",
                        "location": {
                            "id": "9",
                            "name": "Moorside House",
                            "latitude": 54.1,
                            "longitude": -2.2,
                            "physical_addresses": [{"city": "Moorside", "postal_code": "MS1 1AA"}],
                        },
                    }
                ],
            }
        ],
    }
    (tmp_path / "page1.json").write_text(json.dumps(page, indent=2))
    service = import_oruk(tmp_path, area="Moorside").smap.services[0]
    assert (service.id, service.type, service.provider, service.women_only) == (
        "101",
        "domestic_abuse",
        "Moorside Trust",
        True,
    )
    assert (service.postcode, service.latitude, service.longitude) == ("MS1 1AA", 54.1, -2.2)


@pytest.mark.parametrize(
    ("name", "description", "expected"),
    [
        ("Family Drug and Alcohol Court", "", "family_court"),
        ("Pause Brackenford", "", "post_removal_support"),
        ("Community Counselling", "", "mental_health"),
        ("Ward 3 Detox Unit", "", "inpatient_detox"),
        ("St Anne's Women's Aid", "", "domestic_abuse"),
        (
            "The Harbour",
            "Support for people affected by substance misuse.",
            "drug_alcohol_treatment",
        ),
        ("Tuesday Lunch Club", "A community lunch every Tuesday.", "other"),
    ],
)
def test_keyword_fallback(name, description, expected):
    record = Record(id="x", name=name, file="f", line=2, description=description)
    assert guess_type(record, {})[0] == expected


def test_a_term_is_matched_by_code_name_or_the_last_part_of_its_uri():
    mapping = {"com9": "peer_support", "833": "housing", "gender female": "women_only"}
    by_code = Record(id="a", name="A", file="f", line=2, terms=[Term(code="COM9", name="X")])
    by_uri = Record(
        id="b", name="B", file="f", line=2, terms=[Term(uri="http://id.esd.org.uk/service/833")]
    )
    assert guess_type(by_code, mapping) == ("peer_support", "term 'X'")
    assert guess_type(by_uri, mapping)[0] == "housing"


def test_your_own_type_map_is_used(tmp_path):
    mine = tmp_path / "types.csv"
    mine.write_text("term,type\nCOM9,peer_support\n")
    services = {s.id: s for s in import_oruk(HSDS, type_map=mine).smap.services}
    assert services["svc-lunch"].type == "peer_support"
    assert services["svc-recovery-hub"].type == "drug_alcohol_treatment"  # by keyword now


def test_the_bundled_type_map_is_valid():
    mapping = read_type_map()
    assert mapping["substance misuse"] == "drug_alcohol_treatment"
    assert mapping["womens centre"] == "womens_centre"
    assert mapping["gender female"] == "women_only"


def test_a_broken_type_map_lists_every_bad_row(tmp_path):
    mine = tmp_path / "types.csv"
    mine.write_text("term,type\nMaternity,midwife\nHousing,housing\nhousing,gp\n,gp\n")
    with pytest.raises(MapError) as err:
        read_type_map(mine)
    assert [str(p) for p in err.value.errors] == [
        f"{mine}:2: type 'midwife' is not a service type (did you mean 'midwifery'?)",
        f"{mine}:4: term 'housing' is mapped to 'housing' on line 3 already",
        f"{mine}:5: give both a term and a type",
    ]


def _package(tmp_path, **files: str) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text)
    return folder


def _errors(src) -> list[str]:
    with pytest.raises(MapError) as err:
        import_oruk(src)
    return [str(p) for p in err.value.errors]


def test_a_package_without_services_csv(tmp_path):
    folder = _package(tmp_path, organizations__csv="id,name,description\no1,Org,\n")
    assert _errors(folder) == [
        f"{folder}/services.csv:1: the file is missing; an Open Referral package needs services.csv"
    ]


def test_every_problem_of_a_broken_package_at_once(tmp_path):
    folder = _package(
        tmp_path,
        services__csv="id,name,status\ns1,One,active\ns1,Again,active\ns3,,active\n",
        locations__csv="id,latitude\n",
        service_at_location__csv="service_id\ns1\n",
        datapackage__json='{"resources": [\n  {"name": "service",, }\n]}',
    )
    assert _errors(folder) == [
        f"{folder}/datapackage.json:2: datapackage.json is not valid JSON (Expecting property "
        "name enclosed in double quotes)",
        f"{folder}/services.csv:3: service id 's1' is used twice (first on line 2)",
        f"{folder}/services.csv:4: 'name' is empty; every service needs one",
        f"{folder}/service_at_location.csv:1: required column 'location_id' is missing",
    ]


def test_a_services_file_without_its_name_column(tmp_path):
    folder = _package(tmp_path, services__csv="id,title\ns1,One\n")
    assert _errors(folder) == [f"{folder}/services.csv:1: required column 'name' is missing"]


def test_datapackage_names_a_services_file_that_is_not_there(tmp_path):
    folder = _package(
        tmp_path,
        datapackage__json='{"resources": [{"name": "service", "path": "svc.csv"}]}',
        organizations__csv="id,name\no1,Org\n",
    )
    assert _errors(folder) == [
        f"{folder}/svc.csv:1: datapackage.json lists this file for services, but it is not in "
        "the package"
    ]


def test_a_page_that_is_not_json(tmp_path):
    folder = _package(tmp_path, page1__json='{\n  "contents": [\n    {"id": "1",}\n  ]\n}')
    assert _errors(folder) == [
        f"{folder}/page1.json:3: this is not valid JSON (Expecting property name enclosed in "
        "double quotes)"
    ]


def test_pages_without_any_service(tmp_path):
    folder = _package(tmp_path, orgs__json='{"contents": [{"id": "o1", "name": "Org"}]}')
    assert _errors(folder) == [
        f"{folder}/:1: no services were found in these JSON files; save the pages of the "
        "directory's /services endpoint here (or give the folder of its CSV files)"
    ]


def test_a_file_that_is_not_a_zip(tmp_path):
    fake = tmp_path / "directory.zip"
    fake.write_text("id,name\n")
    assert _errors(fake) == [
        f"{fake}:1: this is not a folder, a zip file or a .json file; give the feed saved as "
        "one .json file, a folder (or .zip) of saved JSON pages, or of the Open Referral CSV "
        "files"
    ]


def _zipped(archive: Path, extra: int = 0) -> Path:
    """The fictional package zipped at `archive`, with `extra` empty junk members."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(HSDS.iterdir()):
            z.write(path, path.name)
        for i in range(extra):
            z.writestr(f"junk/{i}.txt", b"")
    return archive


def _understate(archive: Path, member: str, size: int) -> None:
    """Make the zip's directory claim that `member` unpacks to `size` bytes (a crafted zip)."""
    data = bytearray(archive.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        (length,) = struct.unpack_from("<H", data, at + 28)
        if data[at + 46 : at + 46 + length] == member.encode():
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 1)
    archive.write_bytes(bytes(data))
    assert zipfile.ZipFile(archive).getinfo(member).file_size == size


def test_a_zip_that_understates_a_size_is_refused_with_a_sentence(run_cli, tmp_path):
    """zipfile trusts the sizes a zip declares; the shared reader counts what unpacks."""
    archive = _zipped(tmp_path / "directory.zip")
    _understate(archive, "services.csv", 10)
    told = f"{archive}:1: the zip file cannot be read ('services.csv' is damaged and cannot be unpacked)"
    assert _errors(archive) == [told]
    result = run_cli("import-oruk", archive, "--out", tmp_path / "map")
    assert result.code == 1 and told in result.err and "Traceback" not in result.err
    assert not (tmp_path / "map").exists()


def test_a_zip_with_too_many_members_is_refused_before_anything_is_read(run_cli, tmp_path):
    archive = _zipped(tmp_path / "directory.zip", extra=MAX_ZIP_MEMBERS)
    count = MAX_ZIP_MEMBERS + len(list(HSDS.iterdir()))
    told = (
        f"{archive}:1: the zip holds {count:,} files; an Open Referral package holds a few dozen "
        f"CSV files or some hundreds of saved pages (the limit is {MAX_ZIP_MEMBERS:,}); unzip it "
        "and give the folder of the package"
    )
    assert _errors(archive) == [told]
    result = run_cli("import-oruk", archive, "--out", tmp_path / "map")
    assert result.code == 1 and told in result.err and "Traceback" not in result.err


def test_a_zip_with_a_damaged_stream_is_refused_not_raised(tmp_path):
    archive = _zipped(tmp_path / "directory.zip")
    info = zipfile.ZipFile(archive).getinfo("services.csv")
    data = bytearray(archive.read_bytes())
    data[info.header_offset + 30 + len("services.csv")] = 0xFF  # an invalid deflate block
    archive.write_bytes(bytes(data))
    assert _errors(archive) == [
        f"{archive}:1: the zip file cannot be read ('services.csv' is damaged and cannot be "
        "unpacked)"
    ]


def test_a_folder_with_nothing_to_read(tmp_path):
    assert _errors(tmp_path) == [
        f"{tmp_path}:1: no CSV or JSON files here; give the folder (or .zip) of the Open Referral "
        "CSV files, or a folder of JSON pages saved from its /services endpoint"
    ]


def test_only_defunct_services(tmp_path):
    folder = _package(tmp_path, services__csv="id,name,status\ns1,Gone,defunct\n")
    assert _errors(folder) == [
        f"{folder}:1: there are no active services to import; its only entry was left out "
        "(inactive or defunct 1; --keep-all keeps those of no type and men-only ones)"
    ]


# --------------------------------------------------------------------------- the command line


def test_import_writes_a_map_that_passes_check(run_cli, tmp_path):
    out = tmp_path / "map"
    result = run_cli("import-oruk", HSDS, "--out", out, "--area", "Brackenford", "--keep-all")
    assert result.code == 0, result.err
    text = result.out.decode()
    assert (
        f"Imported 8 services from 6 organisations (Open Referral tabular package) into {out}"
        in text
    )
    assert "Left out: 1 entry (inactive or defunct 1)" in text
    assert "Referral links are not in Open Referral data" in text
    assert (
        "1 service could not be given a type, so written as 'other'" in text
        and "  svc-lunch  Tuesday Lunch Club  (terms: Community activities)" in text
    )
    assert f"{HSDS}/locations.csv:4: warning: latitude 153.2" in result.err
    links = (out / "links.csv").read_text().splitlines()
    assert links[0] == "from,to,kind,two_way,formal,notes"
    assert len(links) == 4
    check = run_cli("check", out)
    assert check.code == 0, check.err
    assert check.out.decode().splitlines() == [
        f"{out}: 8 services, 3 links, areas: Brackenford. No errors.",
        "Brackenford: 8 services and no referral or joint-working links yet, so routes into "
        "treatment cannot be judged; add the links you know to links.csv (the report's "
        "no_links finding says how).",
    ]
    assert load_map(out).services[0].extra["oruk_id"] == "svc-recovery-hub"
    by_default = run_cli("import-oruk", HSDS, "--out", tmp_path / "kept", "--area", "B")
    assert "Imported 7 services" in by_default.out.decode()
    assert "svc-lunch,Tuesday Lunch Club" in (tmp_path / "kept" / "left-out.csv").read_text(
        encoding="utf-8-sig"
    )


def test_import_will_not_overwrite_a_map_without_force(run_cli, tmp_path):
    out = tmp_path / "map"
    out.mkdir()
    (out / "links.csv").write_text("from,to,kind\na,b,referral\n")
    result = run_cli("import-oruk", HSDS, "--out", out)
    assert result.code == 2
    assert result.err == (
        f"journeymap: {out} already holds links.csv; choose a new folder, or add --force to "
        "replace them (links you added by hand would be lost)\n"
    )
    assert (out / "links.csv").read_text() == "from,to,kind\na,b,referral\n"
    assert run_cli("import-oruk", HSDS, "--out", out, "--force").code == 0


def test_forcing_an_import_keeps_the_folders_journeys_and_says_so(run_cli, tmp_path):
    out = tmp_path / "map"
    out.mkdir()
    journeys = "journey_id,step,service_id\nJ01,1,old-gp\n"
    (out / "journeys.csv").write_text(journeys)
    (out / "services.csv").write_text("id,name,type,area\nold-gp,Old GP,gp,Brackenford\n")
    result = run_cli("import-oruk", HSDS, "--out", out, "--force")
    assert result.code == 0
    assert (out / "journeys.csv").read_text() == journeys  # a workshop's record is never deleted
    assert result.err.endswith(
        f"Kept journeys.csv already in {out}, unchanged: they may name services the import "
        f"replaced; run `journeymap check {out}`.\n"
    )


def test_a_broken_package_writes_nothing(run_cli, tmp_path):
    folder = _package(tmp_path, services__csv="id,name\ns1,One\ns1,Two\n")
    out = tmp_path / "map"
    result = run_cli("import-oruk", folder, "--out", out)
    assert result.code == 1
    assert result.err == (
        f"{folder}/services.csv:3: service id 's1' is used twice (first on line 2)\n"
        "1 error: nothing written.\n"
    )
    assert not out.exists()


# --------------------------------------------------------------------------- the real example


@needs_sample
@pytest.mark.parametrize("shape", ["csv", "api"])
def test_the_official_hsds_example_imports_and_passes_check(run_cli, tmp_path, shape):
    out = tmp_path / "map"
    result = run_cli("import-oruk", SAMPLE / shape, "--out", out, "--area", "MyCity")
    assert result.code == 0, result.err
    assert "latitude 100 is out of range (it must be between -90 and 90)" in result.err
    check = run_cli("check", out)
    assert check.code == 0, check.err
    (service,) = load_map(out).services
    assert (service.name, service.type, service.provider) == (
        "Community Counselling",
        "mental_health",
        "Example Organization Inc.",
    )
    assert service.latitude is None and service.longitude is None
    assert service.postcode == "ABC 1234" and service.area == "MyCity"


def test_a_location_shared_by_many_services_is_questioned(tmp_path):
    rows = "\n".join(f"s{i},Service {i},active" for i in range(13))
    sal = "\n".join(f"s{i},hq" for i in range(13))
    folder = _package(
        tmp_path,
        services__csv=f"id,name,status\n{rows}\n",
        locations__csv="id,location_type,name\nhq,physical,Civic Offices\n",
        service_at_location__csv=f"service_id,location_id\n{sal}\n",
    )
    result = import_oruk(folder, area="Brackenford", keep_all=True)
    assert len(result.smap.links) == 13 * 12 // 2
    assert str(result.warnings[0]) == (
        f"{folder}/locations.csv:2: warning: location 'Civic Offices' is shared by 13 services, so "
        "78 co-location links were made; check it is a building where they meet women, not an "
        "office address"
    )


def test_out_must_be_a_folder(run_cli, tmp_path):
    out = tmp_path / "map.csv"
    out.write_text("x")
    result = run_cli("import-oruk", HSDS, "--out", out)
    assert result.code == 2
    assert (
        result.err == f"journeymap: {out} is a file; --out names the folder to write the map into\n"
    )


@pytest.mark.parametrize(
    ("name", "description", "expected"),
    [
        ("Family Support", "Help for men, women and families affected by drugs.", ""),
        ("Open Door", "A group for men or women who use drugs.", ""),
        ("Isle of Man Drug and Alcohol Team", "", ""),
        ("Men's Shed", "", "men"),
        ("Survivors Line", "A helpline for male survivors of domestic abuse.", "men"),
        ("Rise", "A group for women only.", "women"),
    ],
)
def test_men_only_needs_evidence_that_names_no_women(name, description, expected):
    """A text naming women and men is not evidence of a men-only service, and "Man" in a
    place name is not an audience."""
    record = Record(id="x", name=name, file="f", line=2, description=description)
    assert gender_of(record, {}).only == expected
