"""The Edit map page in a real browser (Debian's chromium, Playwright, `streamlit run`).

She adds a service and a link through the page's forms, saves, and on the Network page picks
the new service and sees its route to treatment, drawn and listed. The files on disk are read
back too. Skipped when /usr/bin/chromium is missing, unless CI=true: then it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from appserver import app_server, needs_chromium
from mapkit import links_csv, services_csv

from journeymap.read import history
from journeymap.read.load import load_map

pytestmark = needs_chromium()

from playwright.sync_api import Page, expect  # noqa: E402
from test_browser import go, no_errors, open_page, settle, shoot  # noqa: E402


@pytest.fixture(scope="module")
def map_folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("map") / "ambridge"
    d.mkdir()
    (d / "services.csv").write_bytes(
        services_csv("gp gp Ambridge\ntx drug_alcohol_treatment Ambridge")
    )
    (d / "links.csv").write_bytes(links_csv("gp -> tx formal"))
    return d


@pytest.fixture(scope="module")
def app_url(map_folder, tmp_path_factory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with app_server("--map", str(map_folder), log=log) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1800}}


def pick(page: Page, label: str, option: str) -> None:
    """Choose an option of the select box with this label, by typing it as she would."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()


def test_add_a_service_and_a_link_and_see_the_new_route(page: Page, app_url: str, map_folder):
    open_page(page, app_url, "edit", "Edit map")
    form = page.get_by_test_id("stForm").filter(has_text="Add a service")
    form.get_by_label("Name").fill("Ambridge Midwives")
    pick(page, "Type", "Midwifery")
    form.get_by_role("button", name="Add the service").click()
    settle(page)
    no_errors(page)

    page.get_by_role("tab", name="Links", exact=True).click()
    pick(page, "From", "Ambridge Midwives (ambridge-midwives)")
    pick(page, "To", "TX (tx)")
    page.get_by_test_id("stForm").filter(has_text="Add a link").get_by_label(
        "Formal (a written pathway)"
    ).check(force=True)
    page.get_by_role("button", name="Add the link").click()
    settle(page)
    expect(page.get_by_text("2 changes not saved yet.")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    settle(page)
    expect(page.get_by_text("Saved to")).to_be_visible()
    no_errors(page)
    shoot(page, "edit-map-saved")

    smap = load_map(map_folder)
    assert [s.id for s in smap.services] == ["gp", "tx", "ambridge-midwives"]
    assert [(k.source, k.target, k.formal) for k in smap.links][-1] == (
        "ambridge-midwives",
        "tx",
        True,
    )
    assert len(history.versions(map_folder)) == 1

    go(page, "Network")
    pick(page, "Highlight a service", "Ambridge Midwives (Midwifery)")
    settle(page)
    page.get_by_text("Routes to another service").click()
    settle(page)
    pick(page, "To", "TX (Drug and alcohol treatment)")
    settle(page)
    found = page.get_by_test_id("stAlert").filter(has_text="From Ambridge Midwives to TX")
    expect(found).to_contain_text("1 quickest route, each 1 hand-off")
    expect(found).to_contain_text("Ambridge Midwives → referral, formal → TX")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    no_errors(page)
    shoot(page, "edit-map-new-route")
