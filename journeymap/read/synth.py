"""Synthetic maps of any size, for benchmarks and for trying journeymap at national scale.

A national body maps every area at once: about 150 areas of 300 services each. No such map is
public, so this module makes one that looks like the real thing in the ways that matter for
speed and for the findings: the mix of service types of an English local authority, offers
that cluster on treatment and women's services, referrals, co-locations and joint working in
the proportions of the demo map, and areas that differ the way the seeds describe them:

- *joined up* areas (about 3 in 10): most touchpoints have a direct, written pathway into
  treatment, many co-located clinics, few silos;
- *patchy* areas (about 4 in 10): some direct routes, others through a women's centre, an
  outreach worker or early help, many informal;
- *fragmented* areas (about 2 in 10): few direct routes, long chains, one-way referrals, silos
  and services with no links at all, thin treatment offers;
- *shared* areas (about 1 in 10): no treatment service of their own; women are referred to the
  neighbouring area's treatment service.

A few dozen national services (residential rehab, inpatient detox, helplines, online peer
support) take referrals from every area, and neighbouring areas share a few links. `areas.csv`
holds need figures that are lower where the area is fragmented, and some areas carry recorded
journeys. Every name is invented. The numbers behind all this (type mix, offers, profiles,
names) are in `synth_shape`; this module lays the map out from them.

The same seed gives the same bytes, on any machine and under any `PYTHONHASHSEED`: one
`random.Random(seed)` drives everything and nothing iterates a set.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.labels import TYPE_LABELS
from journeymap.read.atomic import write_files
from journeymap.read.spreadsheet import table_csv
from journeymap.read.synth_lean import (
    LEAN_JOURNEY_FIELDS,
    LEAN_LINK_FIELDS,
    LEAN_SERVICE_FIELDS,
    lean_rows,
)
from journeymap.read.synth_shape import (
    COLOCATING,
    HUB_TYPES,
    JOINT,
    NATIONAL_TYPES,
    PLACES,
    PROFILES,
    PROVIDERS,
    WOMEN_ONLY,
    Profile,
    area_names,
    draw_offers,
    type_counts,
)
from journeymap.read.write import AREA_FIELDS, JOURNEY_FIELDS, LINK_FIELDS, SERVICE_FIELDS
from journeymap.vocab import (
    BARRIERS,
    CIRCUMSTANCES,
    GROUP_OF,
    NATIONAL,
    SERVICE_TYPES,
    TREATMENT_TYPES,
)

__all__ = ["MIN_PER_AREA", "synth_files", "write_synth"]

#: Fewer services than this per area cannot hold a treatment service and its touchpoints.
MIN_PER_AREA = 5


@dataclass
class _Service:
    id: str
    name: str
    type: str
    area: str
    provider: str
    women_only: bool
    offers: tuple[str, ...]
    latitude: float | None
    longitude: float | None
    description: str
    local_ref: str

    def row(self) -> list[str]:
        lat = "" if self.latitude is None else str(self.latitude)
        lon = "" if self.longitude is None else str(self.longitude)
        wo = "yes" if self.women_only else "no"
        return [
            *(self.id, self.name, self.type, self.area, self.provider, wo),
            *(";".join(self.offers), "", lat, lon, "", self.description, self.local_ref),
        ]


@dataclass
class _Maker:
    rng: random.Random
    services: list[_Service] = field(default_factory=list)
    links: list[list[str]] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    by_type: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    type_of: dict[str, str] = field(default_factory=dict)
    out: dict[str, list[str]] = field(default_factory=dict)  # where a woman can go from each

    def add_service(self, s: _Service) -> None:
        self.services.append(s)
        self.by_type.setdefault(s.area, {}).setdefault(s.type, []).append(s.id)
        self.type_of[s.id] = s.type
        self.out[s.id] = []

    def link(self, a: str, b: str, kind: str, profile: Profile, note: str = "") -> bool:
        """Add a link unless it repeats one (either way for kinds that run both ways)."""
        if a == b:
            return False
        key = (a, b, kind) if kind == "referral" else (min(a, b), max(a, b), kind)
        if key in self.seen:
            return False
        self.seen.add(key)
        two_way = kind == "referral" and self.rng.random() < profile.two_way
        formal = self.rng.random() < profile.formal
        self.links.append([a, b, kind, "yes" if two_way else "no", "yes" if formal else "no", note])
        self.out[a].append(b)
        if kind != "referral" or two_way:
            self.out[b].append(a)
        return True


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower())


def _make_services(
    m: _Maker, area: str, counts: dict[str, int], profile: Profile, centre: tuple[float, float]
) -> None:
    rng, slug = m.rng, _slug(area)
    for stype in SERVICE_TYPES:
        for n in range(1, counts.get(stype, 0) + 1):
            provider = PROVIDERS.get(GROUP_OF[stype], "").format(area=area)
            located = rng.random() < 0.9
            m.add_service(
                _Service(
                    id=f"{slug}-{stype.replace('_', '-')}-{n}",
                    name=f"{area} {TYPE_LABELS[stype]} {n}",
                    type=stype,
                    area=area,
                    provider=provider,
                    women_only=rng.random() < WOMEN_ONLY.get(stype, 0.01),
                    offers=draw_offers(stype, profile, rng),
                    latitude=round(centre[0] + rng.gauss(0, 0.04), 4) if located else None,
                    longitude=round(centre[1] + rng.gauss(0, 0.06), 4) if located else None,
                    description="",
                    local_ref=f"{slug[:3].upper()}{len(m.services):06d}",
                )
            )


def _link_area(
    m: _Maker, area: str, profile: Profile, treatment: Sequence[str], budget: int
) -> None:
    """Links inside one area: direct pathways, routes through hubs, silos, then the rest."""
    rng = m.rng
    types = m.by_type[area]
    local = [sid for t in SERVICE_TYPES for sid in types.get(t, [])]
    touch = [s for s in local if m.type_of[s] not in TREATMENT_TYPES]
    own_treatment = [s for s in local if m.type_of[s] in TREATMENT_TYPES]
    start = len(m.links)

    # Treatment services work together; local rehab or detox takes referrals from the hub.
    hubs_t = [s for s in own_treatment if m.type_of[s] == "drug_alcohol_treatment"]
    for other in own_treatment[1:]:
        kind = "joint_working" if m.type_of[other] == "drug_alcohol_treatment" else "referral"
        m.link(own_treatment[0], other, kind, profile)

    isolated = [s for s in touch if rng.random() < profile.isolated]
    closed = set(isolated)
    rest = [s for s in touch if s not in closed]
    for _ in range(rng.randint(*profile.silo_groups)):
        size = rng.randint(2, 4)
        if len(rest) <= size + 2:
            break
        group = rng.sample(rest, size)
        closed.update(group)
        rest = [s for s in rest if s not in closed]
        for a, b in itertools.pairwise(group):
            m.link(a, b, rng.choice(("referral", "joint_working")), profile)

    hubs = [s for s in rest if m.type_of[s] in HUB_TYPES]
    # A few hubs carry most of the indirect routes: the one outreach worker everyone relies on.
    weights = [1.0 / (i + 1) for i in range(len(hubs))]
    for s in rest:
        stype = m.type_of[s]
        direct = profile.hub_direct if stype in HUB_TYPES else profile.direct
        if treatment and rng.random() < direct:
            tx = rng.choice(hubs_t or list(treatment))
            roll = rng.random()
            if stype in COLOCATING and roll < 0.35:
                m.link(tx, s, "co_location", profile, "treatment clinic held on site")
            elif stype in JOINT and roll < 0.6:
                m.link(s, tx, "joint_working", profile)
            elif rng.random() < 0.85:
                m.link(s, tx, "referral", profile)
            else:
                m.link(tx, s, "referral", profile)
        elif hubs and stype not in HUB_TYPES:
            m.link(s, rng.choices(hubs, weights)[0], "referral", profile)
        elif len(rest) > 1:
            m.link(s, rng.choice(rest), "referral", profile)

    # Everyday links between touchpoints (GP to pharmacy, housing to outreach, …).
    pool = rest + own_treatment
    tries = 0
    while len(m.links) - start < budget and len(pool) > 1 and tries < budget * 4:
        tries += 1
        a, b = rng.sample(pool, 2)
        roll = rng.random()
        kind = "referral" if roll < 0.72 else "joint_working" if roll < 0.9 else "co_location"
        m.link(a, b, kind, profile)


def _journeys(m: _Maker, areas: Sequence[str], count: int) -> list[list[str]]:
    """Anonymous journeys that walk the map: a few contacts, some helpful, some not."""
    rng = m.rng
    rows: list[list[str]] = []
    local = {a: [sid for ids in m.by_type[a].values() for sid in ids] for a in areas}
    for j in range(count):
        area = areas[rng.randrange(len(areas))]
        code = f"J{j + 1:04d}"
        circumstances = rng.sample(CIRCUMSTANCES, rng.randint(1, 3))
        here = rng.choice(local[area])
        number = 0
        for _ in range(rng.randint(3, 7)):
            number += 1
            stype = m.type_of[here]
            treated = stype in TREATMENT_TYPES
            stage = "in_treatment" if treated else "before_help" if number == 1 else "seeking_help"
            barriers = rng.sample(BARRIERS, rng.choice((0, 0, 1, 2)))
            onward = m.out[here]
            helped = "" if treated else rng.choice(("yes", "no")) if onward else "no"
            rows.append(
                [
                    code,
                    str(number),
                    here,
                    "",
                    stage,
                    str(rng.randint(-2, 2)),
                    ";".join(barriers),
                    helped,
                    ";".join(circumstances) if number == 1 else "",
                    "",
                ]
            )
            if treated or not onward:
                break
            if rng.random() < 0.25:  # somewhere not on the map, between two services
                number += 1
                place = rng.choice(PLACES)
                rows.append([code, str(number), "", place, "seeking_help", "", "", "", "", ""])
            here = onward[rng.randrange(len(onward))]
    return rows


def synth_files(
    areas: int,
    per_area: int,
    seed: int = 0,
    journeys: int | None = None,
    *,
    lean: bool = False,
) -> dict[str, bytes]:
    """A synthetic map as CSV file contents keyed by file name, in the contract's columns.

    `journeys` is the number of recorded journeys (default: one for every two areas, at least
    twelve). The result loads with `parse_map` without errors or warnings. Same arguments,
    same bytes. `lean` writes the same map with lean cells (`synth_lean`). Cost: linear in
    areas × per_area; about 2 s for 150 × 300.
    """
    if areas < 1:
        raise ValueError("areas must be 1 or more")
    if per_area < MIN_PER_AREA:
        raise ValueError(f"per_area must be {MIN_PER_AREA} or more")
    rng = random.Random(seed)
    m = _Maker(rng)
    names = area_names(areas, rng)
    profiles = [rng.choices(PROFILES, [p.weight for p in PROFILES])[0] for _ in names]
    if profiles[0].name == "shared":  # the first area always has treatment of its own
        profiles[0] = PROFILES[1]
    cols = max(1, round(areas**0.5))
    centres = [
        (50.8 + 4.0 * (i // cols) / cols, -3.5 + 5.0 * (i % cols) / cols) for i in range(areas)
    ]

    for name, profile, centre in zip(names, profiles, centres, strict=True):
        _make_services(m, name, type_counts(per_area, profile, rng), profile, centre)
    national = _national_services(m, areas)
    for i, profile in enumerate(profiles):
        _link_area_out(m, names, i, profile, per_area, national)

    if journeys is None:
        journeys = max(12, areas // 2)
    journey_areas = [n for k, n in enumerate(names) if k % 5 == 0]
    steps = _journeys(m, journey_areas, journeys)

    area_rows = []
    for name, profile in zip(names, profiles, strict=True):
        need = round(per_area * rng.uniform(2.0, 4.5))
        share = rng.uniform(*profile.in_treatment)
        rural = "yes" if rng.random() < profile.rural else "no"
        area_rows.append([name, str(round(need * share)), str(need), rural])

    if lean:
        services, links, steps = lean_rows([s.row() for s in m.services], m.links, steps)
        return {
            "services.csv": table_csv(LEAN_SERVICE_FIELDS, services),
            "links.csv": table_csv(LEAN_LINK_FIELDS, links),
            "journeys.csv": table_csv(LEAN_JOURNEY_FIELDS, steps),
            "areas.csv": table_csv(AREA_FIELDS, area_rows),
        }
    return {
        "services.csv": table_csv([*SERVICE_FIELDS, "local_ref"], [s.row() for s in m.services]),
        "links.csv": table_csv(LINK_FIELDS, m.links),
        "journeys.csv": table_csv(JOURNEY_FIELDS, steps),
        "areas.csv": table_csv(AREA_FIELDS, area_rows),
    }


def _national_services(m: _Maker, areas: int) -> tuple[list[str], list[str]]:
    """The national services (more as the map grows), their own referrals between them, and
    their ids: (treatment, the rest)."""
    rng = m.rng
    national: list[str] = []
    for i in range(4 + areas // 5):
        stype, label = NATIONAL_TYPES[i % len(NATIONAL_TYPES)]
        round_ = i // len(NATIONAL_TYPES) + 1
        sid = f"national-{_slug(label)}-{round_}"
        national.append(sid)
        m.add_service(
            _Service(
                id=sid,
                name=f"{label} {round_}" if round_ > 1 else label,
                type=stype,
                area=NATIONAL,
                provider="",
                women_only=rng.random() < WOMEN_ONLY.get(stype, 0.05) or "Women" in label,
                offers=draw_offers(stype, PROFILES[0], rng),
                latitude=None,
                longitude=None,
                description="Open to women from every area.",
                local_ref=f"NAT{i:06d}",
            )
        )
    nat_treatment = [s for s in national if m.type_of[s] in TREATMENT_TYPES]
    nat_other = [s for s in national if m.type_of[s] not in TREATMENT_TYPES]
    for a, b in zip(nat_other, nat_treatment, strict=False):
        m.link(a, b, "referral", PROFILES[0])
    return nat_treatment, nat_other


def _link_area_out(
    m: _Maker,
    names: Sequence[str],
    i: int,
    profile: Profile,
    per_area: int,
    national: tuple[list[str], list[str]],
) -> None:
    """The links of area `names[i]`: its own (`_link_area`), to the national services, and to
    its neighbour's treatment; an area with none of its own borrows a neighbour's."""
    rng, name, areas = m.rng, names[i], len(names)
    nat_treatment, nat_other = national
    neighbour = names[(i + 1) % areas] if areas > 1 else None
    if profile.name == "shared" and neighbour is None:
        neighbour = name
    own = m.by_type[name].get("drug_alcohol_treatment", [])
    borrowed: list[str] = []
    if not own:  # treatment contracted from a neighbour
        j = i
        while not borrowed:
            j = (j - 1) % areas
            borrowed = m.by_type[names[j]].get("drug_alcohol_treatment", [])
    treatment = own or borrowed[:1]
    budget = round(profile.links_per_service * per_area)
    _link_area(m, name, profile, treatment, budget)
    for tx in own[:2]:  # treatment refers on to national rehab and detox
        if nat_treatment:
            m.link(tx, rng.choice(nat_treatment), "referral", PROFILES[0])
    if nat_other and rng.random() < 0.7:
        touch = [s for t in ("gp", "pharmacy", "outreach") for s in m.by_type[name].get(t, [])]
        if touch:
            m.link(rng.choice(touch), rng.choice(nat_other), "referral", profile)
    if neighbour and neighbour != name:
        mine = [s for t in ("hospital", "probation") for s in m.by_type[name].get(t, [])]
        theirs = m.by_type[neighbour].get("drug_alcohol_treatment", [])
        if mine and theirs:
            m.link(rng.choice(mine), rng.choice(theirs), "referral", profile)


def write_synth(
    folder: str | Path,
    areas: int,
    per_area: int,
    seed: int = 0,
    journeys: int | None = None,
    *,
    lean: bool = False,
) -> dict[str, int]:
    """Write a synthetic map into `folder` (created if needed); returns rows written per file."""
    files = synth_files(areas, per_area, seed, journeys, lean=lean)
    write_files(folder, files)
    return {name: data.count(b"\n") - 1 for name, data in files.items()}
