"""Plan page: the few changes that would close the most gaps in an area, in order, each one a
scenario she can open on the What if…? page.

Thin: the plan is `scenario.plan.make_plan` (the same as `journeymap plan`), worked out once
per map, area and number of changes (`state.derive`), so every session shares it. Opening a
proposal puts its scenario in the What if…? builder and switches page. Text from data files
is shown as text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from journeymap.models import Finding
from journeymap.scenario.plan import Plan, Proposal, plan_csv
from journeymap.ui import plans, state
from journeymap.ui.safe import md, text
from journeymap.ui.scenario_builder import put
from journeymap.ui.widgets import pick_area

__all__ = ["SCENARIO_PAGE", "render"]

SCENARIO_PAGE = "journeymap/ui/pages/scenarios.py"

FINDING_COLUMNS = ["severity", "category", "subject_name", "finding"]


def _findings(findings: tuple[Finding, ...]) -> pd.DataFrame:
    rows = [[getattr(f, c) for c in FINDING_COLUMNS] for f in findings]
    return pd.DataFrame(rows, columns=["Severity", "Category", "About", "Finding"])


def _summary(plan: Plan) -> pd.DataFrame:
    rows = [
        [
            p.rank,
            p.candidate.scenario.name,
            p.remedy.cost,
            len(p.resolved),
            len(p.new),
            p.remedy.place,
        ]
        for p in plan.proposals
    ]
    columns = ["#", "Change", "Rough cost", "Closes", "Opens", "Done in"]
    return pd.DataFrame(rows, columns=columns)


def _proposal(p: Proposal) -> None:
    with st.expander(f"{p.rank}. {md(p.candidate.scenario.name)}", expanded=p.rank == 1):
        place = f" · done in {p.remedy.place}" if p.remedy.place else ""
        st.markdown(f"**Rough cost:** {md(p.remedy.cost)}{md(place)}")
        st.caption("Based on: " + md(p.remedy.based_on))
        for title, items in (
            ("What it closes", p.resolved),
            ("What it opens", p.new),
            ("What it leaves open, of the gaps it answers", p.still_open),
        ):
            st.markdown(f"**{title}** ({len(items)})")
            if items:
                st.dataframe(_findings(items), hide_index=True)
        if st.button("Open on the What if…? page", key=f"plan_open_{p.rank}"):
            put(p.scenario)
            st.switch_page(SCENARIO_PAGE)


def render() -> None:
    """Draw the plan for the chosen area."""
    st.title("Plan")
    m = state.current()
    assert m.smap is not None
    st.write(
        "The few changes that would close the most gaps, for what they roughly cost, in "
        "order: each is the best once the ones before it are made. They come from the good "
        "practice in the Womanifesto and the CJI guide (`remedies.csv`), and none removes a "
        "service. Open one on the What if…? page to see it on the map."
    )
    left, right = st.columns([2, 1])
    with left:
        area = pick_area(m, key="plan_area", national=False)
    with right:
        changes = int(
            st.number_input("Changes", min_value=1, max_value=10, value=5, key="plan_changes")
        )
    if not plans.asked(m, area, changes):
        st.info(
            f"This map has {len(m.smap.services):,} services, so the plan is worked out only "
            "when you ask: every change is tried by running every analysis again, which takes "
            "minutes on a national map. `journeymap plan` makes the same plan from the "
            "command line."
        )
        if st.button(f"Work out the plan for {area}", key="plan_make"):
            plans.ask(m, area, changes)
            st.rerun()
        return
    with st.spinner("Trying every change…"):
        plan = plans.plan_for(m, area, changes)
    if not plan.proposals:
        st.info(f"No change in the remedies closes a gap in {md(area)}.")
        return
    share = 100 * (plan.gap_before - plan.gap_after) / plan.gap_before if plan.gap_before else 0
    part = f"{share:.0f}%" if share >= 1 else "less than 1%"
    these = "this change closes" if len(plan.proposals) == 1 else "these changes close"
    text(
        f"Together {these} {part} of {area}'s gaps, weighted by severity and by how many "
        "services each gap touches."
    )
    with st.container(key="plan_table"):
        st.dataframe(_summary(plan), hide_index=True)
    for p in plan.proposals:
        _proposal(p)
    st.download_button(
        "Download plan.csv",
        plan_csv([plan]),
        file_name=f"plan-{area}.csv",
        mime="text/csv",
        key="plan_download",
    )


if __name__ == "__main__":  # run as a page by st.navigation (app.py PAGES)
    render()
