"""Safe routes for groups of women (personas): can she get from where she already goes to
treatment that fits her needs, without passing through a service she has reason to avoid?

A persona (data/personas.csv) names the service types she already uses (`entry_types`), what
the treatment end must offer (`needs_any`: any one of these offer tags; the value `women_only`
means the service itself is women-only; empty means any treatment fits) and the service types a
route must not pass through (`avoid_types`, e.g. children's social care for a mother who fears
removal). For each persona and local area her entry places are the area's services, plus
national ones, of her entry types. An entry place is *cut off* when no route from it reaches
fitting treatment without passing through an avoided service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from journeymap.analyse.text import name, names, remedy
from journeymap.graph.ends import reach, route_into, treatment_reach
from journeymap.graph.index import index, members, shared, touchpoints, treatment_nodes
from journeymap.graph.routes import Route, route_to
from journeymap.labels import offer_label, plural, type_label
from journeymap.models import Area, Finding, Persona, ServiceMap, Severity
from journeymap.vocab import NATIONAL, footfall

__all__ = [
    "EntryRoute",
    "PersonaView",
    "applies",
    "fits",
    "need_words",
    "persona_gaps",
    "persona_view",
    "why_cut_off",
]


def need_words(needs: Sequence[str]) -> str:
    """'a women-only space or an IDVA' for a persona's `needs_any` ('' when empty)."""
    words = [offer_label(n) for n in needs]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def fits(G: nx.MultiDiGraph, node: str, persona: Persona) -> bool:
    """True when treatment service `node` offers any of the persona's needs (or she has none).

    A treatment service of a type she avoids never fits. Cost: O(tags).
    """
    data = index(G).data[node]
    if data["type"] in persona.avoid_types:
        return False
    if not persona.needs_any:
        return True
    offers = set(data["offers"])
    return any((n == "women_only" and data["women_only"]) or n in offers for n in persona.needs_any)


@dataclass(frozen=True)
class EntryRoute:
    """One place she already goes, and how (or whether) she gets on to fitting treatment.

    `handoffs` is the fewest hand-offs of a safe route (None when she is cut off) and `route`
    that route, when it was worked out (see `persona_view`'s `routes`). When cut off, `unsafe`
    is a route to fitting treatment that passes through a service she avoids, and `unfitting`
    a route to some other treatment, when such routes exist: they say what is missing.
    """

    service: str
    handoffs: int | None
    route: Route | None = None
    unsafe: Route | None = None
    unfitting: Route | None = None

    @property
    def cut_off(self) -> bool:
        return self.handoffs is None


@dataclass(frozen=True)
class PersonaView:
    """A persona in one area: her entry places with their routes, and the fitting treatment."""

    persona: Persona
    area: str
    entries: tuple[EntryRoute, ...]
    #: Treatment in the area, or national, that fits her needs (the ends a route may reach).
    fitting: tuple[str, ...]
    #: Services she avoids: a route may start at one but never pass through it.
    avoided: tuple[str, ...]

    @property
    def cut_off(self) -> list[EntryRoute]:
        return [e for e in self.entries if e.cut_off]

    @property
    def reached(self) -> list[EntryRoute]:
        return [e for e in self.entries if not e.cut_off]


def persona_view(
    G: nx.MultiDiGraph, persona: Persona, area: str, *, routes: int | None = None
) -> PersonaView:
    """Where the persona starts in `area`, and her safe route (if any) from each place.

    Her entry places are the area's services plus national ones of her entry types, in
    services.csv order. A safe route ends at the first treatment service she reaches (DESIGN
    §3: in any area the links reach), which must fit her needs, and passes through no service
    she avoids. `routes` works out the safe route of only the first so many places that have
    one (the others get their hand-offs only): a finding names no more. Cost: one search per
    persona, O(V + E), shared by every area (two more when some place is cut off), then one
    forward search per route.
    """
    searches = _searches(G, persona)
    entries = _of_types(G, area, persona.entry_types)
    results = []
    reached = 0
    for node in entries:
        hops = searches.safe.get(node)
        if hops is not None:
            wanted = routes is None or reached < routes
            found = searches.route(node, searches.safe, avoid=True) if wanted else None
            results.append(EntryRoute(node, hops, found))
            reached += 1
            continue
        unsafe = unfitting = None
        if node in searches.any_way:
            unsafe = searches.route(node, searches.any_way, avoid=False)
        elif node in searches.unfit:
            unfitting = route_into(G, node, avoid=searches.avoided, toward=searches.unfit)
        results.append(EntryRoute(node, None, unsafe=unsafe, unfitting=unfitting))
    ends = {e.route.end for e in results if e.route}  # each one fits: it is in `fitting`
    near = searches.fitting_in(area) if area != NATIONAL else []
    fitting = [*near, *searches.fitting_in(NATIONAL), *ends.difference(near)]
    fitting = sorted(dict.fromkeys(fitting), key=index(G).position.__getitem__)
    return PersonaView(persona, area, tuple(results), tuple(fitting), tuple(searches.avoided))


@dataclass
class _Searches:
    """The searches one persona needs, shared by every area: safe routes to treatment that
    fits her; routes to fitting treatment through services she avoids (what makes a place
    unsafe); routes to any treatment (what makes it unfitting). The last two only when asked."""

    G: nx.MultiDiGraph
    fitting: list[str]
    avoided: list[str]
    safe: dict[str, int]
    _any_way: dict[str, int] | None = None
    _unfit: dict[str, int] | None = None
    _sets: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = None
    _by_area: dict[str, list[str]] | None = None

    @property
    def any_way(self) -> dict[str, int]:
        if self._any_way is None:
            self._any_way = self.safe if not self.avoided else treatment_reach(self.G, self.fitting)
        return self._any_way

    @property
    def unfit(self) -> dict[str, int]:
        if self._unfit is None:
            self._unfit = treatment_reach(self.G, avoid=self.avoided)
        return self._unfit

    def fitting_in(self, area: str) -> list[str]:
        """The fitting treatment of one area (or the national ones), in graph order."""
        if self._by_area is None:
            self._by_area = {}
            data = index(self.G).data
            for t in self.fitting:
                self._by_area.setdefault(data[t]["area"], []).append(t)
        return self._by_area.get(area, [])

    def route(self, node: str, toward: dict[str, int], *, avoid: bool) -> Route | None:
        """`route_into(G, node, fitting, avoid=avoided or nothing, toward=toward)`, with the
        sets it would make on each call made once (thousands of calls on a national map)."""
        if self._sets is None:
            treatment = index(self.G).treatment_set
            self._sets = (frozenset(self.fitting), treatment | set(self.avoided), treatment)
        fitting, safe_blocked, blocked = self._sets
        return route_to(
            self.G, node, fitting, blocked=safe_blocked if avoid else blocked, toward=toward
        )


def _searches(G: nx.MultiDiGraph, persona: Persona) -> _Searches:
    def make() -> _Searches:
        fitting = [t for t in treatment_nodes(G) if fits(G, t, persona)]
        types = persona.avoid_types
        avoided = [n for n, d in index(G).data.items() if d["type"] in types]
        return _Searches(G, fitting, avoided, treatment_reach(G, fitting, avoid=avoided))

    return shared(G, ("persona", persona.avoid_types, persona.needs_any), make)


def _of_types(G: nx.MultiDiGraph, area: str, types: Sequence[str]) -> list[str]:
    """The area's services plus national ones of the given types, in graph order: from one
    list per area and type made once per graph (every persona asks it of every area)."""

    by_area: dict[str, dict[str, list[str]]] = shared(G, "persona-types", dict)
    by_type = by_area.get(area)
    if by_type is None:
        by_type = by_area[area] = {}
        data = index(G).data
        for n in members(G, area):
            by_type.setdefault(data[n]["type"], []).append(n)
    if len(types) == 1:
        return list(by_type.get(types[0], ()))
    position = index(G).position
    found = [n for t in dict.fromkeys(types) for n in by_type.get(t, ())]
    return sorted(found, key=position.__getitem__)


def applies(persona: Persona, area: Area | None) -> bool:
    """Whether the persona is asked about in this area: the rural persona only where
    areas.csv says the area is rural, or does not say (DESIGN §4)."""
    if persona.circumstance == "rural":
        return area is None or area.rural is not False
    return True


#: The most places with a route that a finding's evidence names (the rest are counted).
EVIDENCE_ROUTES = 8


def _who(persona: Persona) -> str:
    """'a pregnant woman' from 'Pregnant woman' (keeps acronyms such as 'LGBTQ+ woman')."""
    label = persona.name.strip()
    if label[:2].isupper():
        return f"a {label}"
    return "a " + label[0].lower() + label[1:]


def _severity(cut: int, total: int) -> Severity:
    """High when every place she goes is cut off, medium from half of them, else low."""
    if cut == total:
        return "high"
    return "medium" if 2 * cut >= total else "low"


def _hops(route: Route) -> str:
    return plural(route.handoffs, "hand-off")


def why_cut_off(G: nx.MultiDiGraph, entry: EntryRoute, view: PersonaView) -> str:
    """Why this place is cut off: 'every route passes through Y' and the like."""
    if entry.unsafe is not None:
        avoid = view.persona.avoid_types
        avoided = [n for n in entry.unsafe.services[1:] if G.nodes[n]["type"] in avoid]
        return f"every route passes through {names(G, avoided)}"
    if entry.unfitting is not None:
        return (
            "routes lead only to treatment without what she needs, such as "
            f"{name(G, entry.unfitting.end)}"
        )
    if entry.service in reach(G):
        return (
            "her routes pass through a service she avoids, or end at treatment without "
            "what she needs"
        )
    return "no route into treatment at all"


def _cut_off_phrase(G: nx.MultiDiGraph, view: PersonaView) -> str:
    """'A and B (reason); C (other reason)': cut-off places grouped by why, first-seen order."""
    groups: dict[str, list[str]] = {}
    for entry in view.cut_off:
        groups.setdefault(why_cut_off(G, entry, view), []).append(entry.service)
    return "; ".join(f"{names(G, nodes, limit=8)} ({why})" for why, nodes in groups.items())


def _evidence(G: nx.MultiDiGraph, view: PersonaView) -> str:
    persona = view.persona
    parts = []
    if persona.needs_any:
        parts.append(f"She needs treatment that offers {need_words(persona.needs_any)}.")
    if persona.avoid_types:
        avoid = " or ".join(type_label(t).lower() for t in persona.avoid_types)
        parts.append(f"A safe route does not pass through {avoid}.")
    parts.append(f"No safe route from: {_cut_off_phrase(G, view)}.")
    reached = view.reached
    if reached:
        shown = [e.route for e in reached if e.route][:EVIDENCE_ROUTES]
        hops = "; ".join(
            f"{name(G, r.services[0])} ({_hops(r)}, to {name(G, r.end)})" for r in shown
        )
        if len(reached) > len(shown):
            hops += f"; and {plural(len(reached) - len(shown), 'more place')}"
        parts.append(f"Where a route exists, fewest hand-offs: {hops}.")
    if not view.fitting:
        parts.append(
            f"No treatment service in {view.area} or open to every area offers what she needs."
        )
    return " ".join(parts)


def _suggestion(G: nx.MultiDiGraph, view: PersonaView) -> str:
    persona = view.persona
    if not view.fitting:
        offer = need_words(persona.needs_any)
        return (
            f"Offer {offer} in treatment in {view.area}, then link the places she already goes "
            "to it."
        )
    cut = view.cut_off
    if all(e.unsafe is not None for e in cut):
        avoid = " or ".join(type_label(t).lower() for t in persona.avoid_types)
        return (
            f"Open a direct route into {names(G, view.fitting, limit=3)} from "
            f"{names(G, [e.service for e in cut], limit=3)} that does not go through {avoid}."
        )
    busiest = max(cut, key=lambda e: footfall(G.nodes[e.service]["type"]))
    target = names(G, view.fitting, limit=3)
    return f"{remedy(G.nodes[busiest.service]['type'])} Treatment that fits her needs: {target}."


def persona_gaps(smap: ServiceMap, G: nx.MultiDiGraph) -> list[Finding]:
    """One finding per persona and local area where some place she goes is cut off.

    Areas with none of her entry places are skipped (the standards checklist covers missing
    services). Severity grows with the share of her entry places cut off. Cost: per persona and
    area, a look-up per entry place in searches shared by every area, then (only where some
    place is cut off) one forward search per route the finding shows (at most
    `EVIDENCE_ROUTES`) and per cut-off place.
    """
    findings = []
    area_rows = {a.area: a for a in smap.areas}
    areas = smap.area_names()
    for persona in smap.personas:
        for area in areas:
            if not applies(persona, area_rows.get(area)):
                continue
            safe = _searches(G, persona).safe
            if all(n in safe for n in _of_types(G, area, persona.entry_types)):
                continue  # no place cut off, no finding: its routes need not be traced
            view = persona_view(G, persona, area, routes=EVIDENCE_ROUTES)
            cut, total = len(view.cut_off), len(view.entries)
            if not cut:
                continue
            who = _who(persona)
            if total == 1:
                finding = (
                    f"In {area}, the one place {who} already goes offers her no safe route into "
                    "treatment that fits her needs."
                )
            elif cut == total:
                finding = (
                    f"In {area}, none of the {total} places {who} already goes "
                    "offers her a safe route into treatment that fits her needs."
                )
            else:
                verb = "offers" if cut == 1 else "offer"
                finding = (
                    f"In {area}, {cut} of the {total} places {who} already goes {verb} her no "
                    "safe route into treatment that fits her needs."
                )
            findings.append(
                Finding(
                    area=area,
                    category="persona_gap",
                    severity=_severity(cut, total),
                    subject_id=persona.id,
                    subject_name=persona.name,
                    finding=finding,
                    evidence=_evidence(G, view),
                    suggestion=_suggestion(G, view),
                    source=persona.source or "personas.csv",
                    affects=len(touchpoints(G, area)),
                )
            )
    return findings
