"""A map given as a zip of its folder (DESIGN §6: MAP is a folder, a .zip or an .xlsx): read as
an upload is, so the same refusals apply, and every problem names the zip and its member."""

from __future__ import annotations

import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
GOLDEN = ROOT / "tests" / "golden" / "demo_gaps.csv"


def zip_folder(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def demo_members(**changed: bytes) -> dict[str, bytes]:
    files = {f"mymap/{p.name}": p.read_bytes() for p in DEMO.iterdir() if p.suffix == ".csv"}
    files.update({f"mymap/{name}": data for name, data in changed.items()})
    return files


def test_a_zipped_map_gives_the_folders_report(tmp_path, run_cli):
    archive = zip_folder(tmp_path / "mymap.zip", demo_members())
    got = run_cli("report", archive)
    assert got.code == 0, got.err
    assert got.out == GOLDEN.read_bytes()
    checked = run_cli("check", archive)
    assert checked.code == 0
    assert checked.out.decode().startswith(f"{archive}: 65 services, 127 links, 12 journeys")


def test_a_problem_names_the_zip_and_its_member(tmp_path, run_cli):
    services = (DEMO / "services.csv").read_bytes().replace(b",gp,Ashcombe,", b",gps,Ashcombe,", 1)
    archive = zip_folder(tmp_path / "mymap.zip", demo_members(**{"services.csv": services}))
    got = run_cli("check", archive)
    assert got.code == 1
    line = next(t for t in got.err.splitlines() if "type 'gps'" in t)
    assert line.startswith("mymap.zip/mymap/services.csv:")
    assert "did you mean 'gp'?" in line


def test_other_files_in_the_zip_are_told_not_read(tmp_path, run_cli):
    archive = zip_folder(tmp_path / "mymap.zip", demo_members(**{"notes.txt": b"hello"}))
    got = run_cli("check", archive)
    assert got.code == 0
    assert f"{archive}:1: warning: ignored mymap/notes.txt: not a map file" in got.err


def test_a_damaged_or_unsafe_zip_is_refused_and_nothing_written(tmp_path, run_cli):
    damaged = tmp_path / "broken.zip"
    damaged.write_bytes(b"PK not really")
    got = run_cli("report", damaged, "--out", tmp_path / "gaps.csv")
    assert got.code == 1
    assert got.err.startswith(f"{damaged}:1: broken.zip is not a zip file, or it is damaged")
    climbing = zip_folder(tmp_path / "climb.zip", {"../services.csv": b"id\n"})
    got = run_cli("report", climbing, "--out", tmp_path / "gaps.csv")
    assert got.code == 1
    assert got.err.startswith(f"{climbing}:1: climb.zip: '../services.csv'")
    assert not (tmp_path / "gaps.csv").exists()
