"""Words as data: every key in every language file, every key the pages ask for, the theme's
colours in one place, and the support and first-barrier files."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

from journeymap.labels import BARRIER_LABELS, CIRCUMSTANCE_WORDS, THEME_COLOURS, TYPE_LABELS
from journeymap.vocab import BARRIERS, STAGES
from journeymap.workshop.support import contacts
from journeymap.workshop.words import WORDS_DIR, languages, read_words, words

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(WORDS_DIR.glob("*.csv"))
ENGLISH = read_words(WORDS_DIR / "en.csv")


def used_keys() -> set[str]:
    """Every literal key the UI asks `w()` for (f-string keys are the vocabularies, below)."""
    found = set()
    for path in (ROOT / "journeymap" / "ui").rglob("*.py"):
        found |= set(re.findall(r"\bw\(\s*\"([^\"{]+)\"", path.read_text()))
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_key_is_in_every_language(path):
    mine = read_words(path)
    assert sorted(set(ENGLISH) - set(mine)) == [], f"{path.name} lacks these keys"
    assert sorted(set(mine) - set(ENGLISH)) == [], f"{path.name} has keys English does not"
    for key, text in mine.items():
        assert text.strip(), f"{path.name}: '{key}' is empty"
        places = set(re.findall(r"\{(\w+)\}", text))
        assert places == set(re.findall(r"\{(\w+)\}", ENGLISH[key])), f"{path.name}: {key}"


def test_every_word_the_pages_ask_for_is_in_english():
    keys = used_keys()
    assert len(keys) > 100
    assert sorted(keys - set(ENGLISH)) == []
    vocab = (
        [f"feeling.{n}" for n in range(-2, 3)]
        + [f"stage.{s}" for s in STAGES]
        + [f"helped.{h}" for h in ("yes", "no", "unsure")]
        + [f"circumstance.{c}" for c in CIRCUMSTANCE_WORDS]
        + [f"barrier.{b}" for b in BARRIERS]
        + [f"place_type.{t}" for t in TYPE_LABELS]
        + ["yes_no.True", "yes_no.False", "language"]
    )
    assert sorted(set(vocab) - set(ENGLISH)) == []
    assert words()("barrier.stigma") == BARRIER_LABELS["stigma"]


def test_a_second_language_adds_the_picker_and_falls_back_to_english(tmp_path):
    (tmp_path / "en.csv").write_text("key,text\nlanguage,English\nhello,Hello {name}\nbye,Bye\n")
    (tmp_path / "cy.csv").write_text("key,text\nlanguage,Cymraeg\nhello,Helo {name}\n")
    assert languages(tmp_path) == {"en": "English", "cy": "Cymraeg"}
    welsh = words("cy", tmp_path)
    assert welsh("hello", name="Mari") == "Helo Mari" and welsh("bye") == "Bye"
    assert list(languages()) == [p.stem for p in FILES if p.stem == "en"] + [
        p.stem for p in FILES if p.stem != "en"
    ]
    with pytest.raises(KeyError, match="no words for 'nothing'"):
        words("en", tmp_path)("nothing")


def test_the_theme_colours_live_in_labels_and_config_toml_alike():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert {k: theme[k] for k in THEME_COLOURS} == THEME_COLOURS


def test_support_contacts_are_national_helplines_and_a_workspace_can_replace_them(tmp_path):
    got = {c.name: c.phone for c in contacts()}
    assert got["National Domestic Abuse Helpline (Refuge)"] == "0808 2000 247"
    assert got["FRANK"] == "0300 123 6600"
    assert got["Samaritans"] == "116 123"
    kinds = {c.kind for c in contacts()}
    assert {"domestic abuse", "drugs and alcohol", "mental health crisis"} <= kinds
    with (tmp_path / "support.csv").open("w", newline="") as f:
        csv.writer(f).writerows(
            [["for", "name", "phone", "hours", "about"], ["local", "Our Place", "01234", "", ""]]
        )
    assert [c.name for c in contacts(tmp_path)] == ["Our Place"]
