"""`journeymap diff OLD NEW`: what changed between two versions of a map, and what it did.

Two answers: the services and links added, removed and changed (`read.mapdiff`), and the
findings resolved, new, gone and kept, from the very comparison a what-if uses
(`compare.compare_maps`), so the words and the rule that a cut is never a fix are the same. A
finding is *gone* when what it was about was removed (a service, a link, an offer): the old
map with only the removals made (built with the scenario machinery, `apply_scenario`) no longer
has it, so it is not counted as resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.models import ServiceMap
from journeymap.read.mapdiff import MapChanges, map_changes
from journeymap.read.spreadsheet import csv_bytes
from journeymap.scenario.apply import apply_scenario
from journeymap.scenario.changes import LinkRef, OfferChange, Scenario
from journeymap.scenario.compare import Comparison, compare_maps, comparison_csv, finding_lists

__all__ = ["CHANGE_COLUMNS", "MapDiff", "changes_csv", "diff_csv", "diff_maps", "diff_text"]

CHANGE_COLUMNS = ("change", "what", "id", "name", "detail")


@dataclass(frozen=True)
class MapDiff:
    """The changes between two maps and the comparison of their findings."""

    changes: MapChanges
    comparison: Comparison


def _removals(old: ServiceMap, new: ServiceMap, changes: MapChanges) -> Scenario:
    """The removals alone, as a scenario on the old map: services, links and offers."""
    kept = {s.id: s for s in new.services}
    offers = []
    for s in old.services:
        if s.id in kept:
            lost = tuple(t for t in s.offers if t not in kept[s.id].offers)
            if lost:
                offers.append(OfferChange(s.id, lost))
    removed = {s.id for s in changes.services_removed}
    return Scenario(
        name="removals",
        remove_service=tuple(sorted(removed)),
        remove_link=tuple(
            LinkRef(k.source, k.target, k.kind)
            for k in changes.links_removed
            if k.source not in removed and k.target not in removed
        ),
        remove_offers=tuple(offers),
    )


def diff_maps(old: ServiceMap, new: ServiceMap, *, workers: int = 1) -> MapDiff:
    """Compare two versions of a map. Cost: three full analyses (old, new, and old with the
    removals made) plus linear work on the maps."""
    changes = map_changes(old, new)
    removals = _removals(old, new, changes)
    cut = None if removals.is_empty else apply_scenario(old, removals).smap
    return MapDiff(changes, compare_maps(old, new, "", cut=cut, workers=workers))


def diff_text(result: MapDiff, names: dict[str, str] | None = None) -> str:
    """Plain text for a terminal: the map's changes, then the findings resolved, new, gone."""
    c = result.comparison
    lines = result.changes.lines(names)
    out = ["What changed in the map:"]
    out += [f"  {line}" for line in lines] or ["  nothing: the services and links are the same"]
    out.append("")
    out.append(
        f"Findings: {len(c.resolved)} resolved, {len(c.new)} new, {len(c.gone)} gone, "
        f"{len(c.kept)} kept."
    )
    out += finding_lists(c)
    return "\n".join(out) + "\n"


def changes_csv(changes: MapChanges, names: dict[str, str] | None = None) -> bytes:
    """One row per added, removed or changed service or link (spreadsheet-safe); a link's
    name is its two services' names (from `names`, id → name)."""
    names = names or {}
    rows: list[list[object]] = []
    rows += [["added", "service", s.id, s.name, s.type] for s in changes.services_added]
    rows += [["removed", "service", s.id, s.name, s.type] for s in changes.services_removed]
    rows += [
        ["changed", "service", ch.key, ch.name, ch.describe().partition(": ")[2]]
        for ch in changes.services_changed
    ]
    for status, links in (("added", changes.links_added), ("removed", changes.links_removed)):
        rows += [
            [
                status,
                "link",
                f"{k.source}|{k.target}|{k.kind}",
                f"{names.get(k.source, k.source)} – {names.get(k.target, k.target)}",
                k.kind,
            ]
            for k in links
        ]
    rows += [
        ["changed", "link", ch.key, ch.name, ch.describe().partition(": ")[2]]
        for ch in changes.links_changed
    ]
    return csv_bytes(CHANGE_COLUMNS, rows)


def diff_csv(result: MapDiff) -> bytes:
    """The findings as `compare` writes them: status (resolved, new, gone, kept), then the
    gap report's columns."""
    return comparison_csv(result.comparison)
