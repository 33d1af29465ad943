"""Privacy, checked through the app itself: usage statistics off (or the app refuses to run), the
optional password in front of every page, the workshop files private to their owner, and notes
and places kept out of every log. PRIVACY.md cites these tests; the last test here checks that
every test and setting it cites exists.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import stat
import threading
import time
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from journeymap.runtime.gcpause import collect_every, collect_until
from journeymap.ui import gate
from journeymap.workshop.consent import Consent
from journeymap.workshop.store import DB_NAME, Workshop

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TIMEOUT = 60
#: Every page of the app, read from app.py's PAGES, so a new page is covered without a change here.
PAGES = re.findall(r'st\.Page\(\s*"(journeymap/ui/pages/\w+\.py)"', (ROOT / "app.py").read_text())
NOTE = "The nurse looked away - Quokka-note-5521"
PLACE = "the bus shelter by Quokka-place-8830"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path):
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.delenv(gate.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("JOURNEYMAP_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setattr("sys.argv", ["app.py"])
    yield


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def shown(at: AppTest) -> str:
    """Everything the page put on screen as text (titles, text, metrics, widgets, sidebar)."""
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)]
    parts += [m.label for m in at.metric] + [w.label for w in at.text_input]
    parts += [b.label for b in at.button] + [e.value for e in at.error]
    parts += [str(u.label) for u in at.get("file_uploader")]
    return "\n".join(str(p) for p in parts)


# --- usage statistics ------------------------------------------------------------------------


def test_the_shipped_settings_keep_everything_on_this_computer():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["browser"]["gatherUsageStats"] is False
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["server"]["enableXsrfProtection"] is True
    assert settings["client"]["showErrorDetails"] in ("type", "none")
    assert settings["server"]["maxUploadSize"] <= 10
    assert config.get_option("browser.gatherUsageStats") is False  # as the app reads it


def test_the_app_refuses_to_run_with_usage_statistics_on():
    config.set_option("browser.gatherUsageStats", True)
    try:
        at = app().run()
        assert not at.exception
        assert at.error[0].value.startswith("Usage statistics are switched on")
        assert "--browser.gatherUsageStats=false" in at.error[0].value
        assert not at.metric and not at.get("file_uploader")  # no page, no upload box
        at.switch_page("journeymap/ui/pages/workshop.py").run()
        assert not at.button and not at.text_area
    finally:
        config.set_option("browser.gatherUsageStats", False)
    assert gate.telemetry_problem() is None


# --- the password ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_no_page_is_shown_without_the_password(monkeypatch, page):
    monkeypatch.setenv(gate.PASSWORD_ENV, PASSWORD)
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["journeymap"]
    assert [w.label for w in at.text_input] == ["Password"]
    assert not at.metric and not at.get("file_uploader") and not at.dataframe
    assert "Ashcombe" not in shown(at) and "Journey" not in shown(at)


def test_a_wrong_password_shows_nothing_and_the_right_one_opens_the_app(monkeypatch):
    monkeypatch.setenv(gate.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(gate, "WRONG_PAUSE", 0.0)
    at = app().run()
    for wrong in ("", "correct horse", PASSWORD.upper(), PASSWORD + " "):
        at.text_input(key="jm_password_typed").input(wrong)
        at.button[0].click().run()
        assert [e.value for e in at.error] == [
            "That is not the password. Ask the person who started journeymap for it."
        ]
        assert not at.metric and "Ashcombe" not in shown(at)
    at.text_input(key="jm_password_typed").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "Touchpoints with a route to treatment" in [m.label for m in at.metric]
    at.switch_page("journeymap/ui/pages/workshop.py").run()  # the session stays open
    assert any(b.label == "➕ Start a new journey" for b in at.button)


def test_without_a_password_set_the_app_opens_directly():
    at = app().run()
    assert not at.exception and at.metric and not at.text_input


def test_the_app_collects_garbage_on_a_timer():
    """Streamlit's collection after every run is off; a timer in the app frees closed sessions."""
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["runner"]["postScriptGC"] is False
    at = app().run()
    assert not at.exception
    (timer,) = [t for t in threading.enumerate() if t.name == "journeymap-gc"]
    assert timer.daemon and timer.is_alive()
    assert collect_every(60) is timer  # one per process, however many runs and sessions

    seen: list[tuple[int, str]] = []
    stop = threading.Event()
    quick = threading.Thread(target=collect_until, args=(0.05, stop), name="quick", daemon=True)
    gc.callbacks.append(
        lambda phase, info: seen.append((info["generation"], threading.current_thread().name))
    )
    try:
        quick.start()
        deadline = time.monotonic() + 10
        while (2, "quick") not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        quick.join()
        gc.callbacks.pop()
    assert (2, "quick") in seen  # a full collection (generation 2), run by the timer's thread


# --- the workshop's files and logs -------------------------------------------------------------


def by_label(widgets, label):
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return found[0]


def workshop_flow(tmp_path: Path) -> Workshop:
    """Start a journey in the app, save a step off the map with a note, change it, add another."""
    at = app().run()
    at.switch_page("journeymap/ui/pages/workshop.py").run()
    at.button(key="ws_new").click().run()
    at.button(key="ws_consent_J01_save").click().run()  # her consent first
    by_label(at.selectbox, "Where did you go?").set_value("__not_on_the_map__").run()
    typed = "What was the place? (for example: A&E, a friend's sofa)"
    by_label(at.text_input, typed).input(PLACE).run()
    by_label(at.segmented_control, "How did it feel?").set_value(-2).run()
    by_label(at.text_area, "Anything you want to add? (you can skip this)").input(NOTE).run()
    by_label(at.button, "Save this step").click().run()
    by_label(at.selectbox, "Where did you go?").set_value("ash-gp-1").run()
    by_label(at.text_area, "Anything you want to add? (you can skip this)").input(
        NOTE + " again"
    ).run()
    by_label(at.button, "Save this step").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    ws = Workshop(tmp_path / "workspace")
    assert [s.entry.note for s in ws.steps("J01")] == [NOTE, NOTE + " again"]
    return ws


def test_workshop_files_are_readable_by_their_owner_only(tmp_path):
    old = os.umask(0o022)  # a typical umask: files would be world-readable unless made private
    try:
        ws = workshop_flow(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(ws.folder.stat().st_mode) == 0o700
    files = sorted(ws.folder.iterdir())
    assert ws.path in files
    for path in files:  # journeys.sqlite3 and its -wal and -shm files
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert DB_NAME == "journeys.sqlite3"


def test_a_half_written_step_leaves_no_trace_once_saved_or_deleted(tmp_path):
    """The draft (answers kept as they are given, before Save) is gone from every file of the
    workspace once the step is saved, and with the journey when it is deleted."""
    from journeymap.workshop.store import StepEntry

    ws = Workshop(tmp_path / "ws")

    def raw() -> bytes:
        return b"".join(p.read_bytes() for p in ws.folder.iterdir())

    code = ws.new_journey(Consent(pool=True))
    ws.save_draft(code, StepEntry(place="x", note="Quokka-draft-first"))
    ws.save_draft(code, StepEntry(place="x", note="Quokka-draft-second"))
    assert ws.draft(code) is not None
    ws.add_step(code, StepEntry(place="x", note="Quokka-saved-words"))
    assert ws.draft(code) is None
    assert b"Quokka-draft" not in raw() and b"Quokka-saved-words" in raw()
    other = ws.new_journey(Consent(pool=True))
    ws.save_draft(other, StepEntry(note="Quokka-draft-withdrawn"))
    ws.delete_journey(code)
    ws.delete_journey(other)
    assert b"Quokka" not in raw()


def test_notes_and_places_never_reach_the_logs(tmp_path, caplog, capfd):
    """Every logger at its most talkative, the app's own output captured: no note, no place."""
    caplog.set_level(logging.DEBUG)
    for name in ("journeymap", "streamlit"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        workshop_flow(tmp_path)
    finally:
        logging.getLogger("streamlit").setLevel(logging.WARNING)
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert "journey J01" in logged  # the workshop does log what happened, by code
    for secret in ("Quokka-note-5521", "Quokka-place-8830"):
        assert secret not in logged


# --- PRIVACY.md is backed ----------------------------------------------------------------------


def test_every_test_and_setting_privacy_md_cites_exists():
    doc = (ROOT / "PRIVACY.md").read_text()
    cited = re.findall(r"`(tests/test_\w+\.py)::(test_\w+)`", doc)
    assert len(cited) >= 12
    for path, name in cited:
        source = (ROOT / path).read_text()
        assert re.search(rf"^def {name}\(|^async def {name}\(", source, re.M), f"{path}::{name}"
    settings = re.findall(r"`\.streamlit/config\.toml`: `(\w+)\.(\w+) = ([^`]+)`", doc)
    assert len(settings) >= 3
    toml = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    for section, key, value in settings:
        assert toml[section][key] == tomllib.loads(f"v = {value}")["v"], (section, key)
    for path in re.findall(r"`(journeymap/[\w/]+\.py)`", doc):
        assert (ROOT / path).exists(), path
