"""The what-if page in a real browser (Debian's chromium): load an example, download it, and get
the same comparison from `journeymap compare` with the file the browser saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from appserver import app_server, needs_chromium

from journeymap import load_map
from journeymap.scenario.read import load_scenario

ROOT = Path(__file__).resolve().parent.parent
pytestmark = needs_chromium()


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with app_server() as url:
        yield url


def test_load_an_example_download_it_and_compare_with_the_cli(
    page, app_url, run_cli, demo_dir, tmp_path
):
    page.set_default_timeout(60_000)
    page.goto(f"{app_url}/scenarios")
    page.get_by_text("What if…?").first.wait_for()
    page.get_by_role("combobox", name="Start from an example").click()
    page.get_by_role("option", name="fenmoor treatment at womens centre").click()
    page.get_by_role("button", name="Load this example").click()
    summary = page.get_by_text(re.compile(r"findings resolved, \d+ new, \d+ kept"))
    summary.wait_for()
    shown = summary.inner_text()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download this scenario (TOML)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "a-treatment-worker-at-fenmoor-women-s-centre-once-a-week.toml"

    smap = load_map(demo_dir)
    example = ROOT / "scenarios" / "fenmoor-treatment-at-womens-centre.toml"
    assert load_scenario(saved, smap) == load_scenario(example, smap)
    result = run_cli("compare", demo_dir, saved)
    assert result.code == 0, result.err
    counts = re.search(r"Findings: (\d+) resolved, (\d+) new, (\d+) kept\.", result.out.decode())
    assert counts is not None
    resolved, new, kept = counts.groups()
    assert shown.strip() == f"{resolved} findings resolved, {new} new, {kept} kept."
