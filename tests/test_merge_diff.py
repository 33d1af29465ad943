"""`journeymap merge` and `journeymap diff` on small hand-built maps whose answers are worked
out by hand below each map."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from mapkit import build, links_csv, services_csv

from journeymap.problems import MapError
from journeymap.read.load import load_map
from journeymap.read.mapdiff import map_changes
from journeymap.read.merge import merge_maps
from journeymap.scenario.diff import diff_maps

# The council directory: services with postcodes, no links.
DIRECTORY = (
    b"id,name,type,area,provider,postcode\n"
    b"dir-001,Green Lane Surgery,gp,Ambridge,,AM1 2BC\n"
    b"dir-002,Ambridge Recovery,drug_alcohol_treatment,Ambridge,Turning Point,AM9 9ZZ\n"
    b"dir-003,Ambridge Refuge,domestic_abuse,Ambridge,,AM5 5XX\n"
)
# The workshop's map: its own ids, the same surgery and treatment by name and postcode
# (spelled with other case and spacing), a women's centre the directory lacks, and links.
WORKSHOP = (
    b"id,name,type,area,postcode\n"
    b"gp,green lane  surgery,gp,Ambridge,am1 2bc\n"
    b"tx,Ambridge Recovery,drug_alcohol_treatment,Ambridge,AM99ZZ\n"
    b"wc,Ambridge Women's Centre,womens_centre,Ambridge,AM3 3CC\n"
)
WORKSHOP_LINKS = b"from,to,kind,formal\ngp,tx,referral,yes\nwc,tx,co_location,yes\n"


def folder(root: Path, name: str, services: bytes, links: bytes) -> Path:
    d = root / name
    d.mkdir()
    (d / "services.csv").write_bytes(services)
    (d / "links.csv").write_bytes(links)
    return d


def test_merge_matches_by_name_and_postcode_and_moves_the_links(tmp_path, run_cli):
    a = folder(tmp_path, "directory", DIRECTORY, b"from,to,kind\n")
    b = folder(tmp_path, "workshop", WORKSHOP, WORKSHOP_LINKS)
    out = tmp_path / "joined"
    r = run_cli("merge", a, b, "--out", out)
    assert r.code == 0, r.err
    assert "1 matched by id" not in r.out.decode()
    assert "0 matched by id, 2 by name and postcode, 1 added" in r.out.decode()
    smap = load_map(out)
    assert [s.id for s in smap.services] == ["dir-001", "dir-002", "dir-003", "wc"]
    assert [(k.source, k.target, k.kind) for k in smap.links] == [
        ("dir-001", "dir-002", "referral"),
        ("wc", "dir-002", "co_location"),
    ]
    assert smap.services[1].provider == "Turning Point"  # the directory's values kept


def test_merge_by_id_fills_blanks_and_joins_offers():
    a = build("gp gp A\ntx drug_alcohol_treatment A offers=creche", "gp -> tx")
    b = build(
        "tx drug_alcohol_treatment A offers=naloxone\nwc womens_centre A", "wc -- tx co_location"
    )
    merged = merge_maps(a, b)
    assert merged.matched_by_id == ("tx",)
    assert merged.added == ("wc",)
    tx = next(s for s in merged.smap.services if s.id == "tx")
    assert tx.offers == ("creche", "naloxone")
    assert len(merged.smap.links) == 2


def test_merge_keeps_a_co_location_written_either_way_once_and_both_maps_actions():
    head = b"id,area,about,action,owner,due,status,note\n"
    a = build(
        "wc womens_centre A\ntx drug_alcohol_treatment A",
        "wc -- tx co_location",
        actions_csv=head + b"A1,A,missed_opportunity:wc,Agree a referral,,,planned,\n",
    )
    b = build(
        "wc womens_centre A\ntx drug_alcohol_treatment A",
        "tx -- wc co_location",
        actions_csv=head
        + b"A1,A,missed_opportunity:wc,Something else,,,planned,\n"
        + b"A2,A,silo:tx,Meet the team,,,done,\n",
    )
    merged = merge_maps(a, b)
    assert len(merged.smap.links) == 1
    assert merged.smap.actions is not None
    assert [(x.id, x.action) for x in merged.smap.actions] == [
        ("A1", "Agree a referral"),
        ("A2", "Meet the team"),
    ]
    assert "action A1 is in both maps: kept the first map's" in merged.notes


def test_merge_lists_every_conflict_and_writes_nothing(tmp_path, run_cli):
    a = folder(tmp_path, "a", services_csv("gp gp A\nwc womens_centre A"), links_csv("gp -> wc"))
    b = folder(
        tmp_path,
        "b",
        services_csv("gp midwifery A\nwc womens_centre B"),
        links_csv("gp -> wc formal"),
    )
    out = tmp_path / "joined"
    r = run_cli("merge", a, b, "--out", out)
    assert r.code == 1
    lines = r.err.splitlines()
    assert (
        f"{b}/services.csv:2: service 'gp' (GP) has type midwifery here but gp in {a}/services.csv:2 ('gp'); make them the same in one of the two files"
        in lines
    )
    assert any(
        line.startswith(f"{b}/services.csv:3: service 'wc' (WC) has area B here but A")
        for line in lines
    )
    assert any(
        line.startswith(
            f"{b}/links.csv:2: the referral link gp -> wc has formal yes here but no in {a}/links.csv:2"
        )
        for line in lines
    )
    assert lines[-1] == "3 errors: nothing written."
    assert not out.exists()


def test_merge_refuses_a_folder_that_already_holds_a_map(tmp_path, run_cli):
    a = folder(tmp_path, "a", DIRECTORY, b"from,to,kind\n")
    r = run_cli("merge", a, a, "--out", a)
    assert r.code == 2
    assert f"{a} already holds services.csv and links.csv; choose a new folder" in r.err


# Old map, worked by hand: GP and midwife refer to the women's centre, which is linked both
# ways to treatment. Every touchpoint reaches treatment through the centre's link, so the
# centre is a single point of failure. New map: that link is removed.
SERVICES = "gp gp A\nmw midwifery A\nwc womens_centre A\ntx drug_alcohol_treatment A"
OLD_LINKS = "gp -> wc formal\nmw -> wc formal\nwc <-> tx formal"


def test_a_removed_link_shows_its_findings_as_gone_not_resolved():
    old = build(SERVICES, OLD_LINKS)
    new = build(SERVICES, "gp -> wc formal\nmw -> wc formal")
    result = diff_maps(old, new)
    assert [(k.source, k.target) for k in result.changes.links_removed] == [("wc", "tx")]
    assert result.changes.links_added == () and result.changes.services_removed == ()
    c = result.comparison
    assert [(f.category, f.subject_id) for f in c.gone] == [("single_point_of_failure", "wc")]
    assert c.resolved == ()
    new_cut_off = sorted(f.subject_id for f in c.new if f.category == "missed_opportunity")
    assert new_cut_off == ["gp", "mw", "wc"]


def test_the_same_map_twice_has_no_change_and_no_finding_moves():
    old = build(SERVICES, OLD_LINKS)
    result = diff_maps(old, build(SERVICES, OLD_LINKS))
    assert result.changes.empty
    c = result.comparison
    assert (c.resolved, c.new, c.gone) == ((), (), ())
    assert len(c.kept) == len(c.findings_before)


def test_map_changes_names_added_removed_and_changed():
    old = build("gp gp A\ntx drug_alcohol_treatment A\nda domestic_abuse A", "gp -> tx\nda -> tx")
    new = build(
        "gp gp A offers=idva\ntx drug_alcohol_treatment A\nwc womens_centre A",
        "gp -> tx formal\nwc -- tx co_location",
    )
    ch = map_changes(old, new)
    assert [s.id for s in ch.services_added] == ["wc"]
    assert [s.id for s in ch.services_removed] == ["da"]
    assert [c.fields for c in ch.services_changed] == [(("offers", "", "idva"),)]
    assert [(k.source, k.kind) for k in ch.links_added] == [("wc", "co_location")]
    assert [(k.source, k.target) for k in ch.links_removed] == [("da", "tx")]
    assert [c.fields for c in ch.links_changed] == [(("formal", "no", "yes"),)]


def test_diff_command_prints_and_writes_both_csvs(tmp_path, run_cli):
    old = folder(tmp_path, "old", services_csv(SERVICES), links_csv(OLD_LINKS))
    new = folder(
        tmp_path, "new", services_csv(SERVICES), links_csv("gp -> wc formal\nmw -> wc formal")
    )
    r = run_cli("diff", old, new, "--out", tmp_path / "f.csv", "--changes", tmp_path / "c.csv")
    assert r.code == 0, r.err
    text = r.out.decode()
    assert "Link removed: WC ↔ TX (referral)" in text
    assert "Findings: 0 resolved, 5 new, 1 gone," in text
    rows = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text("utf-8-sig"))))
    assert [r["subject_id"] for r in rows if r["status"] == "gone"] == ["wc"]
    changes = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text("utf-8-sig"))))
    assert changes == [
        {
            "change": "removed",
            "what": "link",
            "id": "wc|tx|referral",
            "name": "WC – TX",
            "detail": "referral",
        }
    ]


def test_diff_of_a_broken_map_names_the_file_and_line(tmp_path, run_cli):
    old = folder(tmp_path, "old", services_csv(SERVICES), links_csv(OLD_LINKS))
    new = folder(tmp_path, "new", services_csv(SERVICES), b"from,to,kind\ngp,nowhere,referral\n")
    r = run_cli("diff", old, new)
    assert r.code == 1
    assert f"{new}/links.csv:2: to 'nowhere' is not a service id in services.csv" in r.err


def test_merge_raises_map_error_in_the_package_too():
    a = build("gp gp A")
    b = build("gp midwifery A")
    with pytest.raises(MapError) as err:
        merge_maps(a, b, "a", "b")
    assert str(err.value.errors[0]).startswith("b/services.csv:2: service 'gp' (GP) has type")


def test_two_services_with_one_name_and_postcode_are_not_folded_into_one():
    """The second map names two services as one of the first map's: one is matched, the
    other kept as its own service with a note, never dropped."""
    from journeymap.read.load import parse_map

    def smap(rows: str):
        return parse_map(
            {
                "services.csv": b"id,name,type,area,postcode\n" + rows.encode(),
                "links.csv": b"from,to,kind\n",
            }
        )

    a = smap("d1,The Hub,drug_alcohol_treatment,A,AB1 2CD\n")
    b = smap(
        "w1,The Hub,drug_alcohol_treatment,A,AB1 2CD\nw2,the hub,drug_alcohol_treatment,A,ab12cd\n"
    )
    merged = merge_maps(a, b)
    assert [s.id for s in merged.smap.services] == ["d1", "w2"]
    assert merged.matched_by_name == (("w1", "d1"),)
    assert "w2 has the name and postcode of d1, already matched with w1" in " ".join(merged.notes)
