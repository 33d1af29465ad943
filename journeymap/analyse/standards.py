"""The minimum-standards checklist (data/standards.csv) scored per area (DESIGN §4).

A rule is one of three kinds (checked when the checklist is read, `read.rules`):
- `service:TYPES[:women_only]`: women from the area can use such a service: the area's own, a
  national one, or one in another area that the area's links reach.
- `offer:TAGS@SCOPE`: a treatment service in scope offers one of the tags. `community` (the
  default) is the area's own community treatment, where women are assessed; `residential` the
  rehab and detox its women can reach; `any` both. A national rehab never meets a standard
  about the area's own community service.
- `pathway:TYPES:TYPES`: services of the first type have a route into treatment of the second
  type (`treatment` meaning community treatment) with at most one hand-off, a shared site
  counting as none. Links across the area's border count.

Each standard is scored met, partly met, not met or not evidenced: a pathway is met when a
route runs formally both ways, partly met when the two are joined only informally or one way;
an offer standard is not evidenced when no service in scope records any offer at all (the map
cannot say), and such an area gets one finding saying what to record, not one per standard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import networkx as nx

from journeymap.analyse.standards_fast import COMMUNITY, AreaTable, area_table
from journeymap.analyse.text import CJI_MAPPING, names
from journeymap.graph.index import index, members, shared, touchpoints
from journeymap.graph.routes import formal_only, within
from journeymap.labels import join_words, offer_label, type_label
from journeymap.models import Finding, ServiceMap, Severity, Standard
from journeymap.vocab import GROUPS

__all__ = [
    "RECORD_OFFERS",
    "STATE_LABELS",
    "StandardResult",
    "evaluate",
    "scorecard",
    "standards_gaps",
]

State = Literal["met", "partly", "not_met", "not_evidenced"]
#: The four states as the scorecard shows them.
STATE_LABELS: dict[str, str] = {
    "met": "met",
    "partly": "partly met",
    "not_met": "not met",
    "not_evidenced": "not evidenced",
}
#: The subject of an area's one finding about offers the map does not record.
RECORD_OFFERS = "record-offers"
RESIDENTIAL = frozenset({"residential_rehab", "inpatient_detox"})
LOWER: dict[str, Severity] = {"high": "medium", "medium": "low", "low": "low"}


@dataclass(frozen=True)
class StandardResult:
    """How an area stands against a standard, the services that meet it (or go part of the
    way), and for `not met`, `partly` and `not evidenced` a sentence saying why."""

    area: str
    standard: Standard
    state: State
    services: tuple[str, ...]
    why: str = ""

    @property
    def met(self) -> bool:
        return self.state == "met"

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def _types(spec: str) -> set[str]:
    out: set[str] = set()
    for value in spec.split("|"):
        out.update(GROUPS.get(value, (value,)))
    return out


def _label(spec: str) -> str:
    return " or ".join(
        f"{v} service" if v in GROUPS else type_label(v).lower() for v in spec.split("|")
    )


def _reached(G: nx.MultiDiGraph, area: str, *, both_ways: bool = False) -> list[str]:
    """The area's own services, national ones, and services elsewhere that one of its own
    links to: what women from the area can be sent on to. With `both_ways`, also services
    elsewhere linked *to* one of its own (a prison referring into the area's treatment: what a
    pathway may join). Graph order. Cost: O(links of the area's services) the first time, then
    kept with the graph for every standard."""

    def make() -> list[str]:
        seen = dict.fromkeys(members(G, area))
        for n in index(G).local.get(area, []):
            seen.update(dict.fromkeys(G.successors(n)))
            if both_ways:
                seen.update(dict.fromkeys(G.predecessors(n)))
        return sorted(seen, key=index(G).position.__getitem__)

    return shared(G, ("standards-reached", area, both_ways), make)


def _near(G: nx.MultiDiGraph, b: str) -> dict[tuple[bool, bool], dict[str, int]]:
    """Services within one hand-off of `b`, into it and out of it (`into`), over every link
    and over written ones (`formal`); a route may end at treatment but not pass through it.
    Kept with the graph: every pathway standard about `b` asks the same."""

    def make() -> dict[tuple[bool, bool], dict[str, int]]:
        blocked = index(G).treatment_set
        return {
            (into, formal): within(
                G, b, 1, forward=not into, edge_ok=formal_only if formal else None, blocked=blocked
            )
            for into in (True, False)
            for formal in (True, False)
        }

    return shared(G, ("standards-near", b), make)


def _offer_scope(G: nx.MultiDiGraph, area: str, scope: str) -> list[str]:
    data = index(G).data
    community = [n for n in index(G).local.get(area, []) if data[n]["type"] == COMMUNITY]
    if scope == "community":
        return community
    residential = [n for n in _reached(G, area) if data[n]["type"] in RESIDENTIAL]
    return residential if scope == "residential" else community + residential


def evaluate(G: nx.MultiDiGraph, area: str, standard: Standard) -> StandardResult:
    """Score one standard for one area. Cost: O(services of the area and the links of its
    services); a pathway adds four searches bounded to one hand-off per service of its second
    type. (`scorecard` answers the same from look-ups for every area at once on a national
    map, `standards_fast`.)"""
    kind, *args = standard.rule.split(":")
    data = index(G).data
    if kind == "service":
        wanted, women_only = _types(args[0]), len(args) == 2
        meeting = [
            n
            for n in _reached(G, area)
            if data[n]["type"] in wanted and (data[n]["women_only"] or not women_only)
        ]
        return _service(area, standard, args, meeting)
    if kind == "offer":
        tags_text, *scope = args[0].split("@")
        where = scope[0] if scope else "community"
        return _offer(G, area, standard, tags_text, where, _offer_scope(G, area, where))
    return _pathway(G, area, standard, _types(args[0]), args[1])


def _service(
    area: str, standard: Standard, args: Sequence[str], meeting: list[str]
) -> StandardResult:
    why = "" if meeting else _no_service(args, area)
    return StandardResult(area, standard, "met" if meeting else "not_met", tuple(meeting), why)


def _no_service(args: Sequence[str], area: str) -> str:
    women = " that is women-only" if len(args) == 2 else ""
    return f"No {_label(args[0])}{women} is listed in {area}, nationally, or linked to {area}."


def _offer(
    G: nx.MultiDiGraph,
    area: str,
    standard: Standard,
    tags_text: str,
    scope: str,
    scoped: list[str],
) -> StandardResult:
    """An offer standard, given the treatment services in `scope` (`_offer_scope`)."""
    data = index(G).data
    tags, words = _offer_words(tags_text)
    place = _scope_words(scope, area)
    if not scoped:
        return StandardResult(
            area, standard, "not_met", (), f"There is no {place} to offer {words}."
        )
    meeting = [n for n in scoped if not tags.isdisjoint(data[n]["offers"])]
    if meeting:
        return StandardResult(area, standard, "met", tuple(meeting))
    if not any(data[n]["offers"] for n in scoped):
        why = f"No offers are recorded for the {place} ({names(G, scoped)})."
        return StandardResult(area, standard, "not_evidenced", tuple(scoped), why)
    why = f"None of the {place} ({names(G, scoped)}) offers {words}."
    return StandardResult(area, standard, "not_met", (), why)


@cache
def _offer_words(tags_text: str) -> tuple[frozenset[str], str]:
    """The tags of an offer rule (the part before '@'; see `_tags`) and how a sentence names
    them, worked out once per rule rather than once per area."""
    tags = frozenset(tags_text.split("|"))
    return tags, " or ".join(offer_label(t) for t in sorted(tags))


@cache
def _type_set(spec: str) -> frozenset[str]:
    """`_types(spec)`, kept: every area asks it of the same few rules."""
    return frozenset(_types(spec))


def _tags(standard: Standard) -> list[str]:
    """The tags an offer rule asks for (`offer:a|b@scope` → a, b)."""
    return standard.rule.split(":")[1].split("@")[0].split("|")


def _scope_words(scope: str, area: str) -> str:
    return {
        "community": f"community treatment in {area}",
        "residential": f"residential rehab or detox open to women from {area}",
        "any": f"treatment service open to women from {area}",
    }[scope]


def _pathway(
    G: nx.MultiDiGraph, area: str, standard: Standard, first: set[str], second: str
) -> StandardResult:
    """Routes of at most one hand-off between the first kind of service and the second (for
    `treatment`, the area's community treatment), each way, over any link and written ones."""
    data, ix = index(G).data, index(G)
    ends = _types(second)
    if second == "treatment":
        ends = {COMMUNITY}
    joined = _reached(G, area, both_ways=True)  # the area's own, national, and linked to them
    targets = [n for n in joined if data[n]["type"] in ends]
    candidates = set(joined)
    partly: dict[str, None] = {}
    one_way_in: list[tuple[str, str]] = []
    for b in targets:
        reach = _near(G, b)
        near_b = reach[True, False].keys() | reach[False, False].keys()
        for a in sorted(near_b, key=ix.position.__getitem__):  # services.csv order: stable
            if a == b or a not in candidates or data[a]["type"] not in first:
                continue
            if a in reach[True, True] and a in reach[False, True]:
                return StandardResult(area, standard, "met", (a, b))
            partly.update(dict.fromkeys((a, b)))
            if a not in reach[True, False]:
                one_way_in.append((a, b))
    return _pathway_result(G, area, standard, second, list(partly), one_way_in[:1])


def _pathway_result(
    G: nx.MultiDiGraph,
    area: str,
    standard: Standard,
    second: str,
    partly: list[str],
    one_way_in: list[tuple[str, str]],
) -> StandardResult:
    """A pathway standard not met both ways: partly met by the services `partly` (in the
    order the walk met them; none: not met), `one_way_in` the first pair joined only from b."""
    data = index(G).data
    label = _label(standard.rule.split(":")[1])
    other = "community treatment" if second == "treatment" else _label(second)
    if not partly:
        why = f"No route with at most one hand-off runs between {label} and {other} in {area}."
        return StandardResult(area, standard, "not_met", (), why)
    why = f"{names(G, partly)} are joined, but only informally or one way."
    if one_way_in:
        a, b = one_way_in[0]
        why += (
            f" {data[b]['name']} can refer women to {data[a]['name']}, but women at "
            f"{data[a]['name']} have no way in."
        )
    return StandardResult(area, standard, "partly", tuple(partly), why)


def scorecard(smap: ServiceMap, G: nx.MultiDiGraph, area: str) -> list[StandardResult]:
    """Every standard of the checklist scored for `area`, in checklist order: `evaluate` for
    each, or on a national map the same answers from look-ups made once for every area."""
    table = area_table(G)
    if table is None or area not in table.code:
        return [evaluate(G, area, s) for s in smap.standards]
    return [_looked_up(G, table, area, s) for s in smap.standards]


def _looked_up(
    G: nx.MultiDiGraph, table: AreaTable, area: str, standard: Standard
) -> StandardResult:
    """`evaluate(G, area, standard)` from the area table. Cost: O(services in the answer)."""
    kind, *args = standard.rule.split(":")
    if kind == "service":
        meeting = table.reached_of(area, _type_set(args[0]), women_only=len(args) == 2)
        return _service(area, standard, args, meeting)
    if kind == "offer":
        tags_text, *scope = args[0].split("@")
        where = scope[0] if scope else "community"
        scoped = [] if where == "residential" else list(table.community.get(area, []))
        if where != "community":
            scoped += table.reached_of(area, RESIDENTIAL, women_only=False)
        return _offer(G, area, standard, tags_text, where, scoped)
    second = args[1]
    ends = frozenset({COMMUNITY}) if second == "treatment" else _type_set(second)
    walk = table.walks(ends, _type_set(args[0])).get(area)
    if walk is None:
        return _pathway_result(G, area, standard, second, [], [])
    if walk.met is not None:
        return StandardResult(area, standard, "met", walk.met)
    one_way_in = [walk.one_way_in] if walk.one_way_in else []
    return _pathway_result(G, area, standard, second, walk.partly, one_way_in)


def standards_gaps(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """Per area: one finding per standard not met (its severity) or partly met (one step
    lower), and one finding for all the standards the map cannot judge for want of recorded
    offers. `affects` is the area's touchpoints. Cost: standards × (services + links) per
    area, with bounded searches for pathways; on a national map, the look-ups of
    `standards_fast` made once for every area.
    """
    findings = []
    table = area_table(G)
    for area in smap.area_names():
        results = scorecard(smap, G, area)
        if table is not None and area in table.code:
            affects = table.touchpoints[table.code[area]]
        else:
            affects = len(touchpoints(G, area))
        for result in results:
            if result.state in ("not_met", "partly"):
                findings.append(_gap(area, result, affects))
        unknown = [r for r in results if r.state == "not_evidenced"]
        if unknown:
            findings.append(_record_offers(G, area, unknown, affects))
    return findings


def _gap(area: str, result: StandardResult, affects: int) -> Finding:
    s = result.standard
    partly = result.state == "partly"
    return Finding(
        area=area,
        category="standards_gap",
        severity=LOWER[s.severity] if partly else s.severity,
        subject_id=s.id,
        subject_name=s.standard,
        finding=f"{area} {'only partly meets' if partly else 'does not yet meet'} the "
        f"standard: {s.standard}",
        evidence=result.why,
        suggestion=s.suggestion or "Commission or agree this with local providers.",
        source=s.source,
        affects=affects,
    )


def _record_offers(
    G: nx.MultiDiGraph, area: str, unknown: Iterable[StandardResult], affects: int
) -> Finding:
    results = list(unknown)
    services = list(dict.fromkeys(n for r in results for n in r.services))
    tags = sorted(
        {t for r in results for t in r.standard.rule.split(":")[1].split("@")[0].split("|")}
    )
    return Finding(
        area=area,
        category="standards_gap",
        severity="medium",
        subject_id=RECORD_OFFERS,
        subject_name="Offers not recorded",
        finding=f"The map cannot say whether {area} meets {len(results)} of the minimum "
        "standards: no offers are recorded for its treatment services.",
        evidence=f"The offers column of services.csv is empty for {names(G, services)}. "
        f"Standards that cannot be judged: {join_words([r.standard.id for r in results])}.",
        suggestion="Ask each treatment service what it offers and record it in the offers "
        f"column of services.csv (tags separated by ';'), for example: {', '.join(tags)}.",
        source=CJI_MAPPING,
        affects=affects,
    )
