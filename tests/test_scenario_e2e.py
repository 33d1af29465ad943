"""The what-if page in a real browser (Debian's chromium): load an example, download it, and get
the same comparison from `journeymap compare` with the file the browser saved.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeymap import load_map
from journeymap.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's /usr/bin/chromium"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "JOURNEYMAP_MAP"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("the Streamlit server did not start")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


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
