"""journeymap installed from a wheel (not the checkout) still finds its defaults and demo map."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Not part of a source tree: the checkout's own builds, caches and environments.
SKIP = [".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"]
SKIP += [".hypothesis", "screenshots"]


def test_a_built_wheel_carries_the_defaults_the_demo_and_the_scenarios(tmp_path):
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels, target, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "source"
    # Built from a copy: building writes build/ and *.egg-info beside the sources, which other
    # tests running at the same time (pytest -n) read.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*SKIP))
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", wheels, source], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("journeymap-*.whl")
    done = subprocess.run(
        [*pip, "install", "--no-deps", "--target", target, wheel], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    code = (
        "import journeymap.resources as l, journeymap.scenario.read as s, sys;"
        "assert l.DATA_DIR.is_relative_to(sys.argv[1]), l.DATA_DIR;"
        "assert len(s.example_scenarios()) >= 5;"
        "from journeymap.cli import main;"
        "sys.exit(main(['report', str(l.DATA_DIR / 'demo'), '--out', 'gaps.csv']))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "gaps.csv").read_bytes() == (
        ROOT / "tests" / "golden" / "demo_gaps.csv"
    ).read_bytes()
