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

from journeymap.analyse.persona_search import (
    ANY_WAY,
    SAFE,
    UNFIT,
    Searches,
    fits,
    of_types,
    searches,
)
from journeymap.analyse.text import name, names, remedy
from journeymap.graph.ends import reach
from journeymap.graph.index import index, map_areas, touchpoints
from journeymap.graph.routes import Route
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
    found = searches(G, persona)
    results, _ = _entries(found, of_types(G, area, persona.entry_types), routes, every=True)
    return _view(G, persona, area, found, results)


def _entries(
    found: Searches, entries: Sequence[str], routes: int | None, *, every: bool
) -> tuple[list[EntryRoute], int]:
    """Each entry place with its route (the first `routes` places with one, or all), and how
    many have one. With `every` False, the places with a safe route but none worked out are
    left out (a finding only counts them)."""
    results = []
    reached = 0
    for node, hops in zip(entries, found.many(SAFE, entries), strict=True):
        if hops is not None:
            if routes is None or reached < routes:
                results.append(EntryRoute(node, hops, found.route(SAFE, node)))
            elif every:
                results.append(EntryRoute(node, hops))
            reached += 1
            continue
        unsafe = unfitting = None
        if found.hops(ANY_WAY, node) is not None:
            unsafe = found.route(ANY_WAY, node)
        elif found.hops(UNFIT, node) is not None:
            unfitting = found.route(UNFIT, node)
        results.append(EntryRoute(node, None, unsafe=unsafe, unfitting=unfitting))
    return results, reached


def _view(
    G: nx.MultiDiGraph, persona: Persona, area: str, found: Searches, results: list[EntryRoute]
) -> PersonaView:
    """The view from its entries: the fitting treatment is the area's and the national
    ones, and the ends of the routes worked out (each one fits)."""
    ends = {e.route.end for e in results if e.route}
    near = found.fitting_in(area) if area != NATIONAL else []
    fitting = [*near, *found.fitting_in(NATIONAL), *ends.difference(near)]
    fitting = sorted(dict.fromkeys(fitting), key=index(G).position.__getitem__)
    return PersonaView(persona, area, tuple(results), tuple(fitting), tuple(found.avoided))


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


def _evidence(G: nx.MultiDiGraph, view: PersonaView, reached: int) -> str:
    """`view` holds the cut-off places and the places whose routes are shown; `reached`
    counts every place with a safe route."""
    persona = view.persona
    parts = []
    if persona.needs_any:
        parts.append(f"She needs treatment that offers {need_words(persona.needs_any)}.")
    if persona.avoid_types:
        avoid = " or ".join(type_label(t).lower() for t in persona.avoid_types)
        parts.append(f"A safe route does not pass through {avoid}.")
    parts.append(f"No safe route from: {_cut_off_phrase(G, view)}.")
    if reached:
        shown = [e.route for e in view.entries if e.route][:EVIDENCE_ROUTES]
        hops = "; ".join(
            f"{name(G, r.services[0])} ({_hops(r)}, to {name(G, r.end)})" for r in shown
        )
        if reached > len(shown):
            hops += f"; and {plural(reached - len(shown), 'more place')}"
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
    areas = map_areas(G, smap)  # the same for every persona's job: kept with G
    affects = {area: len(touchpoints(G, area)) for area in areas} if smap.personas else {}
    for persona in smap.personas:
        for area in areas:
            if not applies(persona, area_rows.get(area)):
                continue
            found = searches(G, persona)
            entries = of_types(G, area, persona.entry_types)
            if found.all_safe(entries):
                continue  # no place cut off, no finding: its routes need not be traced
            results, reached = _entries(found, entries, EVIDENCE_ROUTES, every=False)
            view = _view(G, persona, area, found, results)
            total = len(entries)
            cut = total - reached
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
                    evidence=_evidence(G, view, reached),
                    suggestion=_suggestion(G, view),
                    source=persona.source or "personas.csv",
                    affects=affects[area],
                )
            )
    return findings
