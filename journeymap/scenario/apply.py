"""Applying a checked scenario to a copy of a map, and saying in plain words what it changes.

`apply_scenario` returns a new `ServiceMap` (models are frozen) and never touches the map
files; `Applied` keeps what changed beside it, for marking the network (`outputs.change_chart`)
and for the comparison's list of changes. `describe_changes` is one sentence per change, for
the CLI and the app. Reading and checking the file is `scenario.read`; this module trusts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journeymap.labels import KIND_LABELS, plural
from journeymap.models import Journey, Link, Service, ServiceMap, Step
from journeymap.scenario.changes import LinkRef, Scenario

__all__ = ["Applied", "apply_scenario", "describe_changes"]


@dataclass(frozen=True)
class Applied:
    """The changed map, and what changed in it: for marking the network and for saying so.

    `links_removed` holds every link gone from the map; `links_with_services` those of them
    that went only because a service at one end was removed.
    """

    smap: ServiceMap
    services_added: tuple[str, ...]
    services_removed: tuple[str, ...]
    services_changed: tuple[str, ...]
    links_added: tuple[Link, ...]
    links_removed: tuple[Link, ...]
    links_with_services: tuple[Link, ...]
    steps_unmapped: int = 0


def apply_scenario(smap: ServiceMap, scenario: Scenario) -> Applied:
    """The map with the scenario's changes made; `smap` and its files are left as they are.

    Order: links removed, services removed (with all their links), services added, links
    added, offers added, offers removed. Journey steps at a removed service keep their
    place in the journey as a named place (a contact that happened stays recorded).
    Raises ValueError when the scenario names a service the map lacks (check it with
    `parse_scenario` first). Cost: O(services + links + journey steps).
    """
    gone = set(scenario.remove_service)
    kept, links_removed, links_with_services = _split_links(smap.links, scenario.remove_link, gone)
    services = [s for s in smap.services if s.id not in gone]
    services.extend(scenario.add_service)
    _check_named(scenario, {s.id for s in services})
    kept.extend(scenario.add_link)
    changed = _change_offers(services, scenario)

    names = {s.id: s.name for s in smap.services}
    journeys, unmapped = _unmap_steps(smap.journeys, gone, names)
    after = smap.model_copy(
        update={"services": tuple(services), "links": tuple(kept), "journeys": journeys}
    )
    added_ids = {s.id for s in scenario.add_service}
    return Applied(
        smap=after,
        services_added=tuple(s.id for s in scenario.add_service),
        services_removed=tuple(scenario.remove_service),
        services_changed=tuple(s for s in changed if s not in added_ids),
        links_added=tuple(scenario.add_link),
        links_removed=tuple(links_removed),
        links_with_services=tuple(links_with_services),
        steps_unmapped=unmapped,
    )


def _split_links(
    links: Iterable[Link], refs: Iterable[LinkRef], gone: set[str]
) -> tuple[list[Link], list[Link], list[Link]]:
    """(kept, removed, removed with a service): a link goes when a `LinkRef` matches it or
    when a service at either end is removed (then it is also in the third list)."""
    refs = tuple(refs)
    kept: list[Link] = []
    removed: list[Link] = []
    with_services: list[Link] = []
    for link in links:
        if any(ref.matches(link) for ref in refs):
            removed.append(link)
        elif link.source in gone or link.target in gone:
            removed.append(link)
            with_services.append(link)
        else:
            kept.append(link)
    return kept, removed, with_services


def _check_named(scenario: Scenario, ids: set[str]) -> None:
    """Raise ValueError when a new link or an offer change names a service not in `ids`."""
    missing = [
        sid
        for sid in (
            *(k.source for k in scenario.add_link),
            *(k.target for k in scenario.add_link),
            *(o.service for o in (*scenario.add_offers, *scenario.remove_offers)),
        )
        if sid not in ids
    ]
    if missing:
        raise ValueError(f"the scenario names services not in the map: {', '.join(missing)}")


def _change_offers(services: list[Service], scenario: Scenario) -> dict[str, None]:
    """Add, then take away, the scenario's offer tags in `services` (in place); the ids of
    the services changed, in the order first changed."""
    index = {s.id: i for i, s in enumerate(services)}
    changed: dict[str, None] = {}
    for change in scenario.add_offers:
        i = index[change.service]
        offers = tuple(dict.fromkeys((*services[i].offers, *change.offers)))
        services[i] = services[i].model_copy(update={"offers": offers})
        changed[change.service] = None
    for change in scenario.remove_offers:
        i = index[change.service]
        offers = tuple(t for t in services[i].offers if t not in change.offers)
        services[i] = services[i].model_copy(update={"offers": offers})
        changed[change.service] = None
    return changed


def _unmap_steps(
    journeys: tuple[Journey, ...], gone: set[str], names: Mapping[str, str]
) -> tuple[tuple[Journey, ...], int]:
    if not gone:
        return journeys, 0
    count = 0
    out = []
    for journey in journeys:
        steps: list[Step] = []
        for step in journey.steps:
            if step.service in gone:
                count += 1
                step = step.model_copy(
                    update={"service": "", "place": step.place or names[step.service]}
                )
            steps.append(step)
        out.append(journey.model_copy(update={"steps": tuple(steps)}))
    return tuple(out), count


def _kind(kind: str) -> str:
    """A link kind as a sentence names it: 'co-location', 'joint working', 'referral'."""
    return KIND_LABELS[kind].lower() if kind in KIND_LABELS else kind


def describe_changes(smap: ServiceMap, scenario: Scenario) -> list[str]:
    """One plain sentence per change, naming services, for the CLI and the app.

    Cost: O(changes × links) (a removed service's links are counted).
    """
    names = {s.id: s.name for s in (*smap.services, *scenario.add_service)}

    def n(sid: str) -> str:
        return names.get(sid, sid)

    lines = []
    for s in scenario.add_service:
        lines.append(f"New service: {s.name} ({s.type.replace('_', ' ')}, {s.area})")
    for sid in scenario.remove_service:
        count = sum(sid in (k.source, k.target) for k in smap.links)
        lines.append(f"Service closes: {n(sid)}, with its {plural(count, 'link')}")
    for k in scenario.add_link:
        arrow = "↔" if k.both_ways else "→"
        formal = "written" if k.formal else "informal"
        notes = f" ({k.notes})" if k.notes else ""
        lines.append(f"New {formal} {_kind(k.kind)}: {n(k.source)} {arrow} {n(k.target)}{notes}")
    for r in scenario.remove_link:
        what = _kind(r.kind) if r.kind else "link"
        lines.append(f"{what[0].upper()}{what[1:]} ends: {n(r.source)} – {n(r.target)}")
    for o in scenario.add_offers:
        lines.append(f"{n(o.service)} starts to offer: {', '.join(o.offers)}")
    for o in scenario.remove_offers:
        lines.append(f"{n(o.service)} stops offering: {', '.join(o.offers)}")
    return lines
