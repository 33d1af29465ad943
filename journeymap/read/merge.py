"""Two maps joined into one: the council directory and a workshop's links, or two workshops.

Services are matched by id first; a service of the second map whose id the first map lacks is
then matched by name and postcode (case and spacing aside), and its links follow it to the
first map's id. Everything else of the second map is added.

Nothing is chosen silently. Where two matched services disagree on what the service *is*
(type, area, provider, women only), or two matched links on whether they are formal or two-way,
or both maps hold the same journey code (two different women), the merge stops and lists every
conflict as `FILE:LINE` against both files, for her to settle in one of them; nothing is
written. Where one side is blank the other's value is taken; where both have differing
descriptive text (name, url, description, coordinates) the first map's is kept and `notes`
says so; offers and link notes are joined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from journeymap.models import Action, Area, Journey, Link, Service, ServiceMap
from journeymap.problems import MapError, Problem
from journeymap.read.mapdiff import link_key
from journeymap.read.suggest import name_key, postcode_key

__all__ = ["Merged", "merge_maps"]

#: What a service is: two matched services must agree on these (or one be blank).
_IDENTITY = ("type", "area", "provider", "women_only")
#: Descriptive fields: the first map's value is kept when both differ, and said so.
_DESCRIPTIVE = ("name", "postcode", "latitude", "longitude", "url", "description")


@dataclass(frozen=True)
class Merged:
    """The joined map, how each second-map service was matched, and plain notes of what was
    kept or joined (never a conflict: those raise)."""

    smap: ServiceMap
    matched_by_id: tuple[str, ...]
    matched_by_name: tuple[tuple[str, str], ...]
    added: tuple[str, ...]
    notes: tuple[str, ...]


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "(blank)" if value in (None, "") else str(value)


def _blank(value: object) -> bool:
    return value is None or value == ""


class _Merger:
    def __init__(self, a: ServiceMap, b: ServiceMap, a_name: str, b_name: str):
        self.a, self.b = a, b
        self.a_file = f"{a_name.rstrip('/')}/" if a_name else ""
        self.b_file = f"{b_name.rstrip('/')}/" if b_name else ""
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def conflict(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(self.b_file + file, line, message))

    def match(self) -> tuple[dict[str, str], list[str], list[tuple[str, str]]]:
        """Second-map id → first-map id for every matched service."""
        a_ids = {s.id for s in self.a.services}
        by_name: dict[tuple[str, str], list[Service]] = {}
        for s in self.a.services:
            if s.postcode:
                by_name.setdefault((name_key(s.name), postcode_key(s.postcode)), []).append(s)
        b_ids = {s.id for s in self.b.services}
        by_id = [s.id for s in self.b.services if s.id in a_ids]
        mapping: dict[str, str] = {sid: sid for sid in by_id}
        by_pair = []
        for s in self.b.services:
            if s.id in a_ids:
                continue
            found = [
                t
                for t in by_name.get((name_key(s.name), postcode_key(s.postcode)), [])
                if t.id not in b_ids
            ]
            if len(found) == 1 and s.postcode:
                taken = next((b for b, a in mapping.items() if a == found[0].id), None)
                if taken is not None:  # two of the second map's services would become one
                    self.notes.append(
                        f"{s.id} has the name and postcode of {found[0].id}, already matched "
                        f"with {taken}: kept as a service of its own"
                    )
                    continue
                mapping[s.id] = found[0].id
                by_pair.append((s.id, found[0].id))
        return mapping, by_id, by_pair

    def service(self, old: Service, new: Service) -> Service:
        """The first map's service with the second's filled in; conflicts recorded."""
        update: dict[str, object] = {}
        where = f"{self.a_file}services.csv:{old.line}"
        for f in _IDENTITY:
            x, y = getattr(old, f), getattr(new, f)
            same = name_key(str(x)) == name_key(str(y)) if isinstance(x, str) else x == y
            if same:
                continue
            if isinstance(x, str) and (_blank(x) or _blank(y)):
                update[f] = x or y
                continue
            if f == "women_only":  # a boolean: 'no' is also the blank default
                update[f] = x or y
                if x != y:
                    self.notes.append(
                        f"{old.name} ({old.id}): women only taken as yes (one map says so)"
                    )
                continue
            self.conflict(
                "services.csv",
                new.line,
                f"service '{new.id}' ({new.name}) has {f} {_shown(y)} here but {_shown(x)} "
                f"in {where} ('{old.id}'); make them the same in one of the two files",
            )
        for f in _DESCRIPTIVE:
            x, y = getattr(old, f), getattr(new, f)
            if _blank(x) and not _blank(y):
                update[f] = y
            elif not _blank(y) and x != y:
                self.notes.append(
                    f"{old.name} ({old.id}): kept {f} {_shown(x)} from the first map, "
                    f"not {_shown(y)}"
                )
        offers = tuple(dict.fromkeys([*old.offers, *new.offers]))
        if offers != old.offers:
            update["offers"] = offers
        extra = {
            **{k: v for k, v in new.extra.items() if v},
            **{k: v for k, v in old.extra.items() if v},
        }
        if extra != old.extra:
            update["extra"] = {**old.extra, **extra}
        return old.model_copy(update=update) if update else old

    def link(self, old: Link, new: Link) -> Link:
        where = f"{self.a_file}links.csv:{old.line}"
        for f in ("formal", "two_way"):
            if getattr(old, f) != getattr(new, f) and not (
                f == "two_way" and old.kind != "referral"
            ):
                self.conflict(
                    "links.csv",
                    new.line,
                    f"the {old.kind.replace('_', ' ')} link {old.source} -> {old.target} has "
                    f"{f.replace('_', '-')} {_shown(getattr(new, f))} here but "
                    f"{_shown(getattr(old, f))} in {where}; make them the same in one file",
                )
        notes = "; ".join(dict.fromkeys(n for n in (old.notes, new.notes) if n))
        return old.model_copy(update={"notes": notes}) if notes != old.notes else old

    def journeys(self) -> list[Journey]:
        codes = {j.code: j for j in self.a.journeys}
        same = set()
        for j in self.b.journeys:
            if j.code in codes and _steps(codes[j.code]) == _steps(j):
                same.add(j.code)  # the same journey in both (one map made from the other)
            elif j.code in codes:
                first = codes[j.code].steps[0].line if codes[j.code].steps else 1
                self.conflict(
                    "journeys.csv",
                    j.steps[0].line if j.steps else 1,
                    f"journey {j.code} is also in {self.a_file}journeys.csv:{first}; two "
                    "workshops' journeys need different codes: rename one (e.g. W2-J01)",
                )
        return [*self.a.journeys, *(j for j in self.b.journeys if j.code not in codes)]

    def areas(self) -> list[Area]:
        mine = {x.area: x for x in self.a.areas}
        out = list(self.a.areas)
        for x in self.b.areas:
            if x.area not in mine:
                out.append(x)
                continue
            old = mine[x.area]
            for f in ("women_in_treatment", "estimated_women_need", "rural"):
                mine_value, theirs = getattr(old, f), getattr(x, f)
                if None not in (mine_value, theirs) and mine_value != theirs:
                    self.conflict(
                        "areas.csv",
                        x.line,
                        f"area {x.area} has {f} {_shown(theirs)} here but "
                        f"{_shown(mine_value)} in {self.a_file}areas.csv:{old.line}",
                    )
        return out


def _steps(journey: Journey) -> list[dict[str, object]]:
    return [s.model_dump(exclude={"line"}) for s in journey.steps]


def _rekey(links: Iterable[Link], mapping: dict[str, str]) -> list[Link]:
    return [
        k.model_copy(
            update={
                "source": mapping.get(k.source, k.source),
                "target": mapping.get(k.target, k.target),
            }
        )
        for k in links
    ]


def merge_maps(a: ServiceMap, b: ServiceMap, a_name: str = "", b_name: str = "") -> Merged:
    """Join map `b` into map `a` (`a_name`, `b_name`: their folders, for messages).

    Raises `MapError` listing every conflict, each as `FILE:LINE` in `b`'s files naming the
    line in `a`'s. Cost: linear in the two maps.
    """
    m = _Merger(a, b, a_name, b_name)
    mapping, by_id, by_pair = m.match()
    b_services = {s.id: s for s in b.services}
    into = {a_id: b_services[b_id] for b_id, a_id in mapping.items()}
    services = [m.service(s, into[s.id]) if s.id in into else s for s in a.services]
    added = [s for s in b.services if s.id not in mapping]
    services += added
    links: dict[tuple[str, str, str], Link] = {}
    order: list[tuple[str, str, str]] = []
    for k in a.links:
        key = link_key(k)  # a co-location written either way round is one link
        if key not in links:
            links[key] = k
            order.append(key)
    for k in _rekey(b.links, mapping):
        key = link_key(k)
        if key in links:
            links[key] = m.link(links[key], k)
        else:
            links[key] = k
            order.append(key)
    journeys = m.journeys()
    areas = m.areas()
    steps_moved = [
        j.model_copy(
            update={
                "steps": tuple(
                    s.model_copy(update={"service": mapping.get(s.service, s.service)})
                    for s in j.steps
                )
            }
        )
        for j in journeys
    ]
    if a.standards != b.standards or a.personas != b.personas:
        m.notes.append("kept the first map's standards and personas")
    actions = _actions(a, b, m.notes)
    if m.problems:
        raise MapError(m.problems)
    merged = ServiceMap(
        services=tuple(services),
        links=tuple(links[k] for k in order),
        journeys=tuple(steps_moved),
        areas=tuple(areas),
        standards=a.standards,
        personas=a.personas,
        actions=actions,
    )
    return Merged(
        merged,
        tuple(by_id),
        tuple(by_pair),
        tuple(s.id for s in added),
        tuple(m.notes),
    )


def _actions(a: ServiceMap, b: ServiceMap, notes: list[str]) -> tuple[Action, ...] | None:
    """Both maps' actions: the first map's, then the second's under ids the first does not
    use; an id both use for different actions keeps the first map's, with a note."""
    if a.actions is None and b.actions is None:
        return None
    mine = {x.id: x for x in a.actions or ()}
    out = list(mine.values())
    for x in b.actions or ():
        if x.id not in mine:
            out.append(x)
        elif x != mine[x.id]:
            notes.append(f"action {x.id} is in both maps: kept the first map's")
    return tuple(out)
