"""Unmet need: women in treatment set against the estimated number who need it (areas.csv)."""

from __future__ import annotations

import networkx as nx

from journeymap.analyse.text import CJI_NEED
from journeymap.graph.index import touchpoints
from journeymap.models import Finding, ServiceMap, Severity

__all__ = ["THRESHOLDS", "unmet_need"]


#: Below these shares of estimated need in treatment, the gap is high, medium or low.
THRESHOLDS: tuple[tuple[float, Severity], ...] = ((0.4, "high"), (0.6, "medium"), (0.75, "low"))


def unmet_need(smap: ServiceMap, G: nx.MultiDiGraph | None = None) -> list[Finding]:
    """One finding per area where fewer than 75% of the women estimated to need treatment are in it.

    Areas without both figures are skipped. Cost: O(areas).
    """
    findings = []
    for area in smap.areas:
        have, need = area.women_in_treatment, area.estimated_women_need
        if have is None or not need:
            continue
        share = have / need
        severity = next((sev for limit, sev in THRESHOLDS if share < limit), None)
        if severity is None:
            continue
        findings.append(
            Finding(
                area=area.area,
                category="unmet_need",
                severity=severity,
                subject_id=area.area,
                subject_name=area.area,
                finding=f"Only {share:.0%} of the women estimated to need drug and alcohol "
                f"treatment in {area.area} are receiving it.",
                evidence=f"{have:,} women in treatment against an estimated need of {need:,} "
                f"(areas.csv line {area.line}); {need - have:,} women not reached."
                if area.line
                else f"{have:,} women in treatment against an estimated need of {need:,}.",
                suggestion="Compare women's referral routes with men's and look at the places "
                "women go more often (GPs, domestic abuse services, women's centres, midwifery); "
                "low numbers may mean treatment is hard to reach, not that women do not need it.",
                source=CJI_NEED,
                affects=len(touchpoints(G, area.area)) if G is not None else 0,
            )
        )
    return findings
