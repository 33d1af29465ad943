"""Before and after a what-if: which gaps a change closes, which it opens, and the headline figures.

Every analysis runs on the map as it is and on the map with the scenario applied; findings are
matched by `Finding.key` (category, area, subject), so a gap that is still there but worded
differently (a shorter route, say) counts as kept, not as one resolved and one new. A finding
whose subject the scenario removed is *gone*, not resolved (DESIGN §7): closing the only
specialist-midwife post does not fix the gap it leaves. Headline figures come from
`metrics.headline`, the same function the overview and the board report use, so a figure never
differs between them; after a removal they still count the gone findings and the removed
touchpoints (as without a route), so a cut never shows as a fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import networkx as nx

from journeymap.analyse import find_gaps
from journeymap.analyse.metrics import Headline, headline
from journeymap.graph.build import build_graph
from journeymap.models import REPORT_COLUMNS, SEVERITY_RANK, Finding, ServiceMap
from journeymap.read.spreadsheet import csv_bytes
from journeymap.scenario.apply import Applied, apply_scenario, describe_changes
from journeymap.scenario.changes import Scenario
from journeymap.vocab import NATIONAL

__all__ = [
    "COMPARISON_COLUMNS",
    "FIGURES",
    "Comparison",
    "Figure",
    "Versus",
    "compare",
    "compare_maps",
    "comparison_csv",
    "comparison_text",
    "figures",
    "finding_lists",
    "versus",
]

STATUSES = ("resolved", "new", "gone", "kept")
COMPARISON_COLUMNS: tuple[str, ...] = ("status", *REPORT_COLUMNS)


@dataclass(frozen=True)
class Comparison:
    """Findings and headline figures before and after one change to a map.

    `resolved` are findings of the map as it is that the change closes; `gone` those whose
    subject (a service, or a link) the change removed; `new` are findings only after; `kept`
    are the after versions of findings on both sides. `headlines` holds (before, after) for
    each local area in map order, then for all areas together.
    """

    name: str
    before: ServiceMap
    after: ServiceMap
    findings_before: tuple[Finding, ...]
    findings_after: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    new: tuple[Finding, ...]
    kept: tuple[Finding, ...]
    headlines: tuple[tuple[Headline, Headline], ...]
    applied: Applied | None = None
    changes: tuple[str, ...] = ()
    gone: tuple[Finding, ...] = ()

    @property
    def severity_changes(self) -> tuple[tuple[Finding, Finding], ...]:
        """Kept findings whose severity changed, as (before, after) pairs, in report order.

        A gap can stay while the change makes it smaller (a persona cut off from one place
        instead of seven): matched by key it is kept, and this says by how much it moved.
        """
        old = {f.key: f for f in self.findings_before}
        return tuple(
            (old[f.key], f) for f in self.kept if f.key in old and old[f.key].severity != f.severity
        )

    @property
    def eased(self) -> tuple[tuple[Finding, Finding], ...]:
        """Kept findings that became less severe."""
        return tuple(p for p in self.severity_changes if _rank(p[1]) > _rank(p[0]))

    @property
    def worsened(self) -> tuple[tuple[Finding, Finding], ...]:
        """Kept findings that became more severe."""
        return tuple(p for p in self.severity_changes if _rank(p[1]) < _rank(p[0]))

    def headline_for(self, area: str | None) -> tuple[Headline, Headline]:
        """(before, after) for `area`, or for all areas together when None."""
        return next(pair for pair in self.headlines if pair[0].area == area)


def _rank(f: Finding) -> int:
    return SEVERITY_RANK[f.severity]


def compare_maps(
    before: ServiceMap,
    after: ServiceMap,
    name: str = "",
    *,
    applied: Applied | None = None,
    cut: ServiceMap | None = None,
    workers: int = 1,
) -> Comparison:
    """Run every analysis on both maps and match their findings by (category, area, subject).

    `cut`, when given, is `before` with only the change's removals made (services, links,
    offers): a finding that goes with them is *gone*, not resolved, whatever else the change
    adds. Cost: two full analyses (`find_gaps`, with `workers` processes), a third with
    `cut`, plus the headline figures of each area, twice.
    """
    g_before, g_after = build_graph(before), build_graph(after)
    old = find_gaps(before, g_before, workers=workers)
    new = find_gaps(after, g_after, workers=workers)
    old_keys = {f.key for f in old}
    new_keys = {f.key for f in new}
    closed = [f for f in old if f.key not in new_keys]
    gone: list[Finding] = []
    if cut is not None:
        left = {f.key for f in find_gaps(cut, build_graph(cut), workers=workers)}
        gone = [f for f in closed if f.key not in left]
    removed = set(applied.services_removed) if applied else set()
    lost = [  # closed, not replaced by a service of the same id, and not treatment
        n
        for n in removed
        if n in g_before and n not in g_after and not g_before.nodes[n]["treatment"]
    ]
    areas = list(dict.fromkeys([*before.area_names(), *after.area_names()]))
    pairs = [
        (
            headline(before, g_before, old, area),
            _still_counted(headline(after, g_after, new, area), gone, lost, g_before),
        )
        for area in [*areas, None]
    ]
    return Comparison(
        name=name,
        before=before,
        after=after,
        findings_before=tuple(old),
        findings_after=tuple(new),
        resolved=tuple(f for f in closed if f not in gone),
        new=tuple(f for f in new if f.key not in old_keys),
        kept=tuple(f for f in new if f.key in old_keys),
        headlines=tuple(pairs),
        applied=applied,
        gone=tuple(gone),
    )


def compare(smap: ServiceMap, scenario: Scenario, *, workers: int = 1) -> Comparison:
    """Apply `scenario` to `smap` and compare. `smap` and the map files are not changed."""
    applied = apply_scenario(smap, scenario)
    mapped = {s.id for s in smap.services}
    removals = replace(
        Scenario(name=scenario.name),
        remove_service=scenario.remove_service,
        remove_link=scenario.remove_link,
        remove_offers=tuple(c for c in scenario.remove_offers if c.service in mapped),
    )
    cut = None if removals.is_empty else apply_scenario(smap, removals).smap
    result = compare_maps(
        smap, applied.smap, scenario.name, applied=applied, cut=cut, workers=workers
    )
    changes = describe_changes(smap, scenario)
    if applied.links_with_services:
        names = {s.id: s.name for s in smap.services}
        gone = "; ".join(
            f"{names[k.source]} – {names[k.target]} ({k.kind.replace('_', '-')})"
            for k in applied.links_with_services
        )
        changes.append(f"Links that close with the removed services: {gone}")
    if applied.steps_unmapped:
        changes.append(
            f"{applied.steps_unmapped} journey step(s) at a removed service are kept as places"
        )
    return replace(result, changes=tuple(changes))


def _still_counted(
    after: Headline, gone: Sequence[Finding], lost: Sequence[str], G_before: nx.MultiDiGraph
) -> Headline:
    """The after figures with the gone findings still counted and the removed touchpoints
    counted as having no route: a removal never shows as a fix."""
    mine = [f for f in gone if after.area is None or f.area == after.area]
    here = [n for n in lost if after.area is None or G_before.nodes[n]["area"] == after.area]
    if after.area is None:
        here = [n for n in here if G_before.nodes[n]["area"] != NATIONAL]
    if not mine and not here:
        return after
    by = dict(after.by_severity)
    for f in mine:
        by[f.severity] = by.get(f.severity, 0) + 1
    return replace(
        after,
        touchpoints=after.touchpoints + len(here),
        persona_gaps=after.persona_gaps + sum(f.category == "persona_gap" for f in mine),
        by_severity=by,
    )


# --- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One headline figure of one area, before and after, as numbers and as text."""

    label: str
    before: float | None
    after: float | None
    before_text: str
    after_text: str

    @property
    def change(self) -> str:
        """'+1', '-0.5', 'same', or '' when a side has no value."""
        if self.before is None or self.after is None:
            return "" if self.before == self.after else "changed"
        delta = self.after - self.before
        if delta == 0:
            return "same"
        return f"{delta:+g}"


def _ratio(part: int, whole: int) -> str:
    return f"{part} of {whole}"


def _median(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


FIGURES: tuple[str, ...] = (
    "Touchpoints with a route to treatment",
    "Median hand-offs to treatment",
    "Standards met",
    "Persona gaps",
    "High-severity findings",
    "Medium-severity findings",
    "Low-severity findings",
)


def _column(h: Headline) -> list[tuple[float | None, str]]:
    """One side's figures in `FIGURES` order: each as a number and as it is shown."""
    severities = [h.by_severity.get(s, 0) for s in ("high", "medium", "low")]
    return [
        (h.with_route, _ratio(h.with_route, h.touchpoints)),
        (h.median_handoffs, _median(h.median_handoffs)),
        (h.standards_met, _ratio(h.standards_met, h.standards_total)),
        (h.persona_gaps, str(h.persona_gaps)),
        *((n, str(n)) for n in severities),
    ]


def figures(before: Headline, after: Headline) -> list[Figure]:
    """The headline figures of one area as rows of a before → after table, in `FIGURES` order."""
    return [
        Figure(label, b, a, b_text, a_text)
        for label, (b, b_text), (a, a_text) in zip(
            FIGURES, _column(before), _column(after), strict=True
        )
    ]


# --- two scenarios --------------------------------------------------------------------------


@dataclass(frozen=True)
class Versus:
    """Two scenarios on the same map, side by side: which gaps each closes and opens.

    The `*_a`, `*_b` and `*_both` tuples split each side's resolved (or new) findings by key:
    closed (or opened) by A only, by B only, or by both.
    """

    a: Comparison
    b: Comparison
    resolved_a: tuple[Finding, ...]
    resolved_b: tuple[Finding, ...]
    resolved_both: tuple[Finding, ...]
    new_a: tuple[Finding, ...]
    new_b: tuple[Finding, ...]
    new_both: tuple[Finding, ...]

    def rows(self, area: str | None) -> list[tuple[str, str, str, str]]:
        """(figure, before, after A, after B) text rows for `area` (None: all areas)."""
        before, after_a = self.a.headline_for(area)
        _, after_b = self.b.headline_for(area)
        return [
            (fa.label, fa.before_text, fa.after_text, fb.after_text)
            for fa, fb in zip(figures(before, after_a), figures(before, after_b), strict=True)
        ]


def versus(a: Comparison, b: Comparison) -> Versus:
    """Split two comparisons' resolved and new findings into A only, B only and both.

    Both must start from the same map (the same findings before); raises ValueError if not.
    Cost: linear in the number of findings.
    """
    if {f.key for f in a.findings_before} != {f.key for f in b.findings_before}:
        raise ValueError("the two scenarios were compared against different maps")

    def split(
        xs: Sequence[Finding], ys: Sequence[Finding]
    ) -> tuple[tuple[Finding, ...], tuple[Finding, ...], tuple[Finding, ...]]:
        kx, ky = {f.key for f in xs}, {f.key for f in ys}
        return (
            tuple(f for f in xs if f.key not in ky),
            tuple(f for f in ys if f.key not in kx),
            tuple(f for f in xs if f.key in ky),
        )

    resolved_a, resolved_b, resolved_both = split(a.resolved, b.resolved)
    new_a, new_b, new_both = split(a.new, b.new)
    return Versus(a, b, resolved_a, resolved_b, resolved_both, new_a, new_b, new_both)


# --- output --------------------------------------------------------------------------------


def _finding_line(f: Finding) -> str:
    return f"  {f.severity:<7}{f.area:<10} {f.category:<24} {f.subject_name}"


def finding_lists(result: Comparison) -> list[str]:
    """The findings resolved, new and gone, each list under its heading (empty lists left
    out), as lines of plain text; shared by `comparison_text` and the map diff."""
    out: list[str] = []
    for title, items in (
        ("Resolved", result.resolved),
        ("New", result.new),
        ("Gone (what they were about was removed: not fixed)", result.gone),
    ):
        if items:
            out.append(f"{title}:")
            out += [_finding_line(f) for f in items]
    return out


def comparison_text(result: Comparison, scenario: Scenario | None = None) -> str:
    """A readable before → after report: the changes, a figures table per area and overall,
    then the findings resolved and new. Plain text for a terminal; cost linear in findings."""
    out: list[str] = [f"Scenario: {result.name}"] if result.name else []
    if scenario is not None and scenario.based_on:
        out.append(f"Based on: {scenario.based_on}")
    if result.changes:
        out.append("Changes:")
        out += [f"  - {line}" for line in result.changes]
    out.append("")
    width = max(len(label) for label in FIGURES) + 2
    header = f"{'':<{width}}{'before':>12}  →{'after':>12}   change"
    out.append(header)
    for before, after in result.headlines:
        out.append(before.area or "All areas")
        for row in figures(before, after):
            out.append(
                f"  {row.label:<{width - 2}}{row.before_text:>12}  →{row.after_text:>12}"
                f"   {row.change}"
            )
    out.append("")
    gone = f"{len(result.gone)} gone, " if result.gone else ""
    out.append(
        f"Findings: {len(result.resolved)} resolved, {len(result.new)} new, {gone}"
        f"{len(result.kept)} kept."
    )
    out += finding_lists(result)
    for title, pairs in (
        ("Kept, less severe", result.eased),
        ("Kept, more severe", result.worsened),
    ):
        if pairs:
            out.append(f"{title}:")
            out += [
                f"  {b.severity} → {a.severity}: {a.area}, {a.category}, {a.subject_name} "
                f"({a.subject_id})"
                for b, a in pairs
            ]
    return "\n".join(out) + "\n"


def _rows(status: str, findings: Iterable[Finding]) -> Iterable[list[object]]:
    for f in sorted(findings, key=Finding.sort_key):
        yield [status, *(getattr(f, c) for c in REPORT_COLUMNS)]


def comparison_csv(result: Comparison) -> bytes:
    """`status` (resolved, new, gone, kept) then the report columns of DESIGN §5,
    spreadsheet-safe.

    Rows: resolved (as they were before), new, gone (as they were before), then kept (as they
    are after), each group in report order.
    """
    groups: Sequence[tuple[str, Iterable[Finding]]] = (
        ("resolved", result.resolved),
        ("new", result.new),
        ("gone", result.gone),
        ("kept", result.kept),
    )
    rows = [row for status, items in groups for row in _rows(status, items)]
    return csv_bytes(COMPARISON_COLUMNS, rows)
