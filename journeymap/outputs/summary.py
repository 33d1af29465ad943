"""The board paper's one-page summary of an area: where it stands against the national
picture, what to do first, who the key local partners are, and what women told us.

A board reads this page and perhaps nothing else, so it holds only figures computed elsewhere
(`metrics.headline`, `partners.key_partners`, `scenario.plan`) and pooled words of women that
the workshop stage has already made safe (counts under 5 never shown): it adds nothing of its
own to check. The national figures are data (`data/national_picture.csv`), each with its
source, so a council can update them. The markup is `templates/summary.html.j2`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from journeymap.analyse.metrics import headline
from journeymap.graph.partners import key_partners
from journeymap.labels import plural, type_label
from journeymap.models import ACTION_STATUSES, Finding, ServiceMap
from journeymap.outputs.runs import Trend
from journeymap.resources import DATA_DIR
from journeymap.scenario.plan import Plan

__all__ = [
    "KEY_PARTNERS",
    "NATIONAL_FILE",
    "AreaSummary",
    "National",
    "Partner",
    "Recommendation",
    "WomenSaid",
    "area_summary",
    "national_picture",
    "summaries",
]

NATIONAL_FILE = DATA_DIR / "national_picture.csv"
#: How many key local partners the summary names.
KEY_PARTNERS = 5


@dataclass(frozen=True)
class National:
    """One figure of the national picture, as the seeds give it."""

    id: str
    value: str
    what: str
    source: str


@dataclass(frozen=True)
class Recommendation:
    rank: int
    change: str
    cost: str
    place: str
    closes: int
    opens: int
    #: The action agreed on it (actions.csv, `about` = `plan:` and the proposal's id), if any.
    owner: str = ""
    status: str = ""

    @property
    def effect(self) -> str:
        """'Rough cost high; done in Coventry. On its own, closes 6 gaps, opens 2. Owner: …'."""
        place = f"; done in {self.place}" if self.place else ""
        opens = f", opens {self.opens}" if self.opens else ""
        who = f" Owner: {self.owner or 'not yet named'}; {self.status}." if self.status else ""
        closes = plural(self.closes, "gap")
        return f"Rough cost {self.cost}{place}. On its own, closes {closes}{opens}.{who}"


@dataclass(frozen=True)
class Partner:
    name: str
    kind: str
    touchpoints: int


@dataclass(frozen=True)
class WomenSaid:
    """Pooled words of women from an area's consented journeys, already made safe: every
    count is as `workshop.pooled.shown` gives it ("fewer than 5" under 5), and a feeling is
    given only where 5 or more journeys gave one."""

    journeys: str
    barriers: tuple[tuple[str, str], ...] = ()
    feelings: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class AreaSummary:
    area: str
    figures: tuple[tuple[str, str], ...]
    national: tuple[National, ...]
    recommendations: tuple[Recommendation, ...]
    planned: bool
    partners: tuple[Partner, ...]
    women: WomenSaid | None
    #: The area's actions by status ("2 in progress"), and how many done ones are on a gap
    #: the map still shows; empty when the map has no actions.csv.
    actions: tuple[str, ...] = ()
    still_open: int = 0
    #: The change since the last saved run (`runs.trend`), when there is one.
    trend: Trend | None = None

    @property
    def actions_text(self) -> str:
        """'Actions agreed (actions.csv): 1 in progress, 1 done. 1 marked done is on a gap
        the map still shows: check it.'"""
        text = f"Actions agreed (actions.csv): {', '.join(self.actions)}."
        if self.still_open == 1:
            text += " 1 marked done is on a gap the map still shows: check it."
        elif self.still_open:
            text += f" {self.still_open} marked done are on gaps the map still shows: check them."
        return text

    @property
    def national_sources(self) -> str:
        """The national figures' sources, each once, in order."""
        return "; ".join(dict.fromkeys(n.source for n in self.national))


def national_picture(data: bytes | None = None) -> tuple[National, ...]:
    """The national figures (default: the shipped file), in file order."""
    text = (data if data is not None else NATIONAL_FILE.read_bytes()).decode("utf-8-sig")
    return tuple(
        National(r["id"], r["value"], r["what"], r["source"])
        for r in csv.DictReader(io.StringIO(text))
    )


def _figures(
    smap: ServiceMap, G: nx.MultiDiGraph, findings: Sequence[Finding], area: str
) -> tuple[tuple[str, str], ...]:
    """The area's own figures, as `metrics.headline` gives them (and areas.csv's women in
    treatment against the estimated need, where it says)."""
    h = headline(smap, G, findings, area)
    share = f" ({h.share_with_route:.0%})" if h.share_with_route is not None else ""
    rows = [
        (
            f"{h.with_route} of {h.touchpoints}{share}",
            "services women already use have a route into treatment",
        ),
        (
            f"{h.standards_met} of {h.standards_total}",
            "minimum standards for women's treatment met",
        ),
        (str(h.by_severity.get("high", 0)), "high-severity gaps"),
    ]
    figures = next((a for a in smap.areas if a.area == area), None)
    if figures and figures.women_in_treatment is not None and figures.estimated_women_need:
        part = figures.women_in_treatment / figures.estimated_women_need
        rows.insert(
            0,
            (
                f"{figures.women_in_treatment} of {figures.estimated_women_need} ({part:.0%})",
                "women estimated to need treatment are in treatment",
            ),
        )
    return tuple(rows)


def _partners(G: nx.MultiDiGraph, area: str) -> tuple[Partner, ...]:
    """The non-treatment services most of the area's touchpoints' quickest routes pass
    through (the Service page's key-partner count), largest first."""
    counts = key_partners(G, area)
    ranked = sorted(
        (n for n, c in counts.items() if c > 0 and not G.nodes[n]["treatment"]),
        key=lambda n: (-counts[n], str(G.nodes[n]["name"])),
    )
    return tuple(
        Partner(str(G.nodes[n]["name"]), type_label(G.nodes[n]["type"]), counts[n])
        for n in ranked[:KEY_PARTNERS]
    )


def area_summary(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    area: str,
    *,
    plan: Plan | None = None,
    women: WomenSaid | None = None,
    national: Sequence[National] | None = None,
    trend: Trend | None = None,
) -> AreaSummary:
    """The summary page of one area. `plan` (from `scenario.plan.make_plan`) gives the
    recommendations, `women` what women told us; either may be left out, and the page says
    so. Cost: a headline and a key-partner count of the area."""
    agreed = {a.about: a for a in (smap.actions or ()) if a.area == area}
    recs = tuple(
        Recommendation(
            p.rank,
            p.candidate.scenario.name,
            p.remedy.cost,
            p.remedy.place,
            len(p.resolved),
            len(p.new),
            agreed[f"plan:{p.candidate.id}"].owner if f"plan:{p.candidate.id}" in agreed else "",
            agreed[f"plan:{p.candidate.id}"].status if f"plan:{p.candidate.id}" in agreed else "",
        )
        for p in (plan.proposals if plan else ())
    )
    mine = [a for a in (smap.actions or ()) if a.area == area]
    present = [f for f in findings if f.area == area]
    counts: Counter[str] = Counter(a.status for a in mine)
    return AreaSummary(
        area=area,
        figures=_figures(smap, G, findings, area),
        national=tuple(national if national is not None else national_picture()),
        recommendations=recs,
        planned=plan is not None,
        partners=_partners(G, area),
        women=women,
        trend=trend,
        actions=tuple(f"{counts[s]} {s}" for s in ACTION_STATUSES if counts[s]),
        still_open=sum(a.status == "done" and any(a.answers(f) for f in present) for a in mine),
    )


def summaries(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    areas: Sequence[str],
    plans: Mapping[str, Plan] | None = None,
    women: Mapping[str, WomenSaid] | None = None,
    trends: Mapping[str, Trend] | None = None,
) -> list[AreaSummary]:
    """One summary per area, in order."""
    national = national_picture()
    return [
        area_summary(
            smap,
            G,
            findings,
            a,
            plan=(plans or {}).get(a),
            women=(women or {}).get(a),
            national=national,
            trend=(trends or {}).get(a),
        )
        for a in areas
    ]
