"""The Workshop, Journeys and Personas pages, run headless with AppTest on the demo map.

Each page is run as Streamlit runs it (its `render()` in a script), with the workspace in a
temporary folder. The workshop flow is checked against the database itself, not only the page.
"""

from __future__ import annotations

import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from journeymap.read.load import parse_journeys
from journeymap.workshop.consent import Consent
from journeymap.workshop.store import DB_NAME, Workshop

TIMEOUT = 60
PAGE = "from journeymap.ui.pages import {0}\n{0}.render()\n"
NOTE = "Nobody asked me anything - Okapi-note-381"


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path):
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setenv("JOURNEYMAP_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setattr("sys.argv", ["app.py"])
    yield


def page(name: str, **query: str) -> AppTest:
    at = AppTest.from_string(PAGE.format(name), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def by_label(widgets, label):
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return found[0]


def save_step(
    at: AppTest, place: str, *, typed="", feeling=None, barriers=(), helped=None, note=""
):
    by_label(at.selectbox, "Where did you go?").set_value(place).run()
    if typed:
        by_label(at.text_input, "What was the place? (for example: A&E, a friend's sofa)").input(
            typed
        )
    if feeling is not None:
        by_label(at.segmented_control, "How did it feel?").set_value(feeling)
    if barriers:
        by_label(at.pills, "What got in the way? (tap all that fit)").set_value(list(barriers))
    if helped:
        by_label(at.segmented_control, "Did this help you get to the next help?").set_value(helped)
    if note:
        by_label(at.text_area, "Anything you want to add? (you can skip this)").input(note)
    at.run()
    by_label(
        at.button,
        "Save changes" if any(b.label == "Save changes" for b in at.button) else "Save this step",
    ).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def start(at: AppTest, pool: bool = True, quote: bool = False) -> str:
    """Tap 'Start a new journey' and answer the consent questions; returns the code."""
    at.button(key="ws_new").click().run()
    code = at.query_params["journey"]
    if isinstance(code, list):
        code = code[0]
    assert not [b for b in at.button if b.label == "Save this step"]  # consent first
    at.toggle(key=f"ws_consent_{code}_pool").set_value(pool)
    at.toggle(key=f"ws_consent_{code}_quote").set_value(quote)
    at.button(key=f"ws_consent_{code}_save").click().run()
    assert not at.exception, at.exception
    return code


def unlock(at: AppTest, pin: str = "2468", where: str = "panel") -> None:
    """Give the facilitator PIN (JOURNEYMAP_FACILITATOR_PIN, set by the test) in the session."""
    at.text_input(key=f"jm_pin_typed_{where}").input(pin)
    by_label(at.button, "Open").click().run()
    assert not at.exception, at.exception


def step_titles(at: AppTest) -> list[str]:
    """Step headings as a person reads them (the markdown escapes of `safe.md` removed)."""
    return [re.sub(r"\\(.)", r"\1", h.value) for h in at.subheader if h.value[:1].isdigit()]


def test_workshop_flow_is_saved_at_once_and_survives_a_reload(tmp_path):
    at = page("workshop")
    assert at.button[0].label == "➕ Start a new journey"
    assert start(at) == "J01"
    assert [h.value for h in at.header] == ["Journey J01"]

    save_step(at, "ash-gp-1", feeling=-1, barriers=["not_asked"], helped="no", note=NOTE)
    save_step(at, "__not_on_the_map__", typed="a friend's sofa", feeling=-2)
    save_step(at, "ash-treatment-hub", feeling=1, helped="yes")
    assert step_titles(at) == [
        "1. Riverside Medical Practice",
        "2. a friend's sofa",
        "3. Ashcombe Recovery Partnership - Central Hub",
    ]

    ws = Workshop(tmp_path / "workspace")
    first, sofa, _hub = ws.steps("J01")
    assert (first.entry.service, first.entry.feeling, first.entry.barriers) == (
        "ash-gp-1",
        -1,
        ("not_asked",),
    )
    assert first.entry.helped_onward is False and first.entry.note == NOTE
    assert (sofa.entry.service, sofa.entry.place) == ("", "a friend's sofa")

    # Change the off-map step.
    at.button(key=f"ws_edit_{sofa.id}").click().run()
    assert (
        by_label(at.text_input, "What was the place? (for example: A&E, a friend's sofa)").value
        == "a friend's sofa"
    )
    assert by_label(at.segmented_control, "How did it feel?").value == -2
    save_step(at, "__not_on_the_map__", typed="a friend's flat", feeling=0)
    # Delete the first step.
    at.button(key=f"ws_del_{first.id}").click().run()
    assert step_titles(at) == [
        "1. a friend's flat",
        "2. Ashcombe Recovery Partnership - Central Hub",
    ]
    steps = Workshop(tmp_path / "workspace").steps("J01")
    assert [(s.step, s.label, s.entry.feeling) for s in steps] == [
        (1, "a friend's flat", 0),
        (2, "Ashcombe Recovery Partnership - Central Hub", 1),
    ]

    # A reload: a new session with the journey in the address sees the same journey.
    again = page("workshop", journey="J01")
    assert [h.value for h in again.header] == ["Journey J01"]
    assert step_titles(again) == step_titles(at)
    # A new session without it: she picks her code from the list.
    fresh = page("workshop")
    by_label(fresh.selectbox, "Carry on with a journey").set_value("J01").run()
    assert step_titles(fresh) == step_titles(at)


def test_a_half_written_step_survives_a_reload(tmp_path):
    at = page("workshop")
    start(at)
    by_label(at.selectbox, "Where did you go?").set_value("__not_on_the_map__").run()
    by_label(at.text_input, "What was the place? (for example: A&E, a friend's sofa)").input(
        "the job centre"
    ).run()
    by_label(at.segmented_control, "How did it feel?").set_value(-1).run()
    by_label(at.text_area, "Anything you want to add? (you can skip this)").input("so far").run()
    # The page is reloaded before 'Save this step' was tapped.
    again = page("workshop", journey="J01")
    assert by_label(again.selectbox, "Where did you go?").value == "__not_on_the_map__"
    assert (
        by_label(again.text_input, "What was the place? (for example: A&E, a friend's sofa)").value
        == "the job centre"
    )
    assert by_label(again.segmented_control, "How did it feel?").value == -1
    assert (
        by_label(again.text_area, "Anything you want to add? (you can skip this)").value == "so far"
    )
    by_label(again.button, "Save this step").click().run()
    assert step_titles(again) == ["1. the job centre"]
    assert Workshop(tmp_path / "workspace").draft("J01") is None  # the draft became the step
    assert by_label(again.text_area, "Anything you want to add? (you can skip this)").value == ""


TYPED = "What was the place? (for example: A&E, a friend's sofa)"


def test_a_typed_place_that_is_on_the_list_offers_that_service(tmp_path):
    at = page("workshop")
    start(at)
    save_step(at, "fen-gp-2")  # her journey is in Fenmoor, which has one hospital
    by_label(at.selectbox, "Where did you go?").set_value("__not_on_the_map__").run()
    by_label(at.text_input, TYPED).input("A&E").run()
    assert [re.sub(r"\\(.)", r"\1", i.value) for i in at.info] == [
        "Did you mean Fenmoor and District Hospital?"
    ]
    by_label(at.button, "Yes, choose it").click().run()
    assert not at.exception and not at.warning
    assert by_label(at.selectbox, "Where did you go?").value == "fen-hospital"
    assert not [w for w in at.text_input if w.label == TYPED]
    assert Workshop(tmp_path / "workspace").draft("J01").service == "fen-hospital"  # kept
    by_label(at.button, "Save this step").click().run()
    steps = Workshop(tmp_path / "workspace").steps("J01")
    assert [(s.entry.service, s.entry.place) for s in steps] == [
        ("fen-gp-2", ""),
        ("fen-hospital", ""),
    ]


def test_a_typed_place_not_on_the_list_asks_nothing():
    at = page("workshop")
    start(at)
    by_label(at.selectbox, "Where did you go?").set_value("__not_on_the_map__").run()
    for place in ("a friend's sofa", "A&E"):  # A&E: two areas, two hospitals, no journey yet
        by_label(at.text_input, TYPED).input(place).run()
        assert not [i for i in at.info if i.value.startswith("Did you mean")]
        assert not [b for b in at.button if b.label == "Yes, choose it"]


def test_moving_steps_and_the_note_warning():
    at = page("workshop")
    start(at)
    save_step(at, "ash-gp-1", note="My name is Sarah, call 07700 900123")
    save_step(at, "ash-midwifery")
    assert any("might include a name or a phone number" in w.value for w in at.warning)
    ws_steps = [b.key for b in at.button if b.key and b.key.startswith("ws_down_")]
    at.button(key=ws_steps[0]).click().run()
    assert step_titles(at) == [
        "1. Ashcombe General Community Midwives",
        "2. Riverside Medical Practice",
    ]


def test_a_step_needs_a_place():
    at = page("workshop")
    start(at)
    by_label(at.button, "Save this step").click().run()
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in at.error] == [
        "Choose a place from the list, or type a place that is not on it."
    ]


def test_deleting_a_journey_removes_it_from_the_database_and_the_export(tmp_path):
    ws = Workshop(tmp_path / "workspace")
    keep, gone = ws.new_journey(Consent(pool=True)), ws.new_journey(Consent(pool=True))
    from journeymap.workshop.store import StepEntry

    ws.add_step(keep, StepEntry(place="home"))
    ws.add_step(gone, StepEntry(service="ash-gp-1", service_name="Riverside", note=NOTE))
    at = page("workshop", journey=gone)
    delete = at.button(key="ws_delete_journey")
    assert delete.disabled  # she has to say she is sure first
    at.checkbox(key=f"ws_sure_{gone}").check().run()
    at.button(key="ws_delete_journey").click().run()
    assert not at.exception
    assert "journey" not in at.query_params
    assert any(f"Journey {gone} has been deleted." in t.value for t in at.toast)

    assert Workshop(tmp_path / "workspace").codes() == [keep]
    export = Workshop(tmp_path / "workspace").export_csv()
    assert [j.code for j in parse_journeys(export, None)] == [keep]
    raw = b"".join(p.read_bytes() for p in (tmp_path / "workspace").iterdir())
    assert b"Okapi-note-381" not in raw
    assert (tmp_path / "workspace" / DB_NAME).exists()
    assert [o.label for o in page("workshop").selectbox if o.label == "Carry on with a journey"]


def test_facilitator_can_import_and_sees_errors_as_file_line(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNEYMAP_FACILITATOR_PIN", "2468")
    at = page("workshop")
    assert not [u for u in at.get("file_uploader")]  # behind the PIN
    unlock(at)
    good = b"journey,step,service,place,feeling\nJ07,1,ash-gp-1,,-1\nJ07,2,,home,0\n"
    at.file_uploader(key="ws_import").set_value(("journeys.csv", good, "text/csv")).run()
    at.button(key="ws_import_go").click().run()
    assert [s.value for s in at.success] == ["Added 1 journeys: J07."]
    assert Workshop(tmp_path / "workspace").codes() == ["J07"]
    bad = b"journey,step,service\nJ08,1,ash-gp-99\n"
    at.file_uploader(key="ws_import").set_value(("mine.csv", bad, "text/csv")).run()
    at.button(key="ws_import_go").click().run()
    assert at.error[0].value.startswith("Nothing was added.")
    assert at.code[-1].value.startswith("mine.csv:2: service 'ash-gp-99' is not a service id")


def test_journeys_page_shows_one_journey_and_the_pooled_view_with_the_rule():
    at = page("journeys")
    by_label(at.selectbox, "Journey").set_value("J01").run()
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    names = [t.get("name") for c in charts for t in c["data"]]
    assert "missed opportunity" in names and "journey J01" in names and "how it felt" in names
    path = next(t for c in charts for t in c["data"] if t.get("name") == "journey J01")
    assert path["text"] == ["2", "3", "4", "5", "6"]  # the mapped steps, in order (4: the hospital)
    missed = next(t for c in charts for t in c["data"] if t.get("name") == "missed opportunity")
    assert len(missed["x"]) == 2  # the GP and the midwives did not help her onward
    headings = [m.value for m in at.markdown]
    assert any("Saltings Medical Practice" in h for h in headings)
    # Pooled: every count is 5 or more, or 'fewer than 5'.
    frames = [d.value for d in at.dataframe]
    for frame in frames:
        if "Journeys" in frame.columns:
            for cell in frame["Journeys"]:
                assert cell == "fewer than 5" or int(cell) >= 5
    assert [m.value for m in at.metric] == ["12"]


def test_journeys_page_shows_workshop_journeys(tmp_path):
    ws = Workshop(tmp_path / "workspace")
    from journeymap.workshop.store import StepEntry

    code = ws.new_journey(Consent(pool=True, quote=True))
    ws.add_step(code, StepEntry(service="fen-gp-2", service_name="x", helped_onward=False))
    ws.add_step(code, StepEntry(place="home", note=NOTE))
    private = ws.new_journey(Consent(pool=False))
    ws.add_step(private, StepEntry(service="fen-gp-2", service_name="x", note="not to pool"))
    at = page("journeys")
    at.radio(key="jv_source").set_value("workshop").run()
    assert not at.exception
    assert by_label(at.selectbox, "Journey").value == code
    assert [o for o in by_label(at.selectbox, "Journey").options] == [code]  # not J02
    assert any("1 journey from the workshop is not shown" in c.value for c in at.caption)
    assert any("Saltings Medical Practice" in m.value for m in at.markdown)
    assert [m.value for m in at.metric] == ["fewer than 5"]


def test_journeys_page_shows_her_words_only_with_the_facilitator_pin(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNEYMAP_FACILITATOR_PIN", "2468")
    ws = Workshop(tmp_path / "workspace")
    from journeymap.workshop.store import StepEntry

    ws.add_step(ws.new_journey(Consent(pool=True, quote=True)), StepEntry(place="x", note=NOTE))
    at = page("journeys")
    at.radio(key="jv_source").set_value("workshop").run()

    def words_shown() -> bool:
        return any(
            "Her words" in d.value.columns or NOTE in d.value.to_string() for d in at.dataframe
        )

    assert not words_shown()
    by_label(at.selectbox, "Journey")  # the journey is there, without her words
    at.text_input(key="jm_pin_typed_journeys").input("0000")
    by_label(at.button, "Open").click().run()
    assert not words_shown() and at.error[0].value == "That is not the facilitator PIN."
    unlock(at, where="journeys")
    assert words_shown()


def test_personas_page_shows_routes_and_what_is_missing():
    at = page("personas")
    by_label(at.selectbox, "Area").set_value("Fenmoor").run()
    by_label(at.selectbox, "Group of women").set_value("pregnant").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Fenmoor Community Midwives" in text and "no safe route" in text
    assert "a specialist midwife or a pregnancy policy in treatment in Fenmoor" in text
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Group of women",
        "Places she already goes",
        "With a safe route",
        "Cut off",
    ]
    by_label(at.selectbox, "Area").set_value("Ashcombe").run()
    assert next(s.value for s in at.success).startswith("Nothing: every place she already goes")
    assert "reaches" in " ".join(m.value for m in at.markdown)
