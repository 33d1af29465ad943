"""From gaps to a plan: the few changes that close the most gap for what they cost.

Each candidate change (`remedies.candidates`) is applied to a copy of the map and every
analysis is run again; the *gap* of a map is the sum over its findings of severity weight ×
`affects` (DESIGN §4's ranking, made a number), so closing a high finding that cuts off eight
touchpoints counts for more than a low one about one service, and a finding made less severe
counts for part. The plan picks greedily by gap closed per unit of rough cost, then recomputes
every candidate on the map with the pick made, so the list is a sequence — the second change
is the best *after* the first — not five answers that overlap. Nothing is ever removed.

Each proposal is also compared on its own against the map as it is (`compare.compare`, the
same as `journeymap compare` and the What if…? page), so what the plan says a proposal closes
is exactly what its scenario file shows when opened.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from math import inf
from pathlib import Path

from journeymap.analyse import find_gaps
from journeymap.graph.build import build_graph
from journeymap.graph.index import touchpoints
from journeymap.labels import plural
from journeymap.models import Finding, ServiceMap
from journeymap.read.atomic import write_atomic
from journeymap.read.spreadsheet import csv_bytes
from journeymap.runtime.parallel import run_jobs
from journeymap.scenario.apply import apply_scenario
from journeymap.scenario.changes import Scenario
from journeymap.scenario.compare import Comparison, compare
from journeymap.scenario.remedies import Candidate, Remedy, candidates, read_remedies
from journeymap.scenario.write import scenario_toml

__all__ = [
    "AFFECTS_EVERY_TOUCHPOINT",
    "COST_WEIGHT",
    "PLAN_COLUMNS",
    "SEVERITY_WEIGHT",
    "Plan",
    "Proposal",
    "gap",
    "make_plan",
    "plan_csv",
    "plan_text",
    "weight",
    "write_plan",
]

SEVERITY_WEIGHT: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
#: Rough cost as a divisor. The bands are rough and a change's worth is not its price: with
#: 1 : 2 : 4 the plan never reaches the co-locations the seeds recommend most, because a
#: cheaper pathway that reaches the same place through an informal link counts as a route.
COST_WEIGHT: dict[str, float] = {"low": 1.0, "medium": 1.5, "high": 2.0}
#: Categories whose `affects` is, by convention, all the area's touchpoints (DESIGN §4).
AFFECTS_EVERY_TOUCHPOINT: frozenset[str] = frozenset(
    {"standards_gap", "persona_gap", "unmet_need", "language"}
)

PLAN_COLUMNS: tuple[str, ...] = (
    "area",
    "rank",
    "id",
    "proposal",
    "change",
    "cost",
    "closes",
    "opens",
    "gap_closed",
    "closes_findings",
    "opens_findings",
    "does_not_close",
    "based_on",
    "place",
    "scenario",
)


def weight(f: Finding, touchpoints: int) -> float:
    """How much one finding counts: its severity weight, times 1 plus the share of the
    area's `touchpoints` it affects (so 1× to 2×).

    Severity comes first, as in the report, and already grows with footfall and with how
    much is cut off (DESIGN §4). `affects` only moves a finding within its severity: taken
    as a plain count it would make every area-wide finding (a standard, a persona: all the
    area's touchpoints) outweigh twenty women's centres with no route at all. For those,
    whose `affects` is all the touchpoints by convention rather than by count, it is left out.
    """
    if f.category in AFFECTS_EVERY_TOUCHPOINT:
        return float(SEVERITY_WEIGHT[f.severity])
    share = min(1.0, max(1, f.affects) / max(1, touchpoints))
    return SEVERITY_WEIGHT[f.severity] * (1 + share)


def gap(findings: Sequence[Finding], touchpoints: int) -> float:
    """The size of a map's gap: the weights of its findings added up."""
    return sum(weight(f, touchpoints) for f in findings)


@dataclass(frozen=True)
class Proposal:
    """One change of the plan, in order: the candidate, the gap it closes after the ones
    before it, and its scenario compared on its own against the map as it is."""

    rank: int
    candidate: Candidate
    gap_closed: float
    comparison: Comparison
    area: str

    @property
    def remedy(self) -> Remedy:
        return self.candidate.remedy

    @property
    def scenario(self) -> Scenario:
        """The scenario file's content: the change, its source and what it does, in words."""
        sc = self.candidate.scenario
        return replace(sc, description=self.description)

    @property
    def resolved(self) -> tuple[Finding, ...]:
        return self.comparison.resolved

    @property
    def new(self) -> tuple[Finding, ...]:
        return self.comparison.new

    @property
    def still_open(self) -> tuple[Finding, ...]:
        """Findings of the kinds this change answers, in its area, that were there before it
        and are still there after it (what it opens is told apart, in `new`)."""
        before = {f.key for f in self.comparison.findings_before}
        return tuple(
            f
            for f in self.comparison.findings_after
            if f.area == self.area and f.key in before and self.remedy.answers_finding(f)
        )

    @property
    def file_name(self) -> str:
        area = _slug(self.area)[:30] or "area"
        return f"{area}-{self.rank:02d}-{_slug(self.candidate.id)[:60] or 'change'}.toml"

    @property
    def description(self) -> str:
        r = self.remedy
        place = f" It has been done in {r.place}." if r.place else ""
        return (
            f"Proposed by journeymap plan for {self.area}, change {self.rank} "
            f"(rough cost: {r.cost}).{place} Compared with the map as it is, it closes "
            f"{plural(len(self.resolved), 'finding')}: {_names(self.resolved)}. "
            f"It opens {plural(len(self.new), 'finding')}"
            f"{': ' + _names(self.new) if self.new else ''}. It leaves open "
            f"{plural(len(self.still_open), 'finding')} of the kinds it answers"
            f"{': ' + _names(self.still_open) if self.still_open else ''}."
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _names(findings: Sequence[Finding], limit: int = 6) -> str:
    if not findings:
        return "none"
    shown = [f"{f.subject_name} ({f.category.replace('_', ' ')}, {f.severity})" for f in findings]
    more = len(shown) - limit
    return "; ".join(shown[:limit]) + (f"; and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Plan:
    """The proposals in order, and the area's gap before and after all of them."""

    area: str
    proposals: tuple[Proposal, ...]
    gap_before: float
    gap_after: float
    tried: int


def _names_only_known(sc: Scenario, smap: ServiceMap) -> bool:
    """True when every service the scenario names is in `smap` or made by the scenario, so
    its file opens against the map as it is (not only after earlier proposals)."""
    ids = {s.id for s in smap.services} | {s.id for s in sc.add_service}
    named = [*(k.source for k in sc.add_link), *(k.target for k in sc.add_link)]
    named += [o.service for o in sc.add_offers]
    return all(n in ids for n in named)


def make_plan(
    smap: ServiceMap,
    area: str,
    *,
    changes: int = 5,
    remedies: Sequence[Remedy] | None = None,
    findings: Sequence[Finding] | None = None,
    lazy: bool = False,
    workers: int = 1,
) -> Plan:
    """Up to `changes` proposals for `area`, greedily by gap closed per cost, recomputed
    after each pick; a change that closes nothing (or opens more than it closes) is never
    proposed. Ties go to the candidate first in remedies.csv order.

    Cost: one full analysis (`find_gaps`, some 40 ms on a 300-service area) per candidate
    at every pick. `lazy` (for large areas) works them out in the order of their last score
    and stops once the best found beats every last score left: "lazy greedy", exact when no
    change gains from an earlier one, which is usual but not certain. The candidates worked
    out together (all of them; lazy, those not scored before) are shared among `workers`
    processes (`runtime.parallel`; for commands). Then one comparison per proposal.
    """
    remedies = read_remedies() if remedies is None else remedies
    now = smap
    found = list(findings) if findings is not None else find_gaps(smap)
    G = build_graph(smap)
    touch = len(touchpoints(G, area))
    start = gap([f for f in found if f.area == area], touch)  # the area's own gap, for the share
    picks: list[tuple[Candidate, float]] = []
    taken: set[str] = set()
    tried = 0
    bound: dict[str, float] = {}  # each candidate's score when last worked out
    for _ in range(changes):
        base = gap(found, touch)
        best: tuple[float, int, Candidate, float] | None = None
        offered = [
            c
            for c in candidates(now, found, area, remedies)
            if c.id not in taken and _names_only_known(c.scenario, smap)
        ]
        # Most promising first: by the score each had before the last pick (a new one first).
        order = sorted(range(len(offered)), key=lambda i: (-bound.get(offered[i].id, inf), i))
        # Worked out at once, on as many processes as asked: every candidate, or (lazy) each
        # one without a score yet, which lazy greedy works out before any other anyway.
        fresh = [i for i in order if not lazy or offered[i].id not in bound]
        jobs = [partial(_closes, now, offered[i].scenario, base, touch) for i in fresh]
        done = dict(zip(fresh, run_jobs(jobs, workers), strict=True))
        tried += len(fresh)
        for i in order:
            cand = offered[i]
            if lazy and best is not None and best[0] > bound.get(cand.id, inf):
                break  # no candidate left scored better than the best, even before
            if i not in done:
                tried += 1
                done[i] = _closes(now, cand.scenario, base, touch)
            closed = done[i]
            score = closed / COST_WEIGHT[cand.remedy.cost]
            bound[cand.id] = score
            if closed > 1e-9 and (best is None or (score, -i) > (best[0], -best[1])):
                best = (score, i, cand, closed)
        if best is None:
            break
        _, _, cand, closed = best
        now = apply_scenario(now, cand.scenario).smap
        found = find_gaps(now, build_graph(now))
        picks.append((cand, closed))
        taken.add(cand.id)
    proposals = tuple(
        Proposal(i, cand, closed, compare(smap, cand.scenario), area)
        for i, (cand, closed) in enumerate(picks, 1)
    )
    return Plan(area, proposals, start, gap([f for f in found if f.area == area], touch), tried)


def _closes(smap: ServiceMap, scenario: Scenario, base: float, touch: int) -> float:
    """The gap `scenario` closes on `smap` (whose gap is `base`): every analysis, run again."""
    after = apply_scenario(smap, scenario).smap
    return base - gap(find_gaps(after, build_graph(after)), touch)


def _finding_list(findings: Sequence[Finding]) -> str:
    return " | ".join(f"{f.severity} {f.category}: {f.subject_name}" for f in findings)


def plan_csv(plans: Sequence[Plan]) -> bytes:
    """plan.csv: one row per proposal, area by area in order, spreadsheet-safe (DESIGN §5)."""
    rows = [
        [
            p.area,
            p.rank,
            p.candidate.id,
            p.candidate.scenario.name,
            p.remedy.change,
            p.remedy.cost,
            len(p.resolved),
            len(p.new),
            round(p.gap_closed, 2),
            _finding_list(p.resolved),
            _finding_list(p.new),
            _finding_list(p.still_open),
            p.remedy.based_on,
            p.remedy.place,
            p.file_name,
        ]
        for plan in plans
        for p in plan.proposals
    ]
    return csv_bytes(PLAN_COLUMNS, rows)


def plan_text(plan: Plan) -> str:
    """The plan as a short numbered list for a terminal."""
    if not plan.proposals:
        return (
            f"No change in the remedies closes a gap in {plan.area} "
            f"({plural(plan.tried, 'change')} tried).\n"
        )
    out = [f"Plan for {plan.area}: {plural(len(plan.proposals), 'change')}, in order."]
    for p in plan.proposals:
        place = f", as in {p.remedy.place}" if p.remedy.place else ""
        out.append(f"{p.rank}. {p.candidate.scenario.name} (cost: {p.remedy.cost}{place})")
        out.append(
            f"   closes {len(p.resolved)}, opens {len(p.new)}, leaves open "
            f"{len(p.still_open)} of its kind; scenario: {p.file_name}"
        )
    share = 100 * (plan.gap_before - plan.gap_after) / plan.gap_before if plan.gap_before else 0
    out.append(f"Together they close {share:.0f}% of the weighted gap.")
    return "\n".join(out) + "\n"


#: A scenario file `write_plan` names ('fenmoor-01-women-only-offer.toml').
_PLAN_FILE = re.compile(r"^[a-z0-9-]+-\d{2}-[a-z0-9-]+\.toml$")


def write_plan(plans: Sequence[Plan], out: str | Path) -> list[Path]:
    """plan.csv and one scenario file per proposal, written into folder `out` (made if
    missing); each file atomically. Returns the paths written."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "plan.csv"]
    if written[0].is_file():  # a plan made here before: its scenario files are not this plan's
        for old in folder.glob("*.toml"):
            if _PLAN_FILE.match(old.name):
                old.unlink()
    write_atomic(written[0], plan_csv(plans))
    for p in (p for plan in plans for p in plan.proposals):
        path = folder / p.file_name
        write_atomic(path, scenario_toml(p.scenario).encode("utf-8"))
        written.append(path)
    return written
