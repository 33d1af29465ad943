"""A real browser records a step in the workshop; the app process is stopped and a new one
started on the same workspace; the journey is all there.

Runs `streamlit run app.py -- --workspace DIR` as a user would, on a free port on 127.0.0.1,
and drives Debian's chromium with Playwright (never a downloaded browser).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from journeymap.workshop import Workshop

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's /usr/bin/chromium"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def app_server(workspace: Path) -> Iterator[str]:
    """`streamlit run app.py -- --workspace DIR` on a free port; yields its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOURNEYMAP_")}
    proc = subprocess.Popen(
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
            "--",
            "--workspace",
            str(workspace),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_journey_survives_a_restart_of_the_app(page, tmp_path):
    from playwright.sync_api import expect

    workspace = tmp_path / "workspace"
    with app_server(workspace) as url:
        page.goto(url + "/workshop")
        page.get_by_role("button", name="Start a new journey").click()
        expect(page.get_by_role("heading", name="Journey J01")).to_be_visible(timeout=30_000)
        assert "journey=J01" in page.url
        place = page.get_by_role("combobox", name="Where did you go?")
        place.click()
        place.fill("Riverside")
        page.get_by_role("option", name="Riverside Medical Practice (GP practice)").click()
        groups = page.get_by_test_id("stButtonGroup")
        groups.filter(has_text="How did it feel?").get_by_text("Bad", exact=True).click()
        groups.filter(has_text="What got in the way?").get_by_text("Nobody asked").click()
        page.get_by_role("button", name="Save this step").click()
        expect(page.get_by_role("heading", name="1. Riverside Medical Practice")).to_be_visible(
            timeout=30_000
        )
    # The first app process is gone. The store on disk already holds the step.
    (saved,) = Workshop(workspace).steps("J01")
    assert (saved.entry.service, saved.entry.feeling, saved.entry.barriers) == (
        "ash-gp-1",
        -1,
        ("not_asked",),
    )
    with app_server(workspace) as url:
        page.goto(url + "/workshop?journey=J01")  # as a reload of the same address would
        expect(page.get_by_role("heading", name="Journey J01")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("heading", name="1. Riverside Medical Practice")).to_be_visible()
        expect(page.get_by_text("What got in the way: Nobody asked")).to_be_visible()
