"""What changed between two versions of a map: services and links added, removed and changed.

Services are matched by id, links by (from, to, kind): the same keys a person uses when she
reads the files. A link whose two-way, formal or notes cell changed is *changed*, not one
removed and one added. Used by `journeymap diff`, by the app's "what changed since we last
mapped", and to tell her what someone else saved while she was editing.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from journeymap.models import Link, Service, ServiceMap
from journeymap.read.write import LINK_FIELDS, SERVICE_FIELDS, field_text
from journeymap.runtime.gcpause import without_gc

__all__ = ["Changed", "MapChanges", "link_key", "map_changes"]

#: The service fields compared, in the contract's order (`line` is where, not what).
_SERVICE_FIELDS = tuple(f for f in SERVICE_FIELDS if f != "id")
_LINK_FIELDS = tuple(f for f in LINK_FIELDS if f not in ("from", "to", "kind"))


def link_key(link: Link) -> tuple[str, str, str]:
    """(from, to, kind): a link as a person names it; a co-location or joint working runs
    both ways whichever end is written first, so its ends are taken in sorted order."""
    if link.kind == "referral":
        return (link.source, link.target, link.kind)
    a, b = sorted((link.source, link.target))
    return (a, b, link.kind)


@dataclass(frozen=True)
class Changed:
    """One service or link on both sides, with the fields that differ as (field, old, new)."""

    key: str
    name: str
    fields: tuple[tuple[str, str, str], ...]

    def describe(self) -> str:
        """'gp (Dr Lee): type gp → midwifery; postcode '' → AB1 2CD'."""
        parts = [f"{f} {old or '(blank)'} → {new or '(blank)'}" for f, old, new in self.fields]
        return f"{self.name}: " + "; ".join(parts)


@dataclass(frozen=True)
class MapChanges:
    """Services and links added, removed and changed from `old` to `new`."""

    services_added: tuple[Service, ...]
    services_removed: tuple[Service, ...]
    services_changed: tuple[Changed, ...]
    links_added: tuple[Link, ...]
    links_removed: tuple[Link, ...]
    links_changed: tuple[Changed, ...]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.services_added,
                self.services_removed,
                self.services_changed,
                self.links_added,
                self.links_removed,
                self.links_changed,
            )
        )

    def lines(self, names: dict[str, str] | None = None) -> list[str]:
        """One plain sentence per change, services first, for a page or a terminal."""
        names = names or {}

        def name(sid: str) -> str:
            return names.get(sid, sid)

        def link(k: Link) -> str:
            arrow = "↔" if k.two_way or k.kind != "referral" else "→"
            return f"{name(k.source)} {arrow} {name(k.target)} ({k.kind.replace('_', ' ')})"

        out = [f"Service added: {s.name} ({s.id})" for s in self.services_added]
        out += [f"Service removed: {s.name} ({s.id})" for s in self.services_removed]
        out += [f"Service changed: {c.describe()}" for c in self.services_changed]
        out += [f"Link added: {link(k)}" for k in self.links_added]
        out += [f"Link removed: {link(k)}" for k in self.links_removed]
        out += [f"Link changed: {c.describe()}" for c in self.links_changed]
        return out


def _fields(old: object, new: object, names: Sequence[str]) -> list[tuple[str, str, str]]:
    diffs = []
    for f in names:
        a, b = field_text(getattr(old, f)), field_text(getattr(new, f))
        if a != b:
            diffs.append((f, a, b))
    extra_old: dict[str, str] = getattr(old, "extra", {})
    extra_new: dict[str, str] = getattr(new, "extra", {})
    for f in dict.fromkeys([*extra_old, *extra_new]):
        a, b = extra_old.get(f, ""), extra_new.get(f, "")
        if a != b:
            diffs.append((f, a, b))
    return diffs


def _first(links: Iterable[Link]) -> dict[tuple[str, str, str], Link]:
    out: dict[tuple[str, str, str], Link] = {}
    for k in links:
        out.setdefault(link_key(k), k)
    return out


@without_gc
def map_changes(old: ServiceMap, new: ServiceMap) -> MapChanges:
    """Compare two maps' services (by id) and links (by from, to, kind), in the new map's
    order (removed ones in the old map's). Cost: linear in the two maps (a comparison of
    each pair of links when they are all equal, as when only services.csv was edited)."""
    olds = {s.id: s for s in old.services}
    news = {s.id: s for s in new.services}
    changed = []
    for s in new.services:
        was = olds.get(s.id)
        if was is not None and vars(was) != vars(s):  # most are the same in every field
            diffs = _fields(was, s, _SERVICE_FIELDS)
            if diffs:
                changed.append(Changed(s.id, f"{s.name} ({s.id})", tuple(diffs)))
    services = MapChanges(
        services_added=tuple(s for s in new.services if s.id not in olds),
        services_removed=tuple(s for s in old.services if s.id not in news),
        services_changed=tuple(changed),
        links_added=(),
        links_removed=(),
        links_changed=(),
    )
    if len(old.links) == len(new.links) and all(
        map(operator.eq, map(vars, old.links), map(vars, new.links))
    ):
        return services
    names = {**{s.id: s.name for s in old.services}, **{s.id: s.name for s in new.services}}
    old_links, new_links = _first(old.links), _first(new.links)
    links_changed = []
    for key, k in new_links.items():
        was_link = old_links.get(key)
        if was_link is not None and vars(was_link) != vars(k):
            diffs = _fields(was_link, k, _LINK_FIELDS)
            if diffs:
                label = f"{names.get(k.source, k.source)} – {names.get(k.target, k.target)}"
                links_changed.append(
                    Changed("|".join(key), f"{label} ({k.kind.replace('_', ' ')})", tuple(diffs))
                )
    return replace(
        services,
        links_added=tuple(k for key, k in new_links.items() if key not in old_links),
        links_removed=tuple(k for key, k in old_links.items() if key not in new_links),
        links_changed=tuple(links_changed),
    )
