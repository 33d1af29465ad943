"""Edit map page: the services and links as tables to change, checked as she types, saved whole.

The tables hold the cells as they are in services.csv and links.csv (extra columns too). After
every change the page writes the tables back into CSV bytes and reads them with the loader
(`read.mapedit.check_files`), so a change is judged by exactly the rules a file on disk is, and
each problem is listed under its table with the row it is on; Save stays off while any error
stands. A map folder is saved by `read.history.save` (the version before kept in `history/`,
Undo back through it, a save from a stale copy refused with what changed and nothing lost); an
uploaded map has no folder, so its edits are kept in this browser session (every page shows
them) and downloaded as a zip.

How the editors keep what she typed: each table's editor starts from a fixed frame (the
draft's sheet) and Streamlit keeps her edits as a delta over it; the page folds the edits into
the draft only when a form adds a row, and then starts fresh editors (a new key) on the folded
frame, so no edit is applied twice or lost (Streamlit issue #7749).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial

import pandas as pd
import streamlit as st

from journeymap.labels import plural, type_label
from journeymap.outputs.export import export_bytes, xlsx_available
from journeymap.read import history
from journeymap.read.mapedit import EDITABLE, Checked, Sheet, edited_files
from journeymap.ui import state
from journeymap.ui.editing import (
    DRAFT_KEY,
    Draft,
    changes_text,
    map_zip,
    next_version,
    open_draft,
)
from journeymap.ui.editing import checked as checked_files
from journeymap.ui.safe import md
from journeymap.ui.since_panel import since_panel
from journeymap.ui.suggestions_panel import suggestions_panel
from journeymap.vocab import LINK_KINDS, NATIONAL, SERVICE_TYPES

__all__ = ["render"]

FLASH_KEY = "edit_flash"
#: The bundled demo is never changed: what she tries on it goes home as a download.
DEMO_READ_ONLY = (
    "This is the bundled demo map, which journeymap never changes. Download your edited map "
    "below (zip), or copy data/demo to a folder of your own and open that with "
    "`streamlit run app.py -- --map FOLDER`."
)
SERVICES, LINKS = "services.csv", "links.csv"


def _frame(sheet: Sheet) -> pd.DataFrame:
    return pd.DataFrame(list(sheet.rows), columns=list(sheet.columns), dtype="string")


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    return [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]


def _editor(draft: Draft, name: str) -> Sheet:
    """The table's editor; returns the sheet with her edits (not yet folded into the draft)."""
    sheet = draft.sheets[name]
    edited = st.data_editor(
        _frame(sheet),
        key=f"edit_{name.removesuffix('.csv')}_{draft.version}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.TextColumn(c) for c in sheet.columns},
    )
    return sheet.with_rows(_cells(edited))


def _row_label(name: str, sheet: Sheet, index: int) -> str:
    row = dict(zip(sheet.columns, sheet.kept_rows()[index], strict=True))
    if name == SERVICES:
        return f"{row.get('id') or '(no id)'} – {row.get('name') or '(no name)'}"
    return f"{row.get('from') or '?'} → {row.get('to') or '?'} ({row.get('kind') or 'no kind'})"


def _problems(name: str, sheet: Sheet, checked: Checked) -> None:
    """The problems of the table's rows, each beside the row it is on (row number and what
    the row is), in the loader's words."""
    rows = checked.by_row.get(name, {})
    if not rows:
        return
    table = [
        {
            "File": name,
            "Row": i + 1,
            "Row holds": _row_label(name, sheet, i),
            "Level": "warning" if p.warning else "problem",
            "What to change": p.message,
        }
        for i in sorted(rows)
        for p in rows[i]
    ]
    errors = sum(not p.warning for ps in rows.values() for p in ps)
    if errors:
        st.error(f"{plural(errors, 'problem')} in this table: nothing is saved until fixed.")
    st.dataframe(pd.DataFrame(table), hide_index=True, key=f"problems_{name}")


def _fold(draft: Draft, working: Mapping[str, Sheet], name: str, row: Mapping[str, str]) -> None:
    """Put the editors' edits and one new row into the draft, and start fresh editors."""
    sheets = dict(working)
    sheet = sheets[name]
    sheets[name] = sheet.with_rows([*sheet.kept_rows(), [row.get(c, "") for c in sheet.columns]])
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


def _add_link_form(draft: Draft, working: Mapping[str, Sheet]) -> None:
    names = _names(working[SERVICES])
    ids = sorted(names, key=lambda n: names[n].lower())
    with st.form("add_link", clear_on_submit=True, border=True):
        st.markdown("**Add a link**")
        ends = st.columns(2)
        source = ends[0].selectbox("From", ids, format_func=names.__getitem__, key="link_from")
        target = ends[1].selectbox("To", ids, format_func=names.__getitem__, key="link_to")
        opts = st.columns(3)
        kind = opts[0].selectbox(
            "Kind", LINK_KINDS, format_func=lambda k: k.replace("_", " "), key="link_kind"
        )
        formal = opts[1].checkbox("Formal (a written pathway)", key="link_formal")
        two_way = opts[2].checkbox("Two-way (referrals both ways)", key="link_two_way")
        note = st.text_input("Note", key="link_note")
        if st.form_submit_button("Add the link") and source and target:
            _fold(
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


def _add_service_form(draft: Draft, working: Mapping[str, Sheet], areas: list[str]) -> None:
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
            [*areas, NATIONAL],
            # A new key whenever the tables start afresh: a typed new area or another map's
            # area must not stay chosen once the map's areas have changed.
            key=f"service_area_{draft.version}",
            accept_new_options=True,
            help="Pick one, or type the name of a new area.",
        )
        provider = mid[2].text_input("Provider", key="service_provider")
        postcode = st.text_input("Postcode", key="service_postcode")
        if st.form_submit_button("Add the service"):
            made = sid.strip() or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            _fold(
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


def _areas(sheet: Sheet) -> list[str]:
    found = []
    for r in sheet.kept_rows():
        area = dict(zip(sheet.columns, r, strict=True))["area"]
        if area and area.lower() != NATIONAL and area not in found:
            found.append(area)
    return found


def _save(draft: Draft, mf: state.MapFiles, files: dict[str, bytes]) -> None:
    """Save to the folder (or keep in the session, for an upload); refuse a stale save."""
    if mf.folder is not None and state.is_demo(mf.folder):
        st.error(DEMO_READ_ONLY)
        return
    if mf.folder is None:
        state.keep_edit(files, mf.label, draft.files)
        st.session_state[FLASH_KEY] = "Kept for this browser session. Download the map to keep it."
    else:
        try:
            history.save(mf.folder, files, draft.origin)
        except history.Stale as stale:
            draft.conflict = stale.files
            st.rerun()
        except OSError as exc:
            _cannot("save to", mf.folder, exc)
            return
        state.saved()
        st.session_state[FLASH_KEY] = f"Saved to {mf.folder}. The version before is in the history."
    st.session_state.pop(DRAFT_KEY, None)
    st.rerun()


def _undo(draft: Draft, mf: state.MapFiles) -> None:
    """Step back one saved version (or one kept edit of an upload)."""
    if mf.folder is None:
        if not state.undo_edit():
            return
    else:
        try:
            history.undo(mf.folder, draft.origin)
        except history.Stale as stale:
            draft.conflict = stale.files
            st.rerun()
        except LookupError:
            return  # nothing saved to go back to (the button is off then)
        except OSError as exc:
            _cannot("undo in", mf.folder, exc)
            return
        state.saved()
    st.session_state[FLASH_KEY] = "Undone: the map is back as it was before the last save."
    st.session_state.pop(DRAFT_KEY, None)
    st.rerun()


def _cannot(what: str, folder: object, exc: OSError) -> None:
    """A file system error, in one plain sentence: no traceback, nothing she typed lost."""
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    st.error(
        md(f"Could not {what} {folder}: {reason}{where}. ")
        + "Nothing you typed is lost: check that the folder can be written to and try again, "
        "or download the map (zip) below."
    )


def _conflict(draft: Draft, files: dict[str, bytes], label: str) -> None:
    assert draft.conflict is not None
    st.error(
        "Someone saved this map after you opened it, so your changes were not saved (nothing "
        "you typed is lost: it is all still in the tables below). What they changed:"
    )
    st.code(
        "\n".join(changes_text(draft.files, draft.conflict, label)) or "(nothing)", language=None
    )
    st.download_button(
        "Download your version (zip)",
        map_zip(files),
        file_name="map-your-version.zip",
        mime="application/zip",
        on_click="ignore",
        key="download_mine",
    )
    if st.button("Open the saved map instead (your changes are dropped)", key="take_theirs"):
        st.session_state.pop(DRAFT_KEY, None)
        st.rerun()


def _bar(draft: Draft, mf: state.MapFiles, files: dict[str, bytes], checked: Checked) -> None:
    """Where the map is saved, what is unsaved, Save, Undo and the download."""
    dirty = files != draft.files
    cols = st.columns([2, 1, 1, 1])
    if not dirty:
        cols[0].caption("No unsaved changes.")
    elif checked.errors:
        cols[0].warning(
            f"{plural(len(checked.errors), 'problem')} to fix before saving (listed under the "
            "tables)."
        )
    else:
        changes = changes_text(draft.files, files, mf.label)
        cols[0].info(f"{plural(len(changes), 'change')} not saved yet.")
    label = "Save" if mf.folder is not None else "Keep these changes"
    ready = dirty and checked.ok
    # Checked again on the click itself: a disabled button is only a sign on the screen.
    if cols[1].button(label, type="primary", disabled=not ready, key="save") and ready:
        _save(draft, mf, files)
    edit = state.edited()
    can_undo = (
        bool(history.versions(mf.folder)) if mf.folder is not None else bool(edit and edit.earlier)
    )
    if dirty:
        if cols[2].button("Drop my unsaved changes", key="drop"):
            st.session_state.pop(DRAFT_KEY, None)
            st.rerun()
    elif cols[2].button("Undo the last save", disabled=not can_undo, key="undo"):
        _undo(draft, mf)
    cols[3].download_button(
        "Download the map (zip)",
        map_zip(files),
        file_name="map.zip",
        mime="application/zip",
        on_click="ignore",
        key="download_map",
    )
    m = state.view()
    if not dirty and m.ok and xlsx_available():
        cols[3].download_button(
            "Download as a workbook",
            data=partial(_workbook, m),
            file_name="map.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            key="download_workbook",
            help="Services, links and the gap report on three sheets, for Excel.",
        )


def _workbook(m: state.MapView) -> bytes:
    """The map shown (saved, or kept for this session) as an Excel workbook, made on click."""
    assert m.smap is not None
    return export_bytes(m.smap, "xlsx", m.findings)


def _add_suggested(draft: Draft, working: Mapping[str, Sheet], row: Mapping[str, str]) -> None:
    _fold(draft, working, LINKS, row)
    st.rerun()


def _untouched(draft: Draft) -> bool:
    """Nothing typed since the draft was opened: no row added by a form, no cell edited."""
    if draft.sheets != draft.opened:
        return False
    for name in EDITABLE:
        edits = st.session_state.get(f"edit_{name.removesuffix('.csv')}_{draft.version}")
        if edits and any(edits.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
            return False
    return True


def _current_draft(mf: state.MapFiles) -> Draft:
    """Her draft; opened afresh when there is none, when the map comes from somewhere else
    now, or when the files changed and she has typed nothing (else her draft is kept, and a
    save will say what changed)."""
    draft = st.session_state.get(DRAFT_KEY)
    base = history.digest(mf.files)
    if isinstance(draft, Draft) and (
        draft.origin == base or (draft.source == mf.source and not _untouched(draft))
    ):
        return draft
    draft = open_draft(mf)
    st.session_state[DRAFT_KEY] = draft
    return draft


def render() -> None:
    """The Edit map page."""
    st.title("Edit map")
    mf = state.map_files()
    if SERVICES not in mf.files:
        st.error(md(f"The map from {mf.source} has no services.csv to edit."))
        st.stop()
    draft = _current_draft(mf)
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(md(flash))
    st.caption(
        md(f"Editing {mf.source}. ")
        + "Change any cell, add rows at the bottom of a table, or select rows and delete them. "
        "Every change is checked as a map file is checked when it is loaded."
    )
    bar = st.container()
    tab_s, tab_l, tab_sugg, tab_hist = st.tabs(
        ["Services", "Links", "Suggested links", "What changed"]
    )
    working: dict[str, Sheet] = {}
    with tab_s:
        working[SERVICES] = _editor(draft, SERVICES)
    with tab_l:
        working[LINKS] = _editor(draft, LINKS)
    files = edited_files(draft.files, working, draft.opened)
    checked = checked_files(files, mf.label)
    with tab_s:
        _problems(SERVICES, working[SERVICES], checked)
        _add_service_form(draft, working, _areas(working[SERVICES]))
    with tab_l:
        _problems(LINKS, working[LINKS], checked)
        _add_link_form(draft, working)
    others = [p for p in checked.elsewhere() if not p.warning]
    with bar:
        if draft.conflict is not None:
            _conflict(draft, files, mf.label)
        elif draft.origin != history.digest(mf.files):
            st.warning(
                "This map was saved from somewhere else since you opened it. Your changes are "
                "kept here; saving will show you what changed first."
            )
        _bar(draft, mf, files, checked)
        if others:
            st.error("Problems in the map's other files (fix them there):")
            st.code("\n".join(str(p) for p in others), language=None, wrap_lines=True)
    with tab_sugg:
        suggestions_panel(mf, checked, partial(_add_suggested, draft, working))
    with tab_hist:
        since_panel(mf, files)


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
