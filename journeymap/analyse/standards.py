"""The minimum-standards checklist (data/standards.csv) scored per area.

A rule is one of three kinds (parsed and checked in `load.parse_rule`):
`service:TYPES[:women_only]` the area has such a service; `offer:TAGS` some treatment service
in the area offers one of the tags; `link:TYPES:TYPES` a link joins the two kinds of service.
National services count as part of every area.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from journeymap.analyse.text import names
from journeymap.graph.index import area_edges, index, members
from journeymap.labels import type_label
from journeymap.models import Finding, ServiceMap, Standard
from journeymap.vocab import GROUPS

__all__ = ["StandardResult", "evaluate", "scorecard", "standards_gaps"]


@dataclass(frozen=True)
class StandardResult:
    """Whether an area meets a standard, and which services (or linked pairs) meet it."""

    area: str
    standard: Standard
    met: bool
    services: tuple[str, ...]


def _types(spec: str) -> set[str]:
    out: set[str] = set()
    for value in spec.split("|"):
        out.update(GROUPS.get(value, (value,)))
    return out


def _label(spec: str) -> str:
    return " or ".join(
        f"{v} service" if v in GROUPS else type_label(v).lower() for v in spec.split("|")
    )


def evaluate(G: nx.MultiDiGraph, area: str, standard: Standard) -> StandardResult:
    """Score one standard for one area. Cost: O(services in area) or O(links in area), using
    the graph's index of areas and their links (built once per graph, see `graphindex`).
    """
    kind, *args = standard.rule.split(":")
    nodes = members(G, area)
    data = index(G).data
    meeting: list[str] = []
    if kind == "service":
        wanted = _types(args[0])
        women_only = len(args) == 2
        meeting = [
            n
            for n in nodes
            if data[n]["type"] in wanted and (data[n]["women_only"] or not women_only)
        ]
    elif kind == "offer":
        tags = set(args[0].split("|"))
        meeting = [n for n in nodes if data[n]["treatment"] and tags & set(data[n]["offers"])]
    else:
        one, other = _types(args[0]), _types(args[1])
        pairs: dict[str, None] = {}
        for u, v in area_edges(G, area):
            tu, tv = data[u]["type"], data[v]["type"]
            if (tu in one and tv in other) or (tu in other and tv in one):
                pairs.update(dict.fromkeys((u, v)))
        meeting = list(pairs)
    return StandardResult(area, standard, bool(meeting), tuple(meeting))


def scorecard(smap: ServiceMap, G: nx.MultiDiGraph, area: str) -> list[StandardResult]:
    """Every standard of the checklist scored for `area`, in checklist order."""
    return [evaluate(G, area, s) for s in smap.standards]


def _missing(G: nx.MultiDiGraph, area: str, standard: Standard) -> str:
    kind, *args = standard.rule.split(":")
    if kind == "service":
        women = " that is women-only" if len(args) == 2 else ""
        return f"No {_label(args[0])}{women} is listed in {area} or nationally."
    if kind == "offer":
        treatment = [n for n in members(G, area) if G.nodes[n]["treatment"]]
        tags = " or ".join(t.replace("_", " ") for t in args[0].split("|"))
        if not treatment:
            return f"There is no treatment service in {area} to offer {tags}."
        return (
            f"None of the treatment services open to women in {area} "
            f"({names(G, treatment)}) offers {tags}."
        )
    return f"No service link joins a {_label(args[0])} and a {_label(args[1])} in {area}."


def standards_gaps(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """One finding per area and standard not met. Cost: standards × (services + links)."""
    findings = []
    for area in smap.area_names():
        for result in scorecard(smap, G, area):
            if result.met:
                continue
            s = result.standard
            findings.append(
                Finding(
                    area=area,
                    category="standards_gap",
                    severity=s.severity,
                    subject_id=s.id,
                    subject_name=s.standard,
                    finding=f"{area} does not yet meet the standard: {s.standard}",
                    evidence=_missing(G, area, s),
                    suggestion=s.suggestion or "Commission or agree this with local providers.",
                    source=s.source,
                )
            )
    return findings
