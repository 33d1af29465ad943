"""Real-browser test plumbing shared by every e2e test: the app as a user starts it, and
Debian's chromium (never a downloaded browser).

`needs_chromium()` marks a module as a browser test: skipped when /usr/bin/chromium is missing,
except under CI=true, where a missing browser is a failure. `app_server()` runs
`streamlit run app.py` on a free port on 127.0.0.1 and yields its URL once `/_stcore/health`
answers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
#: No first-run chatter, no background connections: this machine has no network but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def needs_chromium() -> list[pytest.MarkDecorator]:
    """pytest marks for a browser-test module (use as `pytestmark = needs_chromium()`)."""
    if not CHROMIUM.exists() and os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but /usr/bin/chromium is missing: apt-get install chromium")
    return [
        pytest.mark.e2e,
        pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def app_server(
    *app_args: str, env: Mapping[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """`streamlit run app.py [-- APP_ARGS]` on a free local port; yields its URL, then stops it.

    The server gets this process's environment without any JOURNEYMAP_* variable (so a
    developer's own map or workspace never leaks in), plus `env`.
    """
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JOURNEYMAP_")}
    environ.update(env or {})
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        f"--server.port={port}", "--server.address=127.0.0.1", "--server.headless=true",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
    ]  # fmt: skip
    if app_args:
        command += ["--", *app_args]
    out = log.open("wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
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
                detail = log.read_text(errors="replace")[-2000:] if log else ""
                pytest.fail(f"streamlit did not start\n{detail}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]


def choose(page, label: str, option: str, tries: int = 3) -> None:
    """Open the select box with this label and click `option`.

    A click that lands while Streamlit redraws the box can leave its list closed (seen once in
    CI on 2 busy cores), so the box is opened again, up to `tries` times, before giving up.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    wanted = page.get_by_role("option", name=option)
    for attempt in range(tries):
        box.click()
        try:
            wanted.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
    wanted.click()
