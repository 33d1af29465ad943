"""The Plan page in a real browser (Debian's chromium, Playwright, `streamlit run`): the plan
for Fenmoor is shown, one proposal opens on the What if…? page, and a screenshot is saved as
`screenshots/plan.png` (the README's picture, docs/plan.png, is a copy of it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from appserver import app_server, choose, needs_chromium

pytestmark = needs_chromium()

from playwright.sync_api import Page, expect  # noqa: E402
from test_browser import no_errors, open_page, settle, shoot  # noqa: E402


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    with app_server(log=tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1500}}


def test_the_plan_for_fenmoor_and_one_change_opened(page: Page, app_url: str):
    open_page(page, app_url, "plan", "Plan")
    expect(page.get_by_text("of Ashcombe's gaps").first).to_be_visible(timeout=120_000)
    settle(page)
    choose(page, "Area", "Fenmoor")
    expect(page.get_by_text("of Fenmoor's gaps").first).to_be_visible(timeout=120_000)
    settle(page)
    centre = page.get_by_test_id("stExpander").filter(has_text="at Fenmoor Women's Centre")
    expect(centre.first).to_be_visible()
    no_errors(page)
    shoot(page, "plan")
    assert Path(__file__).resolve().parent.parent.joinpath("screenshots", "plan.png").exists()
    centre.first.get_by_text("at Fenmoor Women's Centre").first.click()
    settle(page)
    centre.first.get_by_role("button", name="Open on the What if…? page").click()
    expect(page.get_by_role("heading", name="What if…?", level=1)).to_be_visible(timeout=60_000)
    settle(page, timeout=120_000)
    expect(page.get_by_text("Fenmoor Women's Centre").first).to_be_visible()
    no_errors(page)
