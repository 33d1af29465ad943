"""The gentle check for notes that look like they say who someone is."""

import pytest

from journeymap.workshop.privacy import identifying, warning_text


@pytest.mark.parametrize(
    ("note", "kinds"),
    [
        ("My name is Sarah and I went to the GP", ["a name"]),
        ("her name was Tasha", ["a name"]),
        ("I'm called Jo", ["a name"]),
        ("Mrs Patel at the surgery was kind", ["a name"]),
        ("Dr. Okafor listened", ["a name"]),
        ("Ring me on 07700 900123", ["a phone number"]),
        ("the number was 0116 496 0110", ["a phone number"]),
        ("call +44 7700 900 123", ["a phone number"]),
        ("(01632) 960210", ["a phone number"]),
        ("email jo.bloggs+help@example.org", ["an email address"]),
        ("I live at FM1 2LT", ["a postcode"]),
        ("near sw1a 1aa", ["a postcode"]),
        ("GIR 0AA", ["a postcode"]),
        ("My name is Ann, AC2 3HF, 07700900123", ["a name", "a phone number", "a postcode"]),
    ],
)
def test_spots_identifying_details(note, kinds):
    assert identifying(note) == kinds


@pytest.mark.parametrize(
    "note",
    [
        "",
        "The doctor said to ring the drug service myself. I didn't dare.",
        "Two buses each way, and the waiting room was full of men.",
        "I called Fenmoor Drug Service twice",  # 'called' alone is not a name
        "my name is on the waiting list",  # no capitalised name follows
        "Took the M1 then the A14 for 45 minutes",
        "Waited 3 months, 2 weeks",
        "In 2023 I was on 60ml",
        "01/02/2024 at 10:30, then 01.02.2024 10.30",
        "Same judge every time. She talked to me like a person.",
        "Ms",
    ],
)
def test_ordinary_sentences_pass(note):
    assert identifying(note) == []


def test_demo_notes_raise_no_warning(demo_dir):
    from journeymap.read.load import load_map

    notes = [s.note for j in load_map(demo_dir).journeys for s in j.steps if s.note]
    assert len(notes) > 30
    assert [n for n in notes if identifying(n)] == []


def test_warning_is_gentle_and_says_what():
    assert warning_text([]) == ""
    text = warning_text(["a name", "a phone number"])
    assert text.startswith("This note might include a name or a phone number.")
    assert "please check" in text
