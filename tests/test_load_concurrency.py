"""Twenty people at once: the real app server, twenty sessions, one workspace, nothing lost.

Starts `streamlit run app.py` on a free port on 127.0.0.1 (as a facilitator would, with a fresh
HOME and TMPDIR so that anything written to disk would show), then, all at the same time:

- SESSIONS sessions speak Streamlit's own websocket protocol as a browser does (`stclient.py`:
  the messages a browser sends, the pages read back with AppTest's parser). Each opens the
  overview (the map is loaded and analysed), goes to the Workshop, starts a journey of her own
  and saves STEPS steps, each with its own note, then adds one step to journey J01, which all
  sessions write to at once.
Then BROWSERS real chromium pages (Playwright, Debian's /usr/bin/chromium), one after the
other, do the same through the page itself after uploading the map as a zip, so that a real
page is seen to load nothing from elsewhere and to write nothing outside the workspace.

Afterwards: every step written is in the database, in order, with its note; the shared journey
has one step from each session, numbered 1..N without gaps or repeats; no page showed an
error or an exception; the server's memory (psutil RSS, sampled every 0.2 s) is reported before,
at peak and after, and per session. And for PRIVACY.md: the log never held a note, the server
made no connection off 127.0.0.1, the browsers requested nothing from anywhere else, and no file
was written outside the workspace.

Protocol clients rather than twenty browsers: twenty chromium pages need more than two cores
(measured: two pages took 55 s for what the protocol clients do in a few seconds), and the load
that matters is the server's. The browser pages come after the load, not during it: on a
two-core CI machine also running other tests, a page driven during the load timed out now and
then in the browser itself while the server had CPU to spare. The figures are printed
(`pytest -s`) and quoted in the README.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from appserver import CHROMIUM, CHROMIUM_ARGS, app_server, needs_chromium
from stclient import Session, by_label, choose, click, tap, type_text

from journeymap.workshop.consent import Consent
from journeymap.workshop.store import Workshop

psutil = pytest.importorskip("psutil")

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = int(os.environ.get("JOURNEYMAP_LOAD_SESSIONS", "20"))
BROWSERS = int(os.environ.get("JOURNEYMAP_LOAD_BROWSERS", "1"))
STEPS = 2
SHARED = "J01"  # the journey every session adds a step to, at the same time
PLACES = [
    ("Riverside", "Riverside Medical Practice (a GP surgery)"),
    ("Market Street", "Market Street Surgery (a GP surgery)"),
    ("Ashcombe General Community", "Ashcombe General Community Midwives (midwives)"),
]
DEADLINE = int(
    os.environ.get("JOURNEYMAP_LOAD_DEADLINE", "240")
)  # seconds for all sessions together
STEP_TIMEOUT = 90_000  # ms for one page to show the result of one action, under full load

pytestmark = needs_chromium()


def note(session: int, step: int) -> str:
    return f"Session {session} step {step}: Wombat-load-{session:02d}-{step}"


def shared_note(session: int) -> str:
    return f"Session {session} in the shared journey: Wombat-shared-{session:02d}"


def rss(proc: psutil.Process) -> int:
    """Resident memory of the server and any children, in bytes."""
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total


class Sampler(threading.Thread):
    """Samples the server's RSS every 0.2 s until stopped; keeps the peak."""

    def __init__(self, proc: psutil.Process):
        super().__init__(daemon=True)
        self.proc, self.peak, self.stop = proc, rss(proc), threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            try:
                self.peak = max(self.peak, rss(self.proc))
            except psutil.Error:
                return


@dataclass
class Outcome:
    session: int
    browser: bool = False
    code: str = ""
    steps: int = 0
    shared: bool = False
    error: str = ""
    seconds: float = 0.0
    runs: int = 0
    hosts: set[str] = field(default_factory=set)


def trouble(tree) -> str:
    """What went wrong on a page, or ''."""
    problems = [e.message for e in tree.exception] + [e.value for e in tree.error]
    return "; ".join(str(p)[:200] for p in problems)


async def add_step(s: Session, tree, place: str, feeling: str, text: str):
    """Where, how it felt, then the note sent with the tap on Save (as a browser sends a box
    still being typed in together with the click that leaves it): three messages."""
    tree = await s.run(choose(by_label(tree.selectbox, "Where did you go?"), place))
    tree = await s.run(tap(by_label(tree.button_group, "How did it feel?"), feeling))
    box = by_label(tree.text_area, "Anything you want to add? (you can skip this)")
    return await s.run(type_text(box, text), click(by_label(tree.button, "Save this step")))


async def protocol_session(url: str, i: int) -> Outcome:
    """One person, over the websocket: overview, her own journey, a step in the shared one."""
    out = Outcome(i)
    start = time.monotonic()
    try:
        async with Session(url, timeout=STEP_TIMEOUT / 1000) as s:
            tree = await s.run()
            labels = [m.label for m in tree.metric]
            if "Touchpoints with a route to treatment" not in labels or trouble(tree):
                raise AssertionError(f"overview: {labels[:2]} {trouble(tree)}")
            tree = await s.run(page="workshop")
            tree = await s.run(click(tree.button(key="ws_new")))
            out.code = tree.header[0].value.split()[-1]
            # Her consent first: nothing is saved before it.
            tree = await s.run(click(tree.button(key=f"ws_consent_{out.code}_save")))
            for k in range(1, STEPS + 1):
                option = PLACES[(i + k) % len(PLACES)][1]
                tree = await add_step(s, tree, option, "Bad", note(i, k))
                if trouble(tree) or f"{k}. " not in "".join(h.value[:4] for h in tree.subheader):
                    raise AssertionError(f"step {k}: {trouble(tree)}")
                out.steps = k
            picker = by_label(tree.selectbox, "Carry on with a journey")
            tree = await s.run(choose(picker, SHARED))  # as a person picks the shared code
            if f"Journey {SHARED}" not in [h.value for h in tree.header]:
                raise AssertionError(f"the shared journey did not open: {tree.header}")
            tree = await add_step(s, tree, PLACES[0][1], "Okay", shared_note(i))
            if trouble(tree):
                raise AssertionError(f"shared step: {trouble(tree)}")
            out.shared = True
            out.runs = s.runs
    except Exception as exc:  # a timeout or a broken page: counted as an error, reported
        out.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
    out.seconds = time.monotonic() - start
    return out


async def warm_up(url: str) -> None:
    """One visit to the overview and the workshop, so the figures per session leave out what
    the server does once for everyone (importing its libraries, analysing the map)."""
    async with Session(url, timeout=STEP_TIMEOUT / 1000) as s:
        await s.run()
        await s.run(page="workshop")


IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


async def settle(page) -> None:
    """Wait until the app has finished the run an action started (as test_browser.settle)."""
    await page.wait_for_function(IDLE, timeout=STEP_TIMEOUT)
    await page.wait_for_timeout(300)
    await page.wait_for_function(IDLE, timeout=STEP_TIMEOUT)


async def browser_session(browser, url: str, i: int) -> Outcome:
    """One person in a real page: overview, then a new journey and STEPS saved steps."""
    from playwright.async_api import expect

    out = Outcome(i, browser=True)
    start = time.monotonic()
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("request", lambda r: out.hosts.add(urlparse(r.url).hostname or r.url[:40]))
    try:
        await page.goto(url + "/", timeout=STEP_TIMEOUT)
        await expect(page.get_by_text("Touchpoints with a route to treatment").first).to_be_visible(
            timeout=STEP_TIMEOUT
        )
        # Her own map, as a zip: read in memory (PRIVACY.md: uploads are never written to disk).
        await page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": "ourmap.zip", "mimeType": "application/zip", "buffer": demo_zip()}]
        )
        await expect(page.get_by_text("Showing your upload: ourmap.zip")).to_be_visible(
            timeout=STEP_TIMEOUT
        )
        await page.get_by_role("link", name="Workshop").click(timeout=STEP_TIMEOUT)
        await page.get_by_role("button", name="Start a new journey").click(timeout=STEP_TIMEOUT)
        heading = page.get_by_role("heading", name="Journey J")
        await expect(heading).to_be_visible(timeout=STEP_TIMEOUT)
        out.code = (await heading.inner_text()).split()[-1]
        await settle(page)
        await page.get_by_role("button", name="Save my answers and start").click(
            timeout=STEP_TIMEOUT
        )
        await expect(page.get_by_role("combobox", name="Where did you go?")).to_be_visible(
            timeout=STEP_TIMEOUT
        )
        await settle(page)
        for k in range(1, STEPS + 1):
            typed, option = PLACES[(i + k) % len(PLACES)]
            place = page.get_by_role("combobox", name="Where did you go?")
            await place.click(timeout=STEP_TIMEOUT)
            await place.fill(typed)
            await page.get_by_role("option", name=option).click(timeout=STEP_TIMEOUT)
            await settle(page)
            groups = page.get_by_test_id("stButtonGroup")
            feel = groups.filter(has_text="How did it feel?").get_by_text("Bad", exact=True)
            await feel.first.click(timeout=STEP_TIMEOUT)
            await settle(page)
            box = page.get_by_role("textbox", name="Anything you want to add? (you can skip this)")
            await box.fill(note(i, k))
            await box.press("Tab")  # the answer is sent (and kept as a draft) on leaving the box
            await settle(page)
            await page.get_by_role("button", name="Save this step").click(timeout=STEP_TIMEOUT)
            await expect(page.get_by_role("heading", name=f"{k}. ")).to_be_visible(
                timeout=STEP_TIMEOUT
            )
            await settle(page)
            out.steps = k
        shown = await page.get_by_test_id("stException").count()
        errors = await page.get_by_test_id("stAlertContentError").count()
        if shown or errors:
            out.error = f"{shown} exceptions and {errors} errors on the page"
    except Exception as exc:  # a timeout or a lost page: counted as an error, reported below
        out.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        out.seconds = time.monotonic() - start
        await context.close()
    return out


async def drive(url: str) -> list[Outcome]:
    """The protocol sessions all at once."""
    protocol = [protocol_session(url, i) for i in range(1, SESSIONS + 1)]
    return await asyncio.wait_for(asyncio.gather(*protocol), DEADLINE)


async def browse(url: str) -> list[Outcome]:
    """The browser pages, one after the other, numbered after the protocol sessions."""
    from playwright.async_api import async_playwright

    if not BROWSERS:
        return []
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--disable-dev-shm-usage"]
        )
        try:
            return [
                await asyncio.wait_for(browser_session(browser, url, SESSIONS + i), DEADLINE)
                for i in range(1, BROWSERS + 1)
            ]
        finally:
            await browser.close()


def in_own_thread(work):
    """Run a coroutine to the end in a thread with its own event loop: pytest-playwright's sync
    fixtures, used by other tests in the same run, leave an event loop in the main thread."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(work)))
    thread.start()
    thread.join()
    if not result:
        raise RuntimeError("the sessions did not finish (see the thread's error above)")
    return result[0]


def demo_zip() -> bytes:
    """The demo map folder as a zip, made in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted((ROOT / "data" / "demo").glob("*.csv")):
            z.write(path, f"ourmap/{path.name}")
    return out.getvalue()


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_twenty_sessions_write_to_one_workspace_and_nothing_is_lost(tmp_path):
    home, tmp, workspace = tmp_path / "home", tmp_path / "tmp", tmp_path / "workspace"
    home.mkdir()
    tmp.mkdir()
    Workshop(workspace)  # the facilitator's workspace, as the app would make it
    assert Workshop(workspace).new_journey(Consent(pool=True)) == SHARED
    env = {"HOME": str(home), "TMPDIR": str(tmp), "JOURNEYMAP_WORKSPACE": str(workspace)}
    log = tmp_path / "server.log"
    with app_server(env=env, log=log) as url:
        port = urlparse(url).port
        (proc,) = [
            p
            for p in psutil.Process().children(recursive=True)
            if f"--server.port={port}" in p.cmdline()
        ]
        start_rss = rss(proc)
        in_own_thread(warm_up(url))  # libraries loaded and the map analysed, once for all
        before = rss(proc)
        cpu_before = sum(proc.cpu_times()[:2])
        sampler = Sampler(proc)
        sampler.start()
        started = time.monotonic()
        outcomes = in_own_thread(drive(url))
        took = time.monotonic() - started
        sampler.stop.set()
        sampler.join()
        after = rss(proc)
        cpu = sum(proc.cpu_times()[:2]) - cpu_before
        outcomes += in_own_thread(browse(url))
        connections = proc.net_connections(kind="inet")

    ws = Workshop(workspace)
    lost = []
    for o in outcomes:
        if not o.code:
            continue
        notes = [s.entry.note for s in ws.steps(o.code)]
        expected = [note(o.session, k) for k in range(1, o.steps + 1)]
        if notes != expected:
            lost.append((o.code, expected, notes))
    shared = ws.steps(SHARED)
    expected_shared = {shared_note(o.session) for o in outcomes if o.shared}
    if {s.entry.note for s in shared} != expected_shared or len(shared) != len(expected_shared):
        lost.append((SHARED, sorted(expected_shared), [s.entry.note for s in shared]))
    steps_written = sum(o.steps + o.shared for o in outcomes)
    steps_expected = SESSIONS * (STEPS + 1) + BROWSERS * STEPS
    errors = [o for o in outcomes if o.error]
    mb = 1024 * 1024
    total = SESSIONS + BROWSERS
    figures = (
        f"load test: {SESSIONS} sessions at once over the websocket, then {BROWSERS} in "
        f"chromium: {steps_written} of {steps_expected} steps written "
        f"({SESSIONS} of them to one shared journey), {len(errors)} errors, "
        f"{len(lost)} journeys with steps lost; {took:.0f} s in all ({cpu:.0f} s of server CPU, "
        f"{sum(o.runs for o in outcomes)} page runs), slowest session "
        f"{max(o.seconds for o in outcomes):.0f} s; server memory {start_rss / mb:.0f} MB at start, "
        f"{before / mb:.0f} MB after one visit (libraries loaded, map analysed), "
        f"{sampler.peak / mb:.0f} MB at peak, {after / mb:.0f} MB after: "
        f"{(sampler.peak - before) / mb / SESSIONS:.1f} MB per session"
    )
    print("\n" + figures)
    for o in errors:
        print(f"  session {o.session}{' (browser)' if o.browser else ''}: {o.error}")

    assert not errors, figures
    assert steps_written == steps_expected, figures
    assert not lost, lost
    assert [s.step for s in shared] == list(range(1, SESSIONS + 1))  # no gaps, no repeats
    codes = [o.code for o in outcomes]
    assert len(set(codes)) == total and sorted(ws.codes()) == sorted([SHARED, *codes])
    # Privacy under load: nothing left this computer, no notes in the log, no stray files.
    hosts = set().union(*(o.hosts for o in outcomes if o.browser))
    assert hosts <= {"127.0.0.1"}, hosts
    assert all(c.laddr.ip == "127.0.0.1" for c in connections), connections
    assert all(not c.raddr or c.raddr.ip == "127.0.0.1" for c in connections), connections
    logged = log.read_text(errors="replace")
    assert "Wombat" not in logged, "a note reached the server's log"
    assert files_under(home) == set() and files_under(tmp) == set(), files_under(
        home
    ) | files_under(tmp)
    assert {p.name for p in files_under(workspace)} <= {
        "journeys.sqlite3",
        "journeys.sqlite3-wal",
        "journeys.sqlite3-shm",
    }
