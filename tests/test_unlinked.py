"""A map with no links yet (a service directory just imported): one `no_links` finding per
area instead of a silo and a missed opportunity per service, worked out by hand on tiny maps,
and the same news from `journeymap check` and the app's Overview and Gaps pages."""

from pathlib import Path

from hypothesis import given
from mapkit import build
from streamlit.testing.v1 import AppTest
from test_fast_analyses import PROFILE, sketches

from journeymap import find_gaps
from journeymap.analyse.unlinked import unlinked_areas
from journeymap.read.write import write_map

APP = str(Path(__file__).resolve().parent.parent / "app.py")
NO_STANDARDS = b"id,standard,source,rule\n"
NO_PERSONAS = b"id,name,entry_types\n"
PATHWAY = b"id,standard,source,rule\nda-tx,DA to treatment,CJI guide,pathway:domestic_abuse:treatment\nwc,A women's centre,CJI guide,service:womens_centre\n"


def _keys(findings):
    return sorted((f.area, f.category, f.subject_id) for f in findings)


def test_an_area_with_services_and_no_links_gets_one_finding():
    smap = build(
        "tx drug_alcohol_treatment A\ngp gp A\nda domestic_abuse A\nbowls other A\n",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    findings = find_gaps(smap)
    assert _keys(findings) == [("A", "no_links", "A")]  # not 3 silos and 3 missed opportunities
    (f,) = findings
    assert f.severity == "high" and f.affects == 3  # the three touchpoints
    assert f.finding == (
        "The map holds 4 services in A and no referral or joint-working links between them, "
        "so the routes women have into treatment cannot be judged yet."
    )
    assert f.evidence.endswith("No two of its services share an address in the map.")
    assert f.suggestion.startswith("Add the links you know to links.csv, one row each")


def test_co_locations_alone_are_listed_as_what_the_directory_suggests():
    smap = build(
        "tx drug_alcohol_treatment A\nmw midwifery A\ngp gp A\n",
        "mw -- tx co_location",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    (f,) = find_gaps(smap)
    assert f.category == "no_links"
    assert f.evidence.endswith(
        "The map holds 1 co-location that the directory suggests from shared addresses (check "
        "each is a real shared site): MW and TX."
    )


def test_only_the_area_without_links_is_spared_the_route_findings():
    smap = build(
        "tx drug_alcohol_treatment A\ngp gp A\nwc womens_centre A\n"
        "tx2 drug_alcohol_treatment B\ngp2 gp B\n",
        "gp -> tx formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    assert unlinked_areas(smap) == {"B": 2}
    assert _keys(find_gaps(smap)) == [
        ("A", "missed_opportunity", "wc"),
        ("A", "one_way", "tx"),
        ("A", "silo", "wc"),
        ("B", "no_links", "B"),
    ]


def test_a_linked_map_has_no_such_finding():
    smap = build(
        "tx drug_alcohol_treatment A\ngp gp A\n",
        "gp <-> tx formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    assert unlinked_areas(smap) == {}
    assert find_gaps(smap) == []


def test_national_services_are_no_area_and_a_link_to_one_links_the_area():
    smap = build(
        "tx drug_alcohol_treatment national\ngp gp A\n",
        "gp -> tx formal",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    assert unlinked_areas(smap) == {}


def test_service_standards_are_still_judged_but_not_pathways():
    smap = build(
        "tx drug_alcohol_treatment A\nda domestic_abuse A\n",
        standards_csv=PATHWAY,
        personas_csv=NO_PERSONAS,
    )
    assert _keys(find_gaps(smap)) == [("A", "no_links", "A"), ("A", "standards_gap", "wc")]


def test_check_says_so(run_cli, tmp_path):
    smap = build("tx drug_alcohol_treatment A\ngp gp A\n")
    write_map(smap, tmp_path / "m")
    result = run_cli("check", tmp_path / "m")
    assert result.code == 0
    assert result.out.decode().splitlines()[1] == (
        "A: 2 services and no referral or joint-working links yet, so routes into treatment "
        "cannot be judged; add the links you know to links.csv (the report's no_links finding "
        "says how)."
    )


def test_the_app_overview_and_gaps_say_the_same(monkeypatch, tmp_path):
    smap = build(
        "tx drug_alcohol_treatment A\ngp gp A\nda domestic_abuse A\n",
        standards_csv=NO_STANDARDS,
        personas_csv=NO_PERSONAS,
    )
    write_map(smap, tmp_path / "m")
    monkeypatch.setattr("sys.argv", ["app.py", "--map", str(tmp_path / "m")])
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    told = (
        "The map holds 3 services in A and no referral or joint-working links between them, "
        "so the routes women have into treatment cannot be judged yet."
    )
    overview = " ".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes
    assert told in overview
    assert "· no links" in overview
    assert "· silo" not in overview and "· missed opportunity" not in overview
    at.switch_page("journeymap/ui/pages/gaps.py").run()
    assert not at.exception
    gaps = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert told in gaps
    assert "· no links" in gaps
    assert "· silo" not in gaps and "· missed opportunity" not in gaps


def test_the_answer_kept_with_the_graph_is_made_again_for_a_changed_map():
    from journeymap.analyse.unlinked import unlinked
    from journeymap.graph.build import build_graph
    from journeymap.graph.index import map_areas

    smap = build("tx drug_alcohol_treatment A\ngp gp A\ngp2 gp B\n", "gp -> tx")
    G = build_graph(smap)
    assert unlinked(smap, G) == {"B": 1}
    assert unlinked(smap, G) is unlinked(smap, G)  # kept
    G.add_edge("gp2", "tx", key=1, kind="referral", formal=False, two_way=False, handoffs=1)
    assert unlinked(smap, G) == {}  # the graph changed: worked out again
    assert map_areas(G, smap) == ["A", "B"]
    # The same graph asked about a changed map (fewer services): worked out again.
    fewer = smap.model_copy(update={"services": smap.services[:2]})
    assert map_areas(G, fewer) == ["A"]
    assert map_areas(G, smap) == ["A", "B"]


@PROFILE
@given(sketches())
def test_the_areas_with_no_links_read_from_the_graph_are_those_of_the_links(sketch):
    from journeymap.analyse.unlinked import unlinked
    from journeymap.graph.build import build_graph

    smap = sketch.load()
    assert unlinked(smap, build_graph(smap)) == unlinked_areas(smap)
