"""The Edit map page's two forms (add a service, add a link), and how a new row joins the draft.

A form's row is folded into the draft with the editors' edits so far, and the editors start
afresh on the folded tables (see `ui.pages.edit`): nothing she typed is applied twice or lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import streamlit as st

from journeymap.labels import type_label
from journeymap.read.mapedit import Sheet
from journeymap.ui.editing import Draft, next_version
from journeymap.vocab import LINK_KINDS, NATIONAL, SERVICE_TYPES

__all__ = ["LINKS", "SERVICES", "add_link_form", "add_service_form", "fold_row"]

SERVICES, LINKS = "services.csv", "links.csv"


def fold_row(draft: Draft, working: Mapping[str, Sheet], name: str, row: Mapping[str, str]) -> None:
    """Put the editors' edits and one new row into the draft, and start fresh editors."""
    sheets = dict(working)
    sheet = sheets[name]
    new = sheet.with_rows([[row.get(c, "") for c in sheet.columns]]).rows
    sheets[name] = Sheet(sheet.columns, (*sheet.kept_rows(), *new))
    draft.sheets = sheets
    draft.version = next_version()


def _names(sheet: Sheet) -> dict[str, str]:
    """Service id → 'name (id)' from the services table as it is being edited."""
    out: dict[str, str] = {}
    for r in sheet.kept_rows():
        row = dict(zip(sheet.columns, r, strict=True))
        if row["id"]:
            out.setdefault(row["id"], f"{row['name'] or row['id']} ({row['id']})")
    return out


def add_link_form(
    draft: Draft, working: Mapping[str, Sheet], ends: Sheet, *, elsewhere: bool = False
) -> None:
    """The form that adds a link between two of the services of `ends` (every service, or on
    a large map the area's and the national ones: `elsewhere` says so under the form)."""
    names = _names(ends)
    ids = sorted(names, key=lambda n: names[n].lower())
    with st.form("add_link", clear_on_submit=True, border=True):
        st.markdown("**Add a link**")
        if elsewhere:
            st.caption(
                "The lists hold this area's services and those open to every area. For a link "
                "to a service in another area, add a row to the table with the service's id."
            )
        cols = st.columns(2)
        source = cols[0].selectbox("From", ids, format_func=names.__getitem__, key="link_from")
        target = cols[1].selectbox("To", ids, format_func=names.__getitem__, key="link_to")
        opts = st.columns(3)
        kind = opts[0].selectbox(
            "Kind", LINK_KINDS, format_func=lambda k: k.replace("_", " "), key="link_kind"
        )
        formal = opts[1].checkbox("Formal (a written pathway)", key="link_formal")
        two_way = opts[2].checkbox("Two-way (referrals both ways)", key="link_two_way")
        note = st.text_input("Note", key="link_note")
        if st.form_submit_button("Add the link") and source and target:
            fold_row(
                draft,
                working,
                LINKS,
                {
                    "from": source,
                    "to": target,
                    "kind": kind,
                    "two_way": "yes" if two_way else "",
                    "formal": "yes" if formal else "no",
                    "notes": note,
                },
            )
            st.rerun()


def add_service_form(
    draft: Draft, working: Mapping[str, Sheet], areas: Sequence[str], chosen: str | None = None
) -> None:
    """The form that adds a service; its area list starts at `chosen` when given."""
    options = [*areas, NATIONAL]
    with st.form("add_service", clear_on_submit=True, border=True):
        st.markdown("**Add a service**")
        top = st.columns(2)
        name = top[0].text_input("Name", key="service_name")
        sid = top[1].text_input(
            "Id (letters, digits, - _ .)", key="service_id", help="Left blank: made from the name."
        )
        mid = st.columns(3)
        stype = mid[0].selectbox("Type", SERVICE_TYPES, format_func=type_label, key="service_type")
        area = mid[1].selectbox(
            "Area",
            options,
            index=options.index(chosen) if chosen in options else 0,
            # A new key whenever the tables start afresh or show another area: a typed new
            # area or another map's area must not stay chosen once the map's areas changed.
            key=f"service_area_{draft.version}" + (f"_{chosen}" if chosen else ""),
            accept_new_options=True,
            help="Pick one, or type the name of a new area.",
        )
        provider = mid[2].text_input("Provider", key="service_provider")
        postcode = st.text_input("Postcode", key="service_postcode")
        if st.form_submit_button("Add the service"):
            made = sid.strip() or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            fold_row(
                draft,
                working,
                SERVICES,
                {
                    "id": made,
                    "name": name,
                    "type": stype,
                    "area": area or "",
                    "provider": provider,
                    "postcode": postcode,
                },
            )
            st.rerun()
