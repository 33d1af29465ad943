"""The read stage behind the Edit map page: tables of text checked by the loader, saving with a
history and Undo, and suggested links, each on small hand-built maps in real folders."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mapkit import build, links_csv, services_csv

from journeymap.read import history
from journeymap.read.load import read_folder
from journeymap.read.mapedit import check_files, edited_files, read_sheet, sheet_bytes
from journeymap.read.suggest import (
    MAX_GROUP,
    read_dismissed,
    suggest_links,
    write_dismissed,
)

SERVICES = services_csv("gp gp A\ntx drug_alcohol_treatment A\nwc womens_centre A")
LINKS = links_csv("gp -> tx formal")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "map"
    d.mkdir()
    (d / "services.csv").write_bytes(SERVICES)
    (d / "links.csv").write_bytes(LINKS)
    return d


# --- tables of text ------------------------------------------------------------------------


def test_a_sheet_keeps_extra_columns_and_every_contract_column():
    sheet = read_sheet(b"ID,Name,type,area,Phone\ngp,Dr Lee,gp,A,0116 496 0000\n", "services.csv")
    assert sheet.columns[:4] == ("id", "name", "type", "area")
    assert sheet.columns[-1] == "phone" and "postcode" in sheet.columns
    out = sheet_bytes(sheet)
    assert out == b"id,name,type,area,phone\ngp,Dr Lee,gp,A,0116 496 0000\n"


def test_a_blank_row_is_not_data_and_cells_are_trimmed():
    sheet = read_sheet(LINKS, "links.csv")
    edited = sheet.with_rows([*sheet.rows, [None] * 6, [" wc ", "tx ", "co_location"]])
    assert edited.kept_rows()[-1][:3] == ("wc", "tx", "co_location")
    assert sheet_bytes(edited).count(b"\n") == 3


def test_an_unedited_file_keeps_its_bytes():
    odd = b"\xef\xbb\xbfid , NAME,type,area\r\ngp,GP,gp,A\r\ntx,TX,drug_alcohol_treatment,A\r\n"
    files = {"services.csv": odd, "links.csv": LINKS}
    opened = {n: read_sheet(files[n], n) for n in files}
    assert edited_files(files, opened, opened) == files


def test_problems_are_tied_to_their_rows_in_the_loaders_words():
    files = {
        "services.csv": b"id,name,type,area\ngp,GP,gp,A\ntx,TX,midwife,A\ngp,Again,gp,A\n",
        "links.csv": b"from,to,kind\ngp,tz,referral\n",
    }
    result = check_files(files, "m")
    assert not result.ok
    rows = result.by_row["services.csv"]
    assert sorted(rows) == [1, 2]
    assert rows[1][0].message.startswith("type 'midwife' is not a service type")
    assert "used twice (first on line 2)" in rows[2][0].message
    assert "to 'tz' is not a service id" in result.by_row["links.csv"][0][0].message
    assert str(result.errors[0]).startswith("m/services.csv:3: ")


def test_a_good_map_has_no_problem_and_a_problem_elsewhere_is_not_lost():
    good = check_files({"services.csv": SERVICES, "links.csv": LINKS})
    assert good.ok and good.problems == () and good.elsewhere() == ()
    broken = check_files(
        {"services.csv": SERVICES, "links.csv": LINKS, "areas.csv": b"area,rural\nA,maybe\n"}
    )
    assert not broken.ok
    assert [p.file for p in broken.elsewhere()] == ["areas.csv"]


# --- saving, history, Undo -----------------------------------------------------------------


def test_save_keeps_the_version_before_and_undo_walks_back(folder):
    start = history.folder_digest(folder)
    one = history.save(folder, {"links.csv": links_csv("gp -> tx\nwc -> tx")}, start)
    two = history.save(folder, {"links.csv": links_csv("wc -> tx")}, one)
    assert [v.number for v in history.versions(folder)] == [2, 1]
    assert history.undo(folder, two) == one
    assert (folder / "links.csv").read_bytes() == links_csv("gp -> tx\nwc -> tx")
    assert history.undo(folder, one) == start
    assert read_folder(folder) == {"services.csv": SERVICES, "links.csv": LINKS}
    with pytest.raises(LookupError, match="there is no saved version to go back to"):
        history.undo(folder, start)


def test_undo_removes_a_file_the_save_added(folder):
    start = history.folder_digest(folder)
    after = history.save(folder, {"areas.csv": b"area,rural\nA,yes\n"}, start)
    assert (folder / "areas.csv").exists()
    history.undo(folder, after)
    assert not (folder / "areas.csv").exists()


def test_the_history_never_keeps_womens_journeys(folder):
    """A withdrawn journey must be gone: no old version holds journeys.csv, and a version is
    read (to compare) with the journeys the folder holds now."""
    journeys = b"journey_id,step,service\nJ01,1,gp\n"
    (folder / "journeys.csv").write_bytes(journeys)
    start = history.folder_digest(folder)
    after = history.save(folder, {"links.csv": links_csv("wc -> tx")}, start)
    (kept,) = history.versions(folder)
    assert not (kept.path / "journeys.csv").exists()
    (folder / "journeys.csv").write_bytes(b"journey_id,step,service\n")  # J01 withdrawn
    assert history.read_version(kept)["journeys.csv"] == b"journey_id,step,service\n"
    history.undo(folder, history.folder_digest(folder))
    assert (folder / "journeys.csv").read_bytes() == b"journey_id,step,service\n"
    assert after != start


def test_the_history_keeps_only_the_map_csvs(folder):
    """A workbook beside the map (raw workshop notes, say) is neither copied into the history
    nor counted by the stale check."""
    (folder / "workshop notes.xlsx").write_bytes(b"PK not really a workbook")
    start = history.folder_digest(folder)
    history.save(folder, {"links.csv": links_csv("wc -> tx")}, start)
    (kept,) = history.versions(folder)
    assert sorted(p.name for p in kept.path.iterdir()) == ["links.csv", "services.csv"]
    (folder / "workshop notes.xlsx").write_bytes(b"PK changed")
    now = history.folder_digest(folder)
    history.save(folder, {"links.csv": links_csv("gp -> tx")}, now)  # not refused as stale


def test_a_save_from_a_stale_copy_is_refused_and_writes_nothing(folder):
    start = history.folder_digest(folder)
    history.save(folder, {"links.csv": links_csv("wc -> tx")}, start)
    theirs = read_folder(folder)
    with pytest.raises(history.Stale) as refused:
        history.save(folder, {"links.csv": links_csv("gp -> wc")}, start)
    assert refused.value.files == theirs
    assert read_folder(folder) == theirs
    assert len(history.versions(folder)) == 1
    with pytest.raises(history.Stale):
        history.undo(folder, start)


def test_two_saves_at_once_cannot_both_pass_the_check(folder):
    start = history.folder_digest(folder)
    results: list[str] = []

    def attempt(links: bytes) -> None:
        try:
            history.save(folder, {"links.csv": links}, start)
            results.append("saved")
        except history.Stale:
            results.append("refused")

    threads = [
        threading.Thread(target=attempt, args=(links_csv(f"wc -> tx\ngp -> {t}"),))
        for t in ("wc", "tx", "gp")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused", "refused", "saved"]
    assert len(history.versions(folder)) == 1


def test_saving_the_same_files_keeps_no_version(folder):
    start = history.folder_digest(folder)
    assert history.save(folder, {"links.csv": LINKS}, start) == start
    assert history.versions(folder) == []


# --- suggestions ---------------------------------------------------------------------------


def test_same_postcode_and_same_provider_and_nothing_else():
    smap = build(
        "gp gp A\nmw midwifery A\ntx drug_alcohol_treatment A\nout outreach A\nda domestic_abuse A"
    )
    smap = smap.model_copy(
        update={
            "services": tuple(
                s.model_copy(update=u)
                for s, u in zip(
                    smap.services,
                    [
                        {"postcode": "AM1 2BC"},
                        {"postcode": "am12bc"},
                        {"provider": "Turning Point", "postcode": "AM9 9ZZ"},
                        {"provider": "turning  point", "postcode": "AM7 7YY"},
                        {"provider": "Refuge", "postcode": "AM5 5XX"},
                    ],
                    strict=True,
                )
            )
        }
    )
    found = suggest_links(smap)
    assert [(s.source, s.target, s.kind) for s in found.links] == [
        ("gp", "mw", "co_location"),
        ("tx", "out", "joint_working"),
    ]
    assert found.links[0].reason == "the same postcode, AM12BC"
    assert found.crowded == ()
    dismissed = suggest_links(smap, {found.links[1].key})
    assert [s.kind for s in dismissed.links] == ["co_location"]


def test_within_fifty_metres_but_not_a_hundred():
    smap = build("a gp A\nb pharmacy A\nc midwifery A")
    where = [(52.60000, -1.20000), (52.60030, -1.20000), (52.60120, -1.20000)]  # 33 m, 133 m
    smap = smap.model_copy(
        update={
            "services": tuple(
                s.model_copy(update={"latitude": lat, "longitude": lon})
                for s, (lat, lon) in zip(smap.services, where, strict=True)
            )
        }
    )
    found = suggest_links(smap)
    assert [(s.source, s.target) for s in found.links] == [("a", "b")]
    assert found.links[0].reason == "about 33 m apart"


def test_no_suggestion_where_the_link_is_already_there():
    smap = build("gp gp A\nmw midwifery A", "gp -- mw co_location")
    smap = smap.model_copy(
        update={"services": tuple(s.model_copy(update={"postcode": "AM1"}) for s in smap.services)}
    )
    assert suggest_links(smap).links == ()


def test_a_crowded_postcode_is_said_not_paired():
    spec = "\n".join(f"s{i} other A" for i in range(MAX_GROUP + 1))
    smap = build(spec)
    smap = smap.model_copy(
        update={
            "services": tuple(s.model_copy(update={"postcode": "AM1 1AA"}) for s in smap.services)
        }
    )
    found = suggest_links(smap)
    assert found.links == ()
    assert found.crowded == (
        f"{MAX_GROUP + 1} services share the postcode AM11AA: too many to offer one by one; "
        "link the ones that really work together by hand.",
    )


def test_dismissals_are_kept_beside_the_map(folder):
    assert read_dismissed(folder) == set()
    write_dismissed(folder, {("tx", "gp", "joint_working")})
    assert read_dismissed(folder) == {("gp", "tx", "joint_working")}
