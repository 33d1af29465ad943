"""The command line as a commissioner uses it: check, report, and what happens on bad input."""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journeymap.cli import build_parser
from journeymap.models import REPORT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "demo_gaps.csv"


def test_check_the_demo_map(run_cli, demo_dir):
    result = run_cli("check", demo_dir)
    assert result.code == 0
    assert (
        "65 services, 127 links, 12 journeys, areas: Ashcombe, Fenmoor. No errors."
        in result.out.decode()
    )


def test_report_matches_the_golden_file(run_cli, demo_dir):
    """Every change in the demo findings shows up in review as a diff of this file.

    After a deliberate change, refresh it with: journeymap report data/demo --out tests/golden/demo_gaps.csv
    """
    result = run_cli("report", demo_dir)
    assert result.code == 0
    assert result.out == GOLDEN.read_bytes()


def test_demo_report_has_every_foundation_category(demo_dir):
    text = GOLDEN.read_bytes().decode("utf-8-sig")
    # the demo map has an actions.csv, so its report ends with the `action` column (DESIGN §5)
    assert text.startswith(",".join((*REPORT_COLUMNS, "action")) + "\r\n")
    categories = set(re.findall(r"^[^,]*,([a-z_]+),(?:high|medium|low),", text, re.M))
    assert {
        "missed_opportunity",
        "long_pathway",
        "standards_gap",
        "single_point_of_failure",
        "informal_only",
        "one_way",
        "silo",
        "unmet_need",
    } <= categories


def test_report_to_a_file_for_one_area(run_cli, demo_dir, tmp_path):
    out = tmp_path / "gaps.csv"
    result = run_cli("report", demo_dir, "--area", "Ashcombe", "--out", out)
    assert result.code == 0 and result.out == b""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfarea,category,")
    rows = data.decode("utf-8-sig").splitlines()[1:]
    assert rows and all(r.startswith("Ashcombe,") for r in rows)
    assert re.fullmatch(
        r"Wrote \d+ findings: \d+ high, \d+ medium, \d+ low to .*gaps.csv\n", result.err
    )


def test_an_unknown_area_is_a_usage_error_with_a_suggestion(run_cli, demo_dir):
    result = run_cli("report", demo_dir, "--area", "Ashcome")
    assert result.code == 2
    assert (
        result.err == "journeymap: area 'Ashcome' is not in this map (did you mean 'Ashcombe'?)\n"
    )


def test_a_broken_map_lists_every_error_and_writes_nothing(run_cli, demo_dir, tmp_path):
    broken = tmp_path / "map"
    shutil.copytree(demo_dir, broken)
    services = (broken / "services.csv").read_text()
    services = services.replace(",womens_centre,", ",womans_centre,", 1)
    (broken / "services.csv").write_text(services)
    (broken / "links.csv").write_text(
        (broken / "links.csv").read_text() + "ash-gp-1,nowhere,referral\n"
    )
    out = tmp_path / "gaps.csv"
    out.write_text("last month's report")
    result = run_cli("report", broken, "--out", out)
    assert result.code == 1
    lines = result.err.splitlines()
    assert re.match(
        rf"{broken}/services.csv:\d+: type 'womans_centre' is not a service type \(did you mean 'womens_centre'\?\)",
        lines[0],
    )
    assert re.match(
        rf"{broken}/links.csv:\d+: to 'nowhere' is not a service id in services.csv", lines[1]
    )
    assert lines[-1] == "2 errors: nothing written."
    assert out.read_text() == "last month's report"
    assert "Traceback" not in result.err


def test_usage_errors_exit_2(run_cli):
    assert run_cli().code == 2
    assert run_cli("report").code == 2
    assert run_cli("frobnicate", "x").code == 2


def test_an_unwritable_output_is_a_usage_error(run_cli, demo_dir, tmp_path):
    result = run_cli("report", demo_dir, "--out", tmp_path / "no" / "such" / "gaps.csv")
    assert result.code == 2 and result.err.startswith("journeymap: cannot write ")


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"journeymap {command}" in readme, f"README does not show 'journeymap {command}'"


def test_report_on_the_demo_map_is_fast(demo_dir):
    """The whole command, Python start-up included; best of three, so a busy machine's hiccup
    does not fail it, while a real slowdown does."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "journeymap", "report", str(demo_dir)], capture_output=True
        )
        times.append(time.perf_counter() - start)
        assert done.returncode == 0, done.stderr
    assert min(times) < 2.0, f"journeymap report took {min(times):.2f} s at best"


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+44 1632 960000", "-1", "@SUM(A1)", "\tx"])
def test_formula_cells_are_neutralised(value):
    from journeymap.read.spreadsheet import neutralise

    assert neutralise(value) == "'" + value
    assert neutralise("Women's centre") == "Women's centre"


def _mutate(folder: Path, name: str, change) -> None:
    path = folder / name
    path.write_bytes(change(path.read_bytes()))


MISTAKES = {
    "unknown type": ("services.csv", lambda b: b.replace(b",midwifery,", b",midwife,", 1)),
    "duplicate id": ("services.csv", lambda b: b + b"ash-gp-1,Copy,gp,Ashcombe\n"),
    "link to a missing service": ("links.csv", lambda b: b + b"ash-gp-1,ash-gp-99,referral\n"),
    "ragged row": (
        "links.csv",
        lambda b: b + b"ash-gp-1,ash-treatment,referral,no,yes,note,extra,more\n",
    ),
    "bad boolean": ("links.csv", lambda b: b + b"ash-gp-1,ash-treatment,referral,maybe\n"),
    "latitude out of range": ("services.csv", lambda b: b + b"ash-x,X,gp,Ashcombe,,,,,95.0,1.0\n"),
    "missing column": ("links.csv", lambda b: b.replace(b"kind", b"sort", 1)),
    "empty file": ("services.csv", lambda b: b""),
    "binary junk": ("links.csv", lambda b: bytes(range(256)) * 4),
    "a file missing": ("links.csv", None),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_kind_of_mistake_exits_1_with_file_line_and_writes_nothing(
    run_cli, demo_dir, tmp_path, mistake
):
    folder = tmp_path / "map"
    shutil.copytree(demo_dir, folder)
    name, change = MISTAKES[mistake]
    if change is None:
        (folder / name).unlink()
    else:
        _mutate(folder, name, change)
    out = tmp_path / "gaps.csv"
    result = run_cli("report", folder, "--out", out)
    assert result.code == 1
    assert not out.exists()
    *problems, last = result.err.splitlines()
    assert problems and last.endswith("nothing written.")
    errors = [p for p in problems if ": warning: " not in p]
    assert errors and all(re.match(rf"{folder}/{name}:\d+: \S", p) for p in errors), errors
    assert "Traceback" not in result.err


def test_the_command_ends_with_its_exit_code_and_all_its_output(demo_dir, tmp_path):
    """`python -m journeymap` ends the process at once (cli.run): nothing may be lost."""
    command = [sys.executable, "-m", "journeymap"]
    bad = subprocess.run([*command, "report", str(tmp_path / "nowhere")], capture_output=True)
    assert bad.returncode == 1 and bad.stdout == b""
    assert bad.stderr.decode().endswith("1 error: nothing written.\n")

    good = subprocess.run([*command, "report", str(demo_dir)], capture_output=True)
    assert good.returncode == 0 and good.stdout == GOLDEN.read_bytes()

    # Read one line and close the pipe, as `| head -1` does, before the rest is written (the
    # report is larger than a pipe holds): the command ends quietly.
    with subprocess.Popen(
        [*command, "report", str(demo_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b"\xef\xbb\xbfarea,category")
        proc.stdout.close()
        err = proc.stderr.read()
    assert (proc.returncode, err) == (0, b"")
    assert len(good.stdout) > 65_536  # so the pipe really was full when it was closed
