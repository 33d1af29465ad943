"""The password in a real browser: a deep link to a page shows only the password box, a wrong
password shows nothing more, the right one opens the page that was asked for."""

from __future__ import annotations

from appserver import app_server, needs_chromium

pytestmark = needs_chromium()
PASSWORD = "correct horse battery staple"


def test_a_shared_server_asks_for_the_password_first(page, tmp_path):
    from playwright.sync_api import expect

    env = {"JOURNEYMAP_PASSWORD": PASSWORD, "JOURNEYMAP_WORKSPACE": str(tmp_path / "ws")}
    with app_server(env=env) as url:
        page.goto(url + "/workshop?journey=J01")
        box = page.get_by_label("Password", exact=True)
        expect(box).to_be_visible(timeout=30_000)
        assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
        assert page.get_by_text("Start a new journey").count() == 0
        assert page.get_by_test_id("stSidebarNav").count() == 0  # not even the page list

        box.fill("not it")
        page.get_by_role("button", name="Open journeymap").click()
        expect(page.get_by_text("That is not the password.")).to_be_visible(timeout=30_000)
        assert page.get_by_text("Start a new journey").count() == 0

        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Open journeymap").click()
        expect(page.get_by_role("button", name="Start a new journey")).to_be_visible(timeout=30_000)
        assert page.get_by_test_id("stException").count() == 0
