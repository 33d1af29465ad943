"""Her consent, asked in plain words before the first step of her journey is saved, and
changed at any time after (`workshop.consent`)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from journeymap.ui.facilitator import KEEP_UNTIL
from journeymap.ui.speech import w
from journeymap.workshop.consent import Consent
from journeymap.workshop.store import Workshop

__all__ = ["consent_form", "kept_words"]


def kept_words(ws: Workshop) -> str:
    """How long her journey is kept, in words: until the date the facilitator set, or asked."""
    kept = ws.setting(KEEP_UNTIL)
    if not kept:
        return w("consent.keep_no_date")
    day = dt.date.fromisoformat(kept)
    return w("consent.keep_until", date=f"{day.day} {w(f'month.{day.month}')} {day.year}")


def consent_form(ws: Workshop, code: str, old: Consent | None) -> None:
    """What will happen to what she says, a yes for each use, and a button to keep her answers.

    `old` is her answers so far (None the first time: nothing of hers is saved before this).
    """
    st.subheader(w("consent.title"))
    st.write(w("consent.intro"))
    st.markdown(
        "\n".join(
            f"- {line}"
            for line in (
                w("consent.pooled"),
                w("consent.small"),
                w("consent.quote_rule"),
                kept_words(ws),
                w("consent.change"),
            )
        )
    )
    k = f"ws_consent_{code}_"
    pool = st.toggle(w("consent.yes_pool"), value=old.pool if old else False, key=k + "pool")
    quote = st.toggle(w("consent.yes_quote"), value=old.quote if old else False, key=k + "quote")
    label = w("consent.save") if old is None else w("consent.save_changes")
    if st.button(label, type="primary", key=k + "save"):
        ws.set_consent(code, Consent(pool=pool, quote=quote, keep_until=ws.setting(KEEP_UNTIL)))
        st.toast(w("consent.saved"), icon="✅")
        st.rerun()
