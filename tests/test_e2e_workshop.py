"""A real browser records a step in the workshop; the app process is stopped and a new one
started on the same workspace; the journey is all there.

Runs `streamlit run app.py -- --workspace DIR` as a user would, on a free port on 127.0.0.1,
and drives Debian's chromium with Playwright (never a downloaded browser).
"""

from __future__ import annotations

from appserver import app_server, needs_chromium

from journeymap.workshop.store import Workshop

pytestmark = needs_chromium()


def test_a_journey_survives_a_restart_of_the_app(page, tmp_path):
    from playwright.sync_api import expect

    workspace = tmp_path / "workspace"
    with app_server("--workspace", str(workspace)) as url:
        page.goto(url + "/workshop")
        page.get_by_role("button", name="Start a new journey").click()
        expect(page.get_by_role("heading", name="Journey J01")).to_be_visible(timeout=30_000)
        assert "journey=J01" in page.url
        # Her consent first: the step form appears only once she has answered.
        assert page.get_by_role("combobox", name="Where did you go?").count() == 0
        page.get_by_text("Yes, my journey can be counted together with others").click()
        page.get_by_role("button", name="Save my answers and start").click()
        place = page.get_by_role("combobox", name="Where did you go?")
        place.click()
        place.fill("Riverside")
        page.get_by_role("option", name="Riverside Medical Practice (a GP surgery)").click()
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
    with app_server("--workspace", str(workspace)) as url:
        page.goto(url + "/workshop?journey=J01")  # as a reload of the same address would
        expect(page.get_by_role("heading", name="Journey J01")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("heading", name="1. Riverside Medical Practice")).to_be_visible()
        expect(page.get_by_text("What got in the way: Nobody asked")).to_be_visible()
