"""Shared fixtures: the demo map, and the CLI run in-process as a user would run it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
sys.path.insert(0, str(Path(__file__).parent))  # for `import mapkit`
#: How long a browser test's `expect(...)` waits for what it checks (Playwright's default: 5 s).
EXPECT_TIMEOUT_MS = 30_000


def pytest_configure(config: pytest.Config) -> None:
    """Run the test files in the order `pytest_collection_modifyitems` gives, not pytest-xdist's
    own: by default its `--dist loadfile` hands out the files with the most tests first, which
    leaves the one-test browser and server files (20-40 s each) for the end, where one worker
    runs the last of them while the other has nothing left to do."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    from playwright.sync_api import expect

    # Streamlit fetches each kind of element's code (metric, select box, chart) the first time a
    # page shows one, so on 2 busy cores a fresh server's first page can draw its captions
    # seconds before its metrics: seen once in CI, past Playwright's default 5 s. A wait only
    # lengthens a failing check; a passing one returns as soon as it holds.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The real-browser files first (about half of the suite's time, and its longest files),
    then the rest in their usual order: the long files are then done while other work is left
    for the other worker."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is None)  # (a stable sort)


@dataclass
class Result:
    code: int
    out: bytes
    err: str


@pytest.fixture
def demo_dir() -> Path:
    return DEMO


@pytest.fixture
def run_cli(capsysbinary):
    """Run `journeymap ARGS…` in-process; returns exit code, stdout bytes and stderr text."""
    from journeymap.cli import main

    def run(*args: str) -> Result:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
        captured = capsysbinary.readouterr()
        return Result(code, captured.out, captured.err.decode())

    return run


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's browser is Debian's chromium, never a downloaded one."""
    from appserver import CHROMIUM, CHROMIUM_ARGS

    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Streamlit's caches are shared by every AppTest in the process: start each test clean."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


class Served(dict):
    """file name → the callable the page registered for it; `bytes_of` runs it like a click."""

    def bytes_of(self, name: str) -> bytes:
        return self[name]()


@pytest.fixture
def served(monkeypatch) -> Served:
    """Every file the app makes on click in this test, by file name (`Served.bytes_of`)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files = Served()
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return files
