"""Workshop mode through app.py (AppTest): one page, no other journey, Pause, the gentler
step form and places in her words. The real-browser checks are in test_e2e_workshop_mode.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journeymap.ui.mode import started_in_workshop_mode
from journeymap.workshop.consent import Consent
from journeymap.workshop.first_barriers import MOST_FIRST, first_barriers
from journeymap.workshop.store import StepEntry, Workshop

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STORY = "Pangolin-story-2291 they turned me away"


@pytest.fixture
def workspace(monkeypatch, tmp_path) -> Path:
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setenv("JOURNEYMAP_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("JOURNEYMAP_FACILITATOR_PIN", "2468")
    monkeypatch.setattr("sys.argv", ["app.py", "--workshop"])
    return tmp_path / "ws"


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def one(value: str | list[str]) -> str:
    return value[0] if isinstance(value, list) else value


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in [*at.header, *at.subheader]]
    parts += [b.label for b in at.button] + [s.label for s in at.selectbox]
    return re.sub(r"\\(.)", r"\1", " ".join(parts))


def test_workshop_mode_is_switched_on_by_the_flag_or_the_environment():
    assert started_in_workshop_mode(["--workshop"], {})
    assert started_in_workshop_mode([], {"JOURNEYMAP_WORKSHOP": "1"})
    assert not started_in_workshop_mode([], {"JOURNEYMAP_WORKSHOP": "0"})
    assert not started_in_workshop_mode([], {})


def test_workshop_mode_lists_no_journey_code_and_opens_only_her_own(workspace):
    ws = Workshop(workspace)
    other = ws.new_journey(Consent(pool=True))
    ws.add_step(other, StepEntry(place="somewhere", note=STORY))
    at = app()
    assert len(at.sidebar.children) == 0  # nothing in a sidebar
    assert not at.get("file_uploader")
    assert other not in texts(at)
    assert not [s for s in at.selectbox if s.label == "Carry on with a journey"]
    # Her journey: the address carries its tablet token, so a reload opens it again.
    at.button(key="ws_new").click().run()
    mine, token = one(at.query_params["journey"]), one(at.query_params["t"])
    assert mine != other and token == ws.token(mine)
    again = app(journey=mine, t=token)
    assert [h.value for h in again.header] == [f"Journey {mine}"]
    # Another code in the address, without its token, does not open.
    peek = app(journey=other)
    assert not peek.header and STORY not in texts(peek)
    assert any("ask the facilitator" in i.value for i in peek.info)
    wrong = app(journey=other, t=token)  # her token is not the other journey's
    assert not wrong.header
    assert not app(journey=other, t="é-not-ascii").header  # an odd address opens nothing


def test_the_facilitator_opens_another_journey_with_the_pin(workspace):
    ws = Workshop(workspace)
    other = ws.new_journey(Consent(pool=True))
    at = app()
    assert not [b for b in at.button if b.key == "jm_fac_open"]
    at.text_input(key="jm_pin_typed_panel").input("2468")
    next(b for b in at.button if b.label == "Open").click().run()
    at.selectbox(key="jm_fac_pick").set_value(other).run()
    at.button(key="jm_fac_open").click().run()
    assert [h.value for h in at.header] == [f"Journey {other}"]
    # The tablet goes back to her with that journey only: the panel is locked again.
    assert not [b for b in at.button if b.key in ("jm_fac_open", "jm_leave_workshop")]
    at.text_input(key="jm_pin_typed_panel").input("2468")
    next(b for b in at.button if b.label == "Open").click().run()
    at.button(key="jm_leave_workshop").click().run()
    assert not at.exception  # the full app, for this session only


def test_finishing_makes_the_old_address_open_nothing(workspace):
    """After "Finish and hand the tablet back", the browser's Back button (the old address
    with its token) does not reopen her journey for the next woman."""
    at = app()
    at.button(key="ws_new").click().run()
    mine, token = one(at.query_params["journey"]), one(at.query_params["t"])
    Workshop(workspace).set_consent(mine, Consent(pool=True))  # as her answers on the form do
    at.run()
    assert app(journey=mine, t=token).header
    at.button(key="ws_finish").click().run()
    assert "journey" not in at.query_params
    back = app(journey=mine, t=token)
    assert not back.header


def test_in_workshop_mode_no_one_at_the_tablet_can_set_the_pin(workspace, monkeypatch):
    monkeypatch.delenv("JOURNEYMAP_FACILITATOR_PIN")
    at = app()
    assert not [t for t in at.text_input if t.key and t.key.startswith("jm_pin_new")]
    assert any("has not set a PIN yet" in m.value for m in at.markdown)


def test_pause_blanks_the_page_and_shows_support(workspace):
    ws = Workshop(workspace)
    code = ws.new_journey(Consent(pool=True, quote=True))
    ws.add_step(code, StepEntry(place="the job centre", note=STORY))
    ws.set_setting("room_contact", "Ask Jo, in the green cardigan")
    at = app(journey=code, t=ws.token(code))
    assert STORY in texts(at)
    at.button(key="jm_pause").click().run()
    shown = texts(at)
    assert STORY not in shown and "the job centre" not in shown and code not in shown
    assert "0808 2000 247" in shown and "116 123" in shown and "0300 123 6600" in shown
    assert "Ask Jo, in the green cardigan" in shown
    at.button(key="jm_carry_on").click().run()
    assert STORY in texts(at)


def test_the_step_form_shows_few_barriers_first_and_keeps_her_own_words(workspace):
    ws = Workshop(workspace)
    code = ws.new_journey(Consent(pool=True))
    at = app(journey=code, t=ws.token(code))
    first = next(p for p in at.pills if p.label == "What got in the way? (tap all that fit)")
    assert 0 < len(first.options) <= MOST_FIRST
    more = next(p for p in at.pills if p.label == "Tap any that fit")
    assert len(first.options) + len(more.options) == 19  # the rest are there, behind it
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Where did you go?")).set_value(
        "ash-gp-1"
    ).run()
    first = next(p for p in at.pills if p.label == "What got in the way? (tap all that fit)")
    first.set_value(["stigma"]).run()
    own = next(t for t in at.text_input if t.label == "Or say it in your own words")
    own.input("the bus never came; my name is Sarah Jones").run()
    assert any("might include a name" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Save this step").click().run()
    (step,) = ws.steps(code)
    assert step.entry.barriers == ("stigma", "the bus never came, my name is Sarah Jones")


def test_first_barriers_are_data_and_never_more_than_eight(tmp_path):
    assert len(first_barriers()) == MOST_FIRST
    (tmp_path / "first_barriers.csv").write_text(
        "code\nnot_a_barrier\ntransport\n" + "".join(f"{b}\n" for b in first_barriers())
    )
    mine = first_barriers(tmp_path)
    assert mine[0] == "transport" and "not_a_barrier" not in mine and len(mine) == MOST_FIRST


def test_places_read_as_women_call_them(workspace):
    ws = Workshop(workspace)
    code = ws.new_journey(Consent(pool=True))
    at = app(journey=code, t=ws.token(code))
    where = next(s for s in at.selectbox if s.label == "Where did you go?")
    labels = list(where.options)  # as she reads them
    assert "Riverside Medical Practice (a GP surgery)" in labels
    hub = next(x for x in labels if x.startswith("Ashcombe Recovery Partnership - Central Hub"))
    assert "the hub on Tower Street" in hub and "(a drug and alcohol service)" in hub
    # A place she types that is a service's other name is offered as that service.
    where.set_value("__not_on_the_map__").run()
    next(t for t in at.text_input if t.label.startswith("What was the place?")).input(
        "the hub on tower street"
    ).run()
    assert [re.sub(r"\\(.)", r"\1", i.value) for i in at.info] == [
        "Did you mean Ashcombe Recovery Partnership - Central Hub?"
    ]


def test_the_language_picker_appears_only_with_a_second_language(workspace, monkeypatch):
    assert not [s for s in app().selectbox if s.label == "Language"]  # English only: no picker
    monkeypatch.setattr(
        "journeymap.ui.speech.languages", lambda: {"en": "English", "cy": "Cymraeg"}
    )
    picker = next(s for s in app().selectbox if s.label == "Language")
    assert list(picker.options) == ["English", "Cymraeg"]


def test_the_places_to_list_outlast_the_panel_being_locked(workspace):
    """The facilitator picks the area whose services the place picker lists, then locks the
    panel: the choice is kept in the workspace, not in a widget that is no longer drawn."""
    at = app()
    at.text_input(key="jm_pin_typed_panel").input("2468")
    next(b for b in at.button if b.label == "Open").click().run()
    area = at.selectbox(key="jm_fac_places").options[1]
    at.selectbox(key="jm_fac_places").set_value(area).run()
    assert Workshop(workspace).setting("places_area") == area
    again = app()  # a new session: the panel locked
    assert not again.get("selectbox") or not [
        s for s in again.selectbox if s.key == "jm_fac_places"
    ]
    assert Workshop(workspace).setting("places_area") == area
