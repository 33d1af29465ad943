"""The app in a real browser: Debian's chromium driven by Playwright against `streamlit run`.

Opens every page, uploads a map (a zip of a folder), downloads the gap CSV and compares it with
the command line's bytes, checks that a service called `<script>alert(1)</script>` shows as
those characters and runs nothing, and saves a screenshot of each page under `screenshots/`
(git-ignored). Skipped when /usr/bin/chromium is missing, unless CI=true: then it fails.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from appserver import app_server, choose, needs_chromium

pytestmark = needs_chromium()

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
SCRIPT = "<script>alert(1)</script>"
PAGES = {
    "overview": "",
    "network": "network",
    "gaps": "gaps",
    "standards": "standards",
    "service": "service",
}
SMALL = {
    "services.csv": (
        "id,name,type,area,women_only,offers\n"
        f"gp,{SCRIPT},gp,Ambridge,no,\n"
        "tx,Ambridge Recovery,drug_alcohol_treatment,Ambridge,no,creche\n"
        "wc,**Bold** Women's Centre,womens_centre,Ambridge,yes,women_only_space\n"
    ).encode(),
    "links.csv": b"from,to,kind,two_way,formal\ngp,tx,referral,no,yes\nwc,tx,co_location,,yes\n",
}

from playwright.sync_api import Page, expect  # noqa: E402


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """`streamlit run app.py` on a free local port, on the demo map, until the session ends."""
    with app_server(log=tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Tall enough that each page fits one screenshot (Streamlit scrolls inside its own frame).
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1800},
            "accept_downloads": True}  # fmt: skip


@pytest.fixture
def alerts(page: Page) -> list[str]:
    """Any JavaScript dialog the page opens (a script-tag name must never open one)."""
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def settle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the app has finished running its script and drawing."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


def open_page(page: Page, url: str, path: str, title: str) -> None:
    page.goto(f"{url}/{path}")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=60_000)
    settle(page)


def go(page: Page, title: str) -> None:
    """Move to another page through the sidebar (the session, and any upload, is kept)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=60_000)
    settle(page)


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_errors(page: Page) -> None:
    shown = page.get_by_test_id("stException").all_inner_texts()
    assert shown == [], shown


def check_overview_figures(page: Page) -> None:
    """The Ashcombe headline figures, as `metrics.headline` computes them, are on the page."""
    from journeymap.analyse import find_gaps
    from journeymap.analyse.metrics import headline
    from journeymap.graph.build import build_graph
    from journeymap.read.load import load_map

    smap = load_map(ROOT / "data" / "demo")
    G = build_graph(smap)
    h = headline(smap, G, find_gaps(smap, G), "Ashcombe")
    expect(page.get_by_role("heading", name="Ashcombe")).to_be_visible()
    for label, value in [
        ("Touchpoints with a route to treatment", f"{h.share_with_route:.0%}"),
        ("Standards met", f"{h.standards_met} of {h.standards_total}"),
    ]:
        expect(page.get_by_text(label, exact=True).first).to_be_visible()
        expect(page.get_by_role("paragraph").filter(has_text=value).first).to_be_visible()


def test_every_page_opens_on_the_demo_map(page: Page, app_url: str, alerts):
    for name, path in PAGES.items():
        open_page(page, app_url, path, name.capitalize())
        if name == "overview":
            check_overview_figures(page)
        if name == "network":
            expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        no_errors(page)
        shoot(page, name)
    assert alerts == []


def test_network_of_the_rural_area_with_a_highlighted_route(page: Page, app_url: str):
    open_page(page, app_url, "network", "Network")
    choose(page, "Area", "Fenmoor")
    settle(page)
    box = page.get_by_test_id("stSelectbox").filter(has_text="Highlight a service")
    box.click()
    page.keyboard.type("Marsh Road Pharmacy")
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="quickest routes")).to_be_visible()
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    no_errors(page)
    shoot(page, "network-fenmoor")


def test_gap_download_is_the_cli_report(page: Page, app_url: str, run_cli):
    open_page(page, app_url, "gaps", "Gaps")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Download these \d+ gaps")).click()
    got = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "journeymap-gaps.csv"
    assert got == run_cli("report", ROOT / "data" / "demo").out


def test_upload_a_zip_and_see_names_as_text(page: Page, app_url: str, alerts, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in SMALL.items():
            z.writestr(f"ambridge/{name}", data)
    archive = tmp_path / "ambridge.zip"
    archive.write_bytes(out.getvalue())

    open_page(page, app_url, "", "Overview")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(archive))
    expect(page.get_by_role("heading", name="Ambridge")).to_be_visible(timeout=60_000)
    settle(page)
    no_errors(page)
    shoot(page, "upload-overview")

    go(page, "Service")
    # names sort "**Bold**…" first: markdown in a name is shown as typed, not bold
    expect(page.get_by_role("heading", name="**Bold** Women's Centre")).to_be_visible()
    box = page.get_by_test_id("stSelectbox").filter(has_text="Service")
    box.click()
    page.get_by_role("option", name=re.compile("alert")).click()
    settle(page)
    expect(page.get_by_role("heading", name=SCRIPT, exact=True)).to_be_visible()
    assert page.locator("script", has_text="alert(1)").count() == 0
    no_errors(page)
    shoot(page, "upload-service-script-name")

    go(page, "Network")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    no_errors(page)
    assert alerts == []


def test_a_broken_upload_lists_its_problems(page: Page, app_url: str, tmp_path):
    services = tmp_path / "services.csv"
    services.write_bytes(SMALL["services.csv"].replace(b",gp,Ambridge", b",midwife,Ambridge"))
    links = tmp_path / "links.csv"
    links.write_bytes(SMALL["links.csv"])
    open_page(page, app_url, "", "Overview")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(services), str(links)])
    expect(page.get_by_text("services.csv:2: type 'midwife' is not a service type")).to_be_visible(
        timeout=60_000
    )
    no_errors(page)
    shoot(page, "upload-broken")
