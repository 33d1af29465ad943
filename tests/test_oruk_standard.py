"""Open Referral UK 3.0, checked against the standard: the project's own ORUK 3.0 fixture is
valid against the official V3.0-UK JSON Schemas, every passing example response of the Open
Referral UK API imports, each failing one gets a clear message, and a real council's page and
full service import (all from ../shared/samples/oruk-3.0-uk, skipped when it is absent)."""

import json
from pathlib import Path

import pytest

from journeymap import MapError
from journeymap.read.oruk import import_oruk
from journeymap.read.oruk_pages import kind_of
from journeymap.read.oruk_records import Place, Record
from journeymap.read.oruk_typing import gender_of

DATA = Path(__file__).parent / "data"
PAGE3 = DATA / "oruk3_page.json"
ROOT = Path(__file__).resolve().parent.parent
ORUK3 = next(
    (
        base / "shared" / "samples" / "oruk-3.0-uk"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "samples" / "oruk-3.0-uk").is_dir()
    ),
    None,
)
needs_samples = pytest.mark.skipif(ORUK3 is None, reason="shared/samples is not beside the repo")


def _validator(schema: str):
    from jsonschema import Draft202012Validator

    assert ORUK3 is not None
    loaded = json.loads((ORUK3 / "schemas" / schema).read_text(encoding="utf-8"))
    return Draft202012Validator(loaded, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(schema: str, path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted(e.message for e in _validator(schema).iter_errors(data))


# --------------------------------------------------------------------------- the schemas


@needs_samples
def test_our_oruk_3_fixture_is_valid_against_the_v3_uk_schema():
    assert _errors("service_list.json", PAGE3) == []


@needs_samples
@pytest.mark.parametrize(
    ("example", "schema"),
    [
        ("bristol-v3-sample/services-page1.json", "service_list.json"),
        ("bristol-v3-sample/service-1625ip.json", "service.json"),
        ("mocks-default/service_full.json", "service.json"),
        ("mocks-default/service_list.json", "service_list.json"),
        ("mocks-default/api_details.json", "api_details.json"),
    ],
)
def test_the_real_and_passing_examples_are_valid(example, schema):
    assert _errors(schema, ORUK3 / example) == []


@needs_samples
def test_the_failing_examples_fail_the_schema_as_their_names_say():
    assert _errors("service.json", ORUK3 / "mocks-fail" / "service_full.json") == [
        "'email-example_com' is not a 'email'"
    ]
    listed = _errors("service_list.json", ORUK3 / "mocks-fail" / "service_list.json")
    assert listed.count("'name' is a required property") == 4


# --------------------------------------------------------------------------- importing


def test_our_oruk_3_page_area_from_region_or_postcode_district():
    result = import_oruk(PAGE3)
    services = {s.name: s for s in result.smap.services}
    women = services["Moorside Women's Recovery Service"]
    assert (women.type, women.women_only, women.area) == (
        "drug_alcohol_treatment",
        True,
        "Moorside District",
    )
    assert women.description == (
        "A drug and alcohol treatment service for women only, with a crèche.\n\n"
        "- Drop in on Mondays\n- Ask for a female key worker"
    )
    assert women.extra["email"] == "recovery@moorside.example.org"
    assert services["Patchway Housing Advice"].area == "BS34"  # only a postcode: its district
    assert [(k.source, k.target, k.kind) for k in result.smap.links] == [
        (
            "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
            "7d1f5b2e-3c4a-4e8b-9a61-0c2d3e4f5a61",
            "co_location",
        )
    ]
    assert not any("unknown" in w.message for w in result.warnings)


def test_admin_area_comes_before_region_and_town():
    from journeymap.read.oruk import _area_of

    place = Place(id="p", town="Patchway", admin_area="South Gloucestershire", postcode="BS34 5LP")
    record = Record(id="s", name="S", file="f", line=1, places=[place])
    assert _area_of(record, None) == "South Gloucestershire"
    assert _area_of(record, "Bristol") == "Bristol"  # --area wins
    assert _area_of(Record(id="s", name="S", file="f", line=1), None) == ""


@needs_samples
def test_every_passing_example_response_imports_and_the_others_are_skipped_with_a_note():
    result = import_oruk(ORUK3 / "mocks-default", area="MyCity")
    (service,) = result.smap.services
    assert (service.name, service.type, service.provider) == (
        "Community Counselling",
        "mental_health",
        "Example Organization Inc.",
    )
    notes = sorted(str(w).split("mocks-default/")[1] for w in result.warnings if "note:" in str(w))
    assert notes == [
        "api_details.json:1: warning: note: this is the directory API's description (its "
        "root, /, version HSDS-UK-3.0), not services; skipped",
        "dashboard_service_details_response.json:1: warning: note: this is not an Open "
        "Referral page or service (no 'contents' list, no 'id'); skipped",
        "dashboard_services_response.json:1: warning: note: this is not an Open Referral page "
        "or service (no 'contents' list, no 'id'); skipped",
        "organization_full.json:1: warning: note: 1 organisation here is not a service; skipped",
        "organization_list.json:1: warning: note: 1 organisation here is not a service; skipped",
        "taxonomy.json:1: warning: note: 1 taxonomy or term here is not a service; skipped",
        "taxonomy_list.json:1: warning: note: 1 taxonomy or term here is not a service; skipped",
        "taxonomy_term.json:1: warning: note: 1 taxonomy or term here is not a service; skipped",
        "taxonomy_term_list.json:1: warning: note: 1 taxonomy or term here is not a service; "
        "skipped",
    ]


@needs_samples
@pytest.mark.parametrize(
    "name",
    [
        "service_full.json",
        "service_list.json",
        "service_at_location_full.json",
        "service_at_location_list.json",
    ],
)
def test_each_passing_service_example_imports_alone(name):
    (service,) = import_oruk(ORUK3 / "mocks-default" / name, area="MyCity").smap.services
    assert service.name == "Community Counselling" and service.type == "mental_health"


@needs_samples
def test_a_saved_root_endpoint_alone_is_not_a_directory():
    path = ORUK3 / "mocks-default" / "api_details.json"
    with pytest.raises(MapError) as err:
        import_oruk(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:1: warning: note: this is the directory API's description (its root, /, "
        "version HSDS-UK-3.0), not services; skipped",
        f"{path}:1: no services were found in these JSON files; save the pages of the "
        "directory's /services endpoint here (or give the folder of its CSV files)",
    ]


@needs_samples
def test_a_bad_url_and_a_bad_email_are_told_and_left_out():
    path = ORUK3 / "mocks-fail" / "service_full.json"
    result = import_oruk(path, area="MyCity")
    (service,) = result.smap.services
    assert service.url == "" and "email" not in service.extra
    told = [str(w) for w in result.warnings if "record" in w.message]
    assert told == [
        f"{path}:2: warning: record 1 (id ac148810-d857-441c-9679-408f346de14b): the url "
        "'example/counselling' is not a web address (https://…); imported without it",
        f"{path}:2: warning: record 1 (id ac148810-d857-441c-9679-408f346de14b): the email "
        "'email-example_com' is not an email address; imported without it",
    ]


@needs_samples
def test_services_with_no_name_are_named_by_record_and_id_and_nothing_is_written(run_cli, tmp_path):
    path = ORUK3 / "mocks-fail" / "service_list.json"
    out = tmp_path / "map"
    result = run_cli("import-oruk", path, "--out", out)
    assert result.code == 1 and not out.exists()
    err = result.err
    assert (
        f"{path}:36: warning: record 2 (id b644a0d2-9e8a-4c33-9390-ae9ee93fc056): this service "
        "has no name; not imported (listed in left-out.csv)"
    ) in err
    assert err.endswith(
        f"{path}:1: there are no active services to import; all 4 entries were left out (no "
        "name 4; --keep-all keeps those of no type and men-only ones)\n1 error: nothing written.\n"
    )
    assert "not a service" not in err  # a nameless service is still called a service
    assert "Traceback" not in err


@needs_samples
def test_a_real_councils_page_and_full_service():
    page = import_oruk(ORUK3 / "bristol-v3-sample" / "services-page1.json")
    services = {s.name: s for s in page.smap.services}
    assert set(services) == {"1625 Independent People", "2 Way St Bristol"}
    housing = services["1625 Independent People"]
    assert housing.type == "housing"
    assert housing.extra["oruk_audiences"] == "Homeless; Care leavers"
    assert housing.description.startswith("About Us\n\n1625 Independent People works with")
    assert "<" not in housing.description
    assert [r.name for r in page.left_out] == ["A Picture of Health"]
    unknown = [str(w) for w in page.warnings if "no address" in w.message]
    assert unknown == [
        f"{ORUK3 / 'bristol-v3-sample' / 'services-page1.json'}:1: warning: 2 services (1625 "
        "Independent People; 2 Way St Bristol) have no address to take an area from, so their "
        "area is 'unknown' (give --area, or edit the area column)"
    ]
    (full,) = import_oruk(ORUK3 / "bristol-v3-sample" / "service-1625ip.json").smap.services
    assert full.name == "1625 Independent People" and full.type == "housing"


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ({"id": "1", "name": "A", "status": "active"}, "service"),
        ({"id": "1", "description": "no name yet", "status": "active"}, "service"),
        ({"id": "1", "name": "Org", "website": "https://x.org"}, "organisation"),
        ({"id": "1", "name": "Term", "parent_id": None, "taxonomy": "t"}, "taxonomy"),
        ({"id": "1", "name": "Tax", "version": "1", "uri": "u", "description": "d"}, "taxonomy"),
        ({"id": "1", "location_type": "physical"}, "location"),
        ({"id": "1", "name": "A", "description": "A plain feed's service"}, "service"),
        ({"hello": 1}, "other"),
    ],
)
def test_what_kind_of_object_a_saved_item_is(item, kind):
    assert kind_of(item) == kind


@pytest.mark.parametrize(
    ("name", "audiences", "text", "expected"),
    [
        ("Drop-in", ["Women"], "", "women"),
        ("Drop-in", ["Women", "Men"], "", ""),  # a list naming both is neither
        ("Drop-in", ["Adults"], "For women and girls affected by abuse.", "women"),
        ("Drop-in", [], "Open to women and men.", ""),
        ("Men's Advice Line", [], "", "men"),
        ("Women and Men's Group", [], "", ""),
        ("Menopause Café", [], "", ""),  # 'Men' inside a word is not men
        ("Mental Health Team", [], "", ""),
        ("Safe House Refuge", [], "", "women"),
        ("Refuge for Men", [], "A refuge for men only.", "men"),
        ("Helpline", ["Gender_Male"], "", "men"),
    ],
)
def test_women_only_and_men_only(name, audiences, text, expected):
    record = Record(id="x", name=name, file="f", line=1, description=text, audiences=audiences)
    assert gender_of(record, {"gender male": "men_only"}).only == expected
