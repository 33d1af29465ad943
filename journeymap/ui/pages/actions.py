"""Actions page: what was agreed on each gap, who does it, by when, and how it stands.

She turns a finding or a plan proposal into an action and edits its owner, date and status;
each change is written at once to the map folder's actions.csv, atomically (a temporary
file, then a rename), so nothing is lost and a half-written file is never read. The map is
then read again (its files changed), so the Gaps page's download and `journeymap report`
show the action at once. An uploaded map, and the bundled demo, are not written to: their
actions.csv can be downloaded instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from journeymap.models import ACTION_STATUSES, Action, Finding
from journeymap.read.actions import ACTION_FILE, actions_csv
from journeymap.read.atomic import write_atomic
from journeymap.ui import plans, state
from journeymap.ui.safe import md
from journeymap.ui.widgets import pick_area

__all__ = ["Target", "render", "save"]

EDITABLE = ["action", "owner", "due", "status", "note"]


@dataclass(frozen=True)
class Target:
    """Something an action can be about: a finding or a plan proposal, as `about` names it."""

    about: str
    label: str


def _targets(findings: list[Finding], proposals: list[tuple[str, str]]) -> list[Target]:
    out = [
        Target(
            f"{f.category}:{f.subject_id}",
            f"{f.severity} · {f.category.replace('_', ' ')} · {f.subject_name}",
        )
        for f in findings
    ]
    out += [Target(f"plan:{pid}", f"plan · {name}") for pid, name in proposals]
    return out


def _folder(m: state.MapView) -> Path | None:
    """The folder the map came from, when actions may be written to it."""
    return state.writable_folder()


def save(folder: Path, actions: list[Action]) -> None:
    """Write actions.csv into `folder` atomically."""
    write_atomic(folder / ACTION_FILE, actions_csv(actions))


def _next_id(actions: list[Action]) -> str:
    numbers = [int(a.id[1:]) for a in actions if a.id[:1] == "A" and a.id[1:].isdigit()]
    return f"A{max(numbers, default=0) + 1}"


def _frame(actions: list[Action]) -> pd.DataFrame:
    rows = [[a.id, a.about, a.action, a.owner, a.due, a.status, a.note] for a in actions]
    return pd.DataFrame(rows, columns=["id", "about", *EDITABLE])


def render() -> None:
    """Draw the actions of the chosen area."""
    st.title("Actions")
    m = state.current()
    assert m.smap is not None
    st.write(
        "What has been agreed on each gap: who does it, by when, and how it stands. The gap "
        "report and the board paper show each action beside its gap, and mark an action "
        "done whose gap the map still shows."
    )
    folder = _folder(m)
    if folder is None:
        st.info(
            "This map is the demo or an upload, so its actions cannot be saved here. Open "
            "your own map folder (`streamlit run app.py -- --map DIR`) to keep them."
        )
    area = pick_area(m, key="actions_area", national=False)
    every = list(m.smap.actions or ())
    mine = [a for a in every if a.area == area]
    with st.container(key="actions_table"):
        st.dataframe(_frame(mine), hide_index=True)
    if mine and folder is not None:
        _edit(folder, every, mine)
    st.subheader("Add an action")
    findings = [f for f in m.findings if f.area == area]
    plan = plans.plan_if_made(m, area)
    made = plan.proposals if plan else ()
    proposals = [(p.candidate.id, p.candidate.scenario.name) for p in made]
    if plan is None:
        st.caption("The plan's changes are offered here once the Plan page has worked them out.")
    targets = _targets(findings, proposals)
    choice = st.selectbox(
        "About", range(len(targets)), format_func=lambda i: targets[i].label, key="actions_about"
    )
    text = st.text_input("The action", key="actions_text")
    left, middle, right = st.columns(3)
    owner = left.text_input("Owner", key="actions_owner")
    due = middle.date_input("Due", value=None, key="actions_due")
    status = right.selectbox("Status", ACTION_STATUSES, key="actions_status")
    blocked = folder is None or choice is None or not text.strip()  # nothing to be about: no gap
    if st.button("Add this action", key="actions_add", disabled=blocked):
        assert folder is not None and choice is not None
        new = Action(
            id=_next_id(every),
            area=area,
            about=targets[choice].about,
            action=text.strip(),
            owner=owner.strip(),
            due=due.isoformat() if isinstance(due, dt.date) else "",
            status=status,  # one of ACTION_STATUSES, from the select box
        )
        save(folder, [*every, new])
        st.rerun()
    st.download_button(
        "Download actions.csv",
        actions_csv(every),
        file_name=ACTION_FILE,
        mime="text/csv",
        key="actions_download",
    )


def _edit(folder: Path, every: list[Action], mine: list[Action]) -> None:
    """Change one action's owner, date, status or note, and save at once."""
    st.subheader("Change an action")
    ids = [a.id for a in mine]
    chosen = st.selectbox("Action", ids, key="actions_edit_id")
    a = next(x for x in mine if x.id == chosen)
    left, middle, right = st.columns(3)
    owner = left.text_input("Owner", value=a.owner, key=f"actions_edit_owner_{a.id}")
    due = middle.text_input("Due (YYYY-MM-DD)", value=a.due, key=f"actions_edit_due_{a.id}")
    status = right.selectbox(
        "Status",
        ACTION_STATUSES,
        index=ACTION_STATUSES.index(a.status),
        key=f"actions_edit_status_{a.id}",
    )
    note = st.text_input("Note", value=a.note, key=f"actions_edit_note_{a.id}")
    if st.button("Save changes", key="actions_edit_save"):
        if due.strip() and not _is_date(due.strip()):
            st.error(f"Due '{md(due)}' is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31.")
            return
        fields = {
            "owner": owner.strip(),
            "due": due.strip(),
            "status": status,
            "note": note.strip(),
        }
        save(folder, [x.model_copy(update=fields) if x.id == a.id else x for x in every])
        st.rerun()


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
