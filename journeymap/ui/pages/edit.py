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

from collections.abc import Mapping, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from journeymap.labels import plural
from journeymap.outputs.export import export_bytes, xlsx_available
from journeymap.read import history
from journeymap.read.mapedit import EDITABLE, Checked, Sheet, edited_files
from journeymap.read.mapview import area_names, fold, has_national
from journeymap.ui import state
from journeymap.ui.edit_forms import LINKS, SERVICES, add_link_form, add_service_form, fold_row
from journeymap.ui.editing import (
    AREA_FROM,
    DRAFT_KEY,
    Draft,
    changes_text,
    editor_key,
    has_edits,
    map_zip,
    open_draft,
)
from journeymap.ui.editing import checked as checked_files
from journeymap.ui.safe import md
from journeymap.ui.since_panel import since_panel
from journeymap.ui.suggestions_panel import suggestions_panel
from journeymap.vocab import NATIONAL

__all__ = ["render"]

FLASH_KEY = "edit_flash"
#: The bundled demo is never changed: what she tries on it goes home as a download.
DEMO_READ_ONLY = (
    "This is the bundled demo map, which journeymap never changes. Download your edited map "
    "below (zip), or copy data/demo to a folder of your own and open that with "
    "`streamlit run app.py -- --map FOLDER`."
)
AREA_KEY = "edit_area"


def _frame(sheet: Sheet) -> pd.DataFrame:
    return pd.DataFrame(list(sheet.rows), columns=list(sheet.columns), dtype="string")


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    return [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]


def _editor(
    draft: Draft, name: str, area: str | None, shown: Sequence[int] | None
) -> tuple[Sheet, tuple[int, ...] | None]:
    """The table's editor, holding every row or (on a large map) the rows at `shown`; returns
    the whole sheet with her edits (not yet folded into the draft) and where the table's rows
    are in it (None: the table holds every row, in order)."""
    whole = draft.sheets[name]
    if shown is None:
        part = whole
    else:
        part = Sheet(whole.columns, tuple(map(whole.rows.__getitem__, shown)))
    key = editor_key(name, draft.version, area)
    edited = st.data_editor(
        _frame(part),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.TextColumn(c) for c in part.columns},
    )
    delta = st.session_state.get(key)
    if not has_edits(delta):  # the rows as they are: no frame to turn back into cells
        return whole, None if shown is None else tuple(shown)
    rows = part.with_rows(_cells(edited))
    if shown is None:
        return rows, None
    deleted = delta.get("deleted_rows") if isinstance(delta, Mapping) else None
    return fold(whole, shown, rows, deleted or ())


def _area(draft: Draft) -> str | None:
    """On a large map, the area whose rows the tables hold (None: they hold every row). She
    keeps to one area until her changes there are saved or dropped."""
    services = draft.sheets[SERVICES]
    if len(services.rows) < AREA_FROM:
        return None
    areas = [*area_names(services), *([NATIONAL] if has_national(services) else [])]
    if not areas:
        return None
    busy = not _untouched(draft)
    area = st.selectbox(
        "Area to edit",
        areas,
        key=AREA_KEY,
        disabled=busy,
        format_func=lambda a: "Open to every area (national)" if a == NATIONAL else a,
        help=(
            f"A map of {len(services.rows):,} services is edited one area at a time: the tables "
            "hold the area's services, the links to or from them, and any row of no area."
        ),
    )
    if busy:
        st.caption("Save your changes here, or drop them, to edit another area.")
    return str(area)


def _row_label(name: str, columns: Sequence[str], cells: Sequence[str]) -> str:
    row = dict(zip(columns, cells, strict=True))
    if name == SERVICES:
        return f"{row.get('id') or '(no id)'} – {row.get('name') or '(no name)'}"
    return f"{row.get('from') or '?'} → {row.get('to') or '?'} ({row.get('kind') or 'no kind'})"


def _problems(
    name: str, sheet: Sheet, checked: Checked, where: tuple[int, ...] | None = None
) -> None:
    """The problems of the table's rows, each beside the row it is on (row number and what
    the row is), in the loader's words. `where`: the table's rows' places in `sheet` (None:
    the table holds every row); problems of rows not in the table are counted below it."""
    rows = checked.by_row.get(name, {})
    if not rows:
        return
    at = [p for p, r in enumerate(sheet.rows) if any(r)]  # kept_rows index → place in rows
    if where is None:
        shown = {i: i for i in rows}
    else:
        place = {p: j for j, p in enumerate(where)}
        shown = {i: place[at[i]] for i in rows if at[i] in place}
    table = [
        {
            "File": name,
            "Row": shown[i] + 1,
            "Row holds": _row_label(name, sheet.columns, sheet.rows[at[i]]),
            "Level": "warning" if p.warning else "problem",
            "What to change": p.message,
        }
        for i in sorted(rows, key=lambda i: shown.get(i, -1))
        if i in shown
        for p in rows[i]
    ]
    errors = sum(not p.warning for ps in rows.values() for p in ps)
    if errors:
        st.error(f"{plural(errors, 'problem')} in this table: nothing is saved until fixed.")
    if table:
        st.dataframe(pd.DataFrame(table), hide_index=True, key=f"problems_{name}")
    hidden = sum(len(rows[i]) for i in rows if i not in shown)
    if hidden:
        st.warning(
            f"{plural(hidden, 'more problem')} {'is' if hidden == 1 else 'are'} in rows of other "
            "areas: choose their area above to see them."
        )


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
        partial(map_zip, files),
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
        partial(map_zip, files),
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
    fold_row(draft, working, LINKS, row)
    st.rerun()


def _untouched(draft: Draft) -> bool:
    """Nothing typed since the draft was opened: no row added by a form, no cell edited."""
    if draft.sheets != draft.opened:
        return False
    area = st.session_state.get(AREA_KEY)
    return not any(
        has_edits(st.session_state.get(editor_key(name, draft.version, area)))
        or has_edits(st.session_state.get(editor_key(name, draft.version)))
        for name in EDITABLE
    )


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


def _ends(draft: Draft, services: Sheet, shown: tuple[int, ...] | None) -> tuple[Sheet, bool]:
    """The services a new link may join: every one, or on a large map the area's (as she
    has edited them) and the national ones; and whether that leaves some out."""
    if shown is None:
        return services, False
    opened = draft.sheets[SERVICES].rows  # (national ones are not edited in another area)
    rows = [*map(services.rows.__getitem__, shown)]
    rows += [opened[p] for p in draft.view(NATIONAL).services]
    return Sheet(services.columns, tuple(rows)), True


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
    with bar:
        area = _area(draft)
    view = None if area is None else draft.view(area)
    working: dict[str, Sheet] = {}
    with tab_s:
        working[SERVICES], at_s = _editor(draft, SERVICES, area, view.services if view else None)
    with tab_l:
        working[LINKS], at_l = _editor(draft, LINKS, area, view.links if view else None)
    files = edited_files(draft.files, working, draft.opened)
    checked = checked_files(files, mf.label, partial(state.loaded_from, files, mf.label))
    with tab_s:
        _problems(SERVICES, working[SERVICES], checked, at_s)
        add_service_form(draft, working, area_names(working[SERVICES]), area)
    with tab_l:
        _problems(LINKS, working[LINKS], checked, at_l)
        ends, elsewhere = _ends(draft, working[SERVICES], at_s)
        add_link_form(draft, working, ends, elsewhere=elsewhere)
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
