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


@pytest.mark.parametrize("name", journeymap.__all__)
def test_every_public_name_is_there_when_asked_for(name: str) -> None:
    value = getattr(journeymap, name)
    assert value is not None
    assert name in dir(journeymap)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'load_maps'"):
        journeymap.load_maps  # noqa: B018
