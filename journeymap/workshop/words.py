"""Every word a woman may read in the workshop, as data: one CSV file per language.

`data/words/en.csv` holds `key,text` rows (`text` may hold `{name}` places filled in when it is
shown); `data/words/cy.csv`, `data/words/pl.csv`, … add languages, each with the same keys
(tests/test_words.py checks every key is in every file). The key `language` is the language's
own name for itself, as the language picker shows it. Translators edit a spreadsheet, not code.

Words for the vocabularies are keyed by their codes: `feeling.-2`, `stage.seeking_help`,
`helped.yes`, `circumstance.mother`, `barrier.stigma`, `place_type.gp`.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from pathlib import Path

from journeymap.resources import DATA_DIR

__all__ = ["DEFAULT", "WORDS_DIR", "Words", "languages", "words"]

WORDS_DIR = DATA_DIR / "words"
DEFAULT = "en"


class Words:
    """One language's words. `w(key, **values)` is the text with its `{places}` filled."""

    def __init__(self, table: Mapping[str, str], fallback: Words | None = None):
        self.table = dict(table)
        self.fallback = fallback

    def __call__(self, key: str, **values: object) -> str:
        text = self.table.get(key)
        if text is None:
            if self.fallback is None:
                raise KeyError(f"no words for '{key}' in {WORDS_DIR / (DEFAULT + '.csv')}")
            return self.fallback(key, **values)
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The words for `key`, or `default` when no language has them (a custom code)."""
        if key in self.table:
            return self.table[key]
        return self.fallback.get(key, default) if self.fallback else default


def read_words(path: Path) -> dict[str, str]:
    """A words file as key → text. Cost: one read of the file."""
    text = path.read_text(encoding="utf-8-sig")
    return {row["key"]: row["text"] for row in csv.DictReader(io.StringIO(text)) if row["key"]}


@functools.cache
def languages(folder: Path = WORDS_DIR) -> dict[str, str]:
    """Language code → its own name, English first, then the others by code."""
    found = {p.stem: read_words(p).get("language", p.stem) for p in sorted(folder.glob("*.csv"))}
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != DEFAULT, kv[0])))


@functools.cache
def words(language: str = DEFAULT, folder: Path = WORDS_DIR) -> Words:
    """The words of `language` (English for any key it lacks, and for an unknown language)."""
    english = Words(read_words(folder / f"{DEFAULT}.csv"))
    path = folder / f"{language}.csv"
    if language == DEFAULT or not path.is_file():
        return english
    return Words(read_words(path), fallback=english)
