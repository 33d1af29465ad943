"""The words of this browser session's language (`workshop.words`), and the language picker.

Pages that a woman may read take every word from `w(key)`, never from a literal, so the
page reads in the language chosen here. The picker appears only when more than one words file
is in data/words.
"""

from __future__ import annotations

import streamlit as st

from journeymap.workshop.words import DEFAULT, languages, words

__all__ = ["LANGUAGE_KEY", "picker", "w"]

LANGUAGE_KEY = "jm_language"


def w(key: str, **values: object) -> str:
    """The words for `key` in this session's language, with `{places}` filled from `values`."""
    return words(st.session_state.get(LANGUAGE_KEY, DEFAULT))(key, **values)


def word_or(key: str, default: str) -> str:
    """Like `w`, for a vocabulary code that may be custom (her own barrier): `default` then."""
    return words(st.session_state.get(LANGUAGE_KEY, DEFAULT)).get(key, default)


def picker() -> None:
    """The language picker, when there is more than one language to choose."""
    found = languages()
    if len(found) > 1:
        st.selectbox(
            w("pick_language"), list(found), format_func=found.__getitem__, key=LANGUAGE_KEY
        )
