"""journeymap installed from a wheel (not the checkout) still finds its defaults and demo map."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Not part of a source tree: the checkout's own builds, caches and environments.
SKIP = [".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"]
SKIP += [".hypothesis", "screenshots"]

#: Run from the wheel: the checkout's editable install (its finder on sys.meta_path) is set
#: aside first, so a module or template the wheel lacks fails here instead of being found in
#: the checkout.
FROM_THE_WHEEL = """
import sys
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in f.__module__]
import journeymap.resources as l, journeymap.scenario.read as s
from journeymap.cli import main
from journeymap.outputs import brief
for module in (l, s, brief):
    assert module.__file__.startswith(sys.argv[1]), module.__file__
assert l.DATA_DIR.is_relative_to(sys.argv[1]), l.DATA_DIR
assert len(s.example_scenarios()) >= 5
demo = str(l.DATA_DIR / "demo")
assert main(["report", demo, "--out", "gaps.csv"]) == 0
sys.exit(main(["brief", demo, "--out", "brief.html"]))
"""


def test_a_built_wheel_carries_the_defaults_the_demo_the_scenarios_and_templates(tmp_path):
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
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run(
        [sys.executable, "-c", FROM_THE_WHEEL, str(target)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "gaps.csv").read_bytes() == (
        ROOT / "tests" / "golden" / "demo_gaps.csv"
    ).read_bytes()
    assert run.stderr.endswith("Wrote the board report to brief.html\n"), run.stderr
    brief = (tmp_path / "brief.html").read_text(encoding="utf-8")
    golden = (ROOT / "tests" / "golden" / "demo_brief.html").read_text(encoding="utf-8")
    assert undated(brief) == undated(golden)  # the templates and styles came with the wheel


def undated(report: str) -> str:
    """The board report without its date (the command writes today's)."""
    return re.sub(r" · \d{1,2} \w+ \d{4}</p>", " · DATE</p>", report, count=1)
