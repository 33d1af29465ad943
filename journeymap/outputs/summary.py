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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from journeymap.analyse.metrics import headline
from journeymap.graph.partners import key_partners
from journeymap.labels import plural, type_label
from journeymap.models import Finding, ServiceMap
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

    @property
    def effect(self) -> str:
        """'Rough cost high; done in Coventry. Closes 6 gaps, opens 2.'"""
        place = f"; done in {self.place}" if self.place else ""
        opens = f", opens {self.opens}" if self.opens else ""
        return f"Rough cost {self.cost}{place}. Closes {plural(self.closes, 'gap')}{opens}."


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
) -> AreaSummary:
    """The summary page of one area. `plan` (from `scenario.plan.make_plan`) gives the
    recommendations, `women` what women told us; either may be left out, and the page says
    so. Cost: a headline and a key-partner count of the area."""
    recs = tuple(
        Recommendation(
            p.rank,
            p.candidate.scenario.name,
            p.remedy.cost,
            p.remedy.place,
            len(p.resolved),
            len(p.new),
        )
        for p in (plan.proposals if plan else ())
    )
    return AreaSummary(
        area=area,
        figures=_figures(smap, G, findings, area),
        national=tuple(national if national is not None else national_picture()),
        recommendations=recs,
        planned=plan is not None,
        partners=_partners(G, area),
        women=women,
    )


def summaries(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    areas: Sequence[str],
    plans: Mapping[str, Plan] | None = None,
    women: Mapping[str, WomenSaid] | None = None,
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
        )
        for a in areas
    ]
