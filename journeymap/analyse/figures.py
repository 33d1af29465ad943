"""Published treatment figures set against the map: women's share of treatment, its trend,
where women's new presentations were referred from next to men's, and what that says.

The figures are NDTMS's as published (`read.figures`), so a share is computed only from counts
that were published, and says so when NDTMS rounded them to 5; a suppressed count gives no
share at all. Beside each area's share sits the national one: women are 33% of people in
treatment in England (the Women's Treatment Working Group's Womanifesto, 2025).

`referral_findings` is an `unmet_need`-family finding: an area whose map has many health and
social care touchpoints with a route into treatment, while few of the women starting treatment
were referred from health and social care, has routes on paper that women are not arriving by.
Cost: linear in the figures; the finding adds one lookup per touchpoint in the shared search
from treatment (`graph.ends.reach`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from journeymap.graph.ends import reach
from journeymap.graph.index import touchpoints
from journeymap.labels import REFERRAL_LABELS
from journeymap.models import Finding
from journeymap.read.figures import REFERRAL_MEASURES, Figure
from journeymap.vocab import GROUPS

__all__ = [
    "HEALTH_SOCIAL_CARE",
    "LOW_REFERRAL_SHARE",
    "MIN_TOUCHPOINTS",
    "NATIONAL_WOMEN_SHARE",
    "NATIONAL_WOMEN_SOURCE",
    "AreaFigures",
    "ReferralRow",
    "TrendRow",
    "area_figures",
    "referral_findings",
]

#: Women as a share of people in drug and alcohol treatment in England.
NATIONAL_WOMEN_SHARE = 0.33
NATIONAL_WOMEN_SOURCE = (
    "Women's Treatment Working Group, A Womanifesto (2025): women are 33% of people in treatment"
)
#: The services NDTMS counts as "health services and social care" referrers.
HEALTH_SOCIAL_CARE: frozenset[str] = frozenset((*GROUPS["health"], *GROUPS["family"]))
#: A finding needs at least this many such touchpoints with a route into treatment…
MIN_TOUCHPOINTS = 3
#: …while fewer than this share of women's new presentations came from health and social care
#: (a fifth: in England about a fifth to a quarter of new presentations do).
LOW_REFERRAL_SHARE = 0.2
SOURCE = (
    "NDTMS ViewIt (OHID), referral source of new presentations; "
    "CJI guide, Building on OHID's unmet needs toolkit"
)


@dataclass(frozen=True)
class TrendRow:
    """One period: women in treatment (as published) and their share of people in treatment."""

    period: str
    women: str
    people: str
    share: float | None


@dataclass(frozen=True)
class ReferralRow:
    """Where new presentations were referred from, women's and men's, counts as published."""

    measure: str
    label: str
    women: str
    women_share: float | None
    men: str
    men_share: float | None


@dataclass(frozen=True)
class AreaFigures:
    """An area's published figures, ready to show: latest period first, then the trend."""

    area: str
    period: str
    women: str
    people: str
    share: float | None
    share_note: str
    trend: tuple[TrendRow, ...]
    referral_period: str
    referrals: tuple[ReferralRow, ...]
    women_new: str
    men_new: str
    note: str
    sources: tuple[str, ...]

    @property
    def national_share(self) -> float:
        return NATIONAL_WOMEN_SHARE


def _share(part: Figure | None, whole: Figure | None) -> float | None:
    """part / whole, only when both were published and whole is not 0."""
    if part is None or whole is None or part.number is None or not whole.number:
        return None
    return part.number / whole.number


def _by(figures: Iterable[Figure]) -> dict[tuple[str, str, str], Figure]:
    """NDTMS figures by (period, sex, measure); ViewIt first where two sources give one."""
    out: dict[tuple[str, str, str], Figure] = {}
    for f in figures:
        if f.measure in ("not_in_treatment_pct", "estimated_need"):
            continue
        out.setdefault((f.period, f.sex, f.measure), f)
    return out


def _people(by: dict[tuple[str, str, str], Figure], period: str) -> Figure | None:
    return by.get((period, "persons", "in_treatment"))


def area_figures(figures: Sequence[Figure], area: str) -> AreaFigures | None:
    """The figures of `area` (its name, case aside) to show, or None when there are none."""
    mine = [f for f in figures if f.area.casefold() == area.casefold()]
    by = _by(mine)
    periods = sorted({p for p, s, m in by if s == "female" and m == "in_treatment"})
    if not periods:
        return None
    trend = []
    for period in periods:
        women, people = by[period, "female", "in_treatment"], _people(by, period)
        trend.append(
            TrendRow(period, women.value, people.value if people else "", _share(women, people))
        )
    latest = trend[-1]
    rounded = any("rounded" in f.note for f in mine)
    if latest.share is None:
        note = "no share: a count was not published (suppressed) or there is no total"
    else:
        note = "from counts NDTMS rounds to 5" if rounded else "from the published counts"
    new_periods = sorted({p for p, s, m in by if s == "female" and m == "new_presentations"})
    ref_period = new_periods[-1] if new_periods else ""
    women_new = by.get((ref_period, "female", "new_presentations"))
    men_new = by.get((ref_period, "male", "new_presentations"))
    rows = []
    for measure in REFERRAL_MEASURES:
        w, m = by.get((ref_period, "female", measure)), by.get((ref_period, "male", measure))
        if w is None and m is None:
            continue
        rows.append(
            ReferralRow(
                measure,
                REFERRAL_LABELS[measure],
                w.value if w else "",
                _share(w, women_new),
                m.value if m else "",
                _share(m, men_new),
            )
        )
    return AreaFigures(
        area=area,
        period=latest.period,
        women=latest.women,
        people=latest.people,
        share=latest.share,
        share_note=note,
        trend=tuple(trend),
        referral_period=ref_period,
        referrals=tuple(rows),
        women_new=women_new.value if women_new else "",
        men_new=men_new.value if men_new else "",
        note="Small numbers are as NDTMS publishes them (rounded to 5, some suppressed)."
        if rounded
        else "Numbers as published.",
        sources=tuple(sorted({f.source for f in mine if f.source})),
    )


def referral_findings(figs: AreaFigures, G: nx.MultiDiGraph) -> list[Finding]:
    """An `unmet_need`-family finding when the map has at least MIN_TOUCHPOINTS health and
    social care touchpoints with a route into treatment but fewer than LOW_REFERRAL_SHARE of
    women's new presentations were referred from health and social care; no finding when the
    share was not published or is not low. Cost: O(touchpoints of the area)."""
    row = next((r for r in figs.referrals if r.measure == "referral_health_social_care"), None)
    if row is None or row.women_share is None or row.women_share >= LOW_REFERRAL_SHARE:
        return []
    routes = reach(G)
    names = G.nodes
    with_route = [
        n
        for n in touchpoints(G, figs.area)
        if names[n].get("type") in HEALTH_SOCIAL_CARE and n in routes
    ]
    if len(with_route) < MIN_TOUCHPOINTS:
        return []
    shown = ", ".join(str(names[n].get("name", n)) for n in with_route[:5])
    more = f" and {len(with_route) - 5} more" if len(with_route) > 5 else ""
    men = (
        f"; men's: {row.men} of {figs.men_new} ({row.men_share:.0%})"
        if row.men_share is not None
        else ""
    )
    return [
        Finding(
            area=figs.area,
            category="unmet_need_referrals",
            severity="medium",
            subject_id=figs.area,
            subject_name=figs.area,
            finding=f"{len(with_route)} health and social care services in {figs.area} have a "
            f"route into treatment on the map, but only {row.women_share:.0%} of the women who "
            f"started treatment in {figs.referral_period} were referred from health and social "
            "care.",
            evidence=f"NDTMS {figs.referral_period}: women's new presentations referred from "
            f"health and social care: {row.women} of {figs.women_new}{men} (counts as "
            f"published). Services with a route: {shown}{more}.",
            suggestion="Ask the GPs, midwives, hospitals and social care teams on these routes "
            "whether they know the route and use it, and what stops them: a route on paper "
            "that women are not arriving by may need a named contact, a warm handover or "
            "treatment staff in their building.",
            source=SOURCE,
            affects=len(with_route),
        )
    ]
