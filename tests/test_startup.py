"""What Python loads when journeymap starts: on a national map the start-up is part of the
time a command takes, so `import journeymap` loads only what is used."""

from __future__ import annotations

import subprocess
import sys

import pytest

import journeymap


def test_importing_the_package_loads_no_graph_or_analysis_code() -> None:
    code = (
        "import sys, journeymap\n"
        "heavy = [m for m in ('networkx', 'journeymap.analyse', 'journeymap.graph') "
        "if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_collector_is_paused_while_a_command_imports_and_on_after(tmp_path) -> None:
    """Importing makes many objects and no garbage: the collector is paused meanwhile (see
    `journeymap/__init__.py` and `cli.main._later`), and on again for the program after.
    Without the pauses, a report of the demo map ran it about 100 times, 40 of them while
    `import journeymap` ran."""
    code = (
        "import gc, sys\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and runs.append(phase))\n"
        "import journeymap\n"
        "on_import = len(runs)\n"
        "from journeymap.cli.main import main\n"
        "from journeymap.resources import DATA_DIR\n"
        "main(['report', str(DATA_DIR / 'demo'), '--out', sys.argv[1]])\n"
        "print(on_import, len(runs), gc.isenabled())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "gaps.csv")],
        capture_output=True,
        text=True,
        check=True,
    )
    on_import, in_all, enabled = out.stdout.split()
    assert enabled == "True"
    assert int(on_import) < 10
    assert int(in_all) < 30


def test_check_loads_neither_the_graph_nor_the_worker_processes() -> None:
    """`journeymap check` must stay quick on a national map: it reads and checks, so it
    imports no networkx, no analyses and no multiprocessing (the processes that analyse)."""
    code = (
        "import sys\n"
        "from journeymap.cli.main import main\n"
        "from journeymap.resources import DATA_DIR\n"
        "main(['check', str(DATA_DIR / 'demo')])\n"
        "print([m for m in ('networkx', 'journeymap.analyse', 'multiprocessing') "
        "if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("name", journeymap.__all__)
def test_every_public_name_is_there_when_asked_for(name: str) -> None:
    value = getattr(journeymap, name)
    assert value is not None
    assert name in dir(journeymap)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'load_maps'"):
        journeymap.load_maps  # noqa: B018
