"""Axe-core (axe-playwright-python, the axe script run in the page by Playwright) on every page
of the app, in both modes, in Debian's chromium: no serious or critical violation.

The pages are those in the sidebar's page list, so a page added to app.py is checked too. In
workshop mode, every screen a woman meets: the start, consent, the step form with "something
else" open, the Pause screen, and the facilitator's PIN box.
"""

from __future__ import annotations

import re

from appserver import app_server, needs_chromium

from journeymap.workshop.consent import Consent
from journeymap.workshop.store import StepEntry, Workshop

pytestmark = needs_chromium()

SERIOUS = {"serious", "critical"}


def settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
    )
    page.wait_for_timeout(300)


def serious(page, where: str) -> list[str]:
    """Each serious or critical axe violation on the page as it is now, in words."""
    from axe_playwright_python.sync_playwright import Axe

    settle(page)
    found = Axe().run(page).response["violations"]
    return [
        f"{where}: {v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(
            f"{n['target']} ({(n.get('any') or [{}])[0].get('message', '')})"
            for n in v["nodes"][:3]
        )
        for v in found
        if v.get("impact") in SERIOUS
    ]


def test_every_page_has_no_serious_accessibility_violation(page, tmp_path):
    from playwright.sync_api import expect

    problems: list[str] = []
    env = {"JOURNEYMAP_WORKSPACE": str(tmp_path / "ws")}
    with app_server(env=env, log=tmp_path / "server.log") as url:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav).to_be_visible(timeout=60_000)
        sidebar = page.get_by_test_id("stSidebar")
        more = sidebar.get_by_role("button", name=re.compile(r"^View \d+ more$"))
        if more.count():  # the sidebar folds away pages past the tenth until asked
            more.click()
            expect(more).to_have_count(0)
        links = page.eval_on_selector_all(
            '[data-testid="stSidebarNav"] a[href]', "els => els.map(e => e.href)"
        )
        assert len(links) >= 10, links
        for link in links:
            # Through the page's own link, as she moves between pages: a fresh load of each
            # would cost chromium about a second of CPU more per page, for the same page drawn.
            page.eval_on_selector(
                f'[data-testid="stSidebarNav"] a[href="{link}"]', "a => a.click()"
            )
            page.wait_for_url(link, timeout=60_000)
            expect(page.get_by_test_id("stMain")).to_be_visible(timeout=60_000)
            problems += serious(page, link.removeprefix(url) or "/")
    assert not problems, "\n".join(problems)


def test_every_workshop_screen_has_no_serious_accessibility_violation(page, tmp_path):
    from playwright.sync_api import expect

    ws = Workshop(tmp_path / "ws")
    code = ws.new_journey(Consent(pool=True, quote=True))
    ws.add_step(code, StepEntry(place="the job centre", feeling=-1, barriers=("stigma",)))
    env = {"JOURNEYMAP_WORKSPACE": str(tmp_path / "ws"), "JOURNEYMAP_FACILITATOR_PIN": "1357"}
    problems: list[str] = []
    with app_server("--workshop", env=env, log=tmp_path / "server.log") as url:
        page.set_viewport_size({"width": 820, "height": 1180})
        page.goto(url)
        expect(page.get_by_role("button", name="Start a new journey")).to_be_visible(timeout=60_000)
        page.get_by_text("For the facilitator").click()
        problems += serious(page, "start, with the PIN box")
        page.get_by_role("button", name="Start a new journey").click()
        expect(page.get_by_text("Before you start")).to_be_visible(timeout=30_000)
        problems += serious(page, "consent")
        page.goto(f"{url}/?journey={code}&t={ws.token(code)}")
        expect(page.get_by_text("Something else got in the way")).to_be_visible(timeout=30_000)
        page.get_by_text("Something else got in the way").click()
        problems += serious(page, "step form")
        page.get_by_role("button", name="Pause").click()
        expect(page.get_by_role("heading", name="Paused")).to_be_visible(timeout=30_000)
        problems += serious(page, "pause")
    assert not problems, "\n".join(problems)
