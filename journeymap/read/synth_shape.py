"""What a synthetic map looks like: the make-up of an area, its offers and its profile.

The numbers that make `synth`'s maps resemble real ones, kept apart from the code that lays
the map out: the mix of service types of an English local authority, offers that cluster on
treatment and women's services, the four kinds of area the seeds describe (joined up, patchy,
fragmented, shared), the national services, and the invented names. The drawing functions
here take the caller's `random.Random`, so one seed still gives the same map.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from journeymap.vocab import OFFER_TAGS, SERVICE_TYPES, TREATMENT_TYPES

__all__ = [
    "AREA_FIRST",
    "AREA_LAST",
    "COLOCATING",
    "HUB_TYPES",
    "JOINT",
    "NATIONAL_TYPES",
    "PER_300",
    "PLACES",
    "PROFILES",
    "PROVIDERS",
    "TOUCHPOINT_OFFERS",
    "TREATMENT_OFFERS",
    "WOMEN_ONLY",
    "Profile",
    "area_names",
    "draw_offers",
    "type_counts",
]

#: Services of each type in an area of 300, after the make-up of an English local authority:
#: many GP practices and pharmacies, a handful of treatment services, one or two of the rest.
#: `other` fills up to the requested size.
PER_300: dict[str, float] = {
    "drug_alcohol_treatment": 4,
    "residential_rehab": 0.4,
    "inpatient_detox": 0.4,
    "gp": 50,
    "midwifery": 6,
    "hospital": 4,
    "sexual_health": 5,
    "mental_health": 16,
    "pharmacy": 55,
    "womens_health_hub": 2,
    "domestic_abuse": 10,
    "sexual_violence": 4,
    "womens_centre": 4,
    "by_and_for": 8,
    "probation": 4,
    "prison": 1,
    "police_custody": 3,
    "childrens_social_care": 8,
    "early_help": 16,
    "family_court": 2,
    "post_removal_support": 2,
    "family_residential": 2,
    "housing": 28,
    "outreach": 10,
    "peer_support": 18,
}

#: Touchpoints that other services pass women to when they have no pathway of their own.
HUB_TYPES = (
    "womens_centre",
    "outreach",
    "domestic_abuse",
    "early_help",
    "peer_support",
    "by_and_for",
    "probation",
    "housing",
)

#: Touchpoints that often host a treatment clinic or an embedded worker (co-location).
COLOCATING = (
    "womens_centre",
    "childrens_social_care",
    "probation",
    "midwifery",
    "hospital",
    "sexual_health",
    "womens_health_hub",
    "domestic_abuse",
    "prison",
    "police_custody",
)

#: Touchpoints that usually work with treatment through shared meetings (joint working).
JOINT = ("mental_health", "domestic_abuse", "childrens_social_care", "early_help", "probation")

#: Share of services of a type that are for women only.
WOMEN_ONLY: dict[str, float] = {
    "womens_centre": 0.9,
    "domestic_abuse": 0.7,
    "sexual_violence": 0.5,
    "by_and_for": 0.8,
    "post_removal_support": 0.6,
    "womens_health_hub": 0.8,
    "midwifery": 1.0,
    "residential_rehab": 0.15,
    "inpatient_detox": 0.1,
    "family_residential": 0.3,
}

#: Offers a treatment service may have; how many it has depends on the area's profile.
TREATMENT_OFFERS = OFFER_TAGS

#: Offers other services may have (a few each).
TOUCHPOINT_OFFERS: dict[str, tuple[str, ...]] = {
    "gp": ("womens_health_assessment", "pregnancy_test", "evening_hours", "menopause_support"),
    "pharmacy": ("naloxone", "evening_hours", "weekend_hours", "pregnancy_test"),
    "midwifery": ("specialist_midwife", "pregnancy_priority", "home_visits", "interpreters"),
    "womens_centre": (
        "women_only_space",
        "creche",
        "peer_mentors",
        "women_only_drop_in",
        "childcare_support",
        "trauma_informed_training",
    ),
    "domestic_abuse": ("idva", "women_only_space", "da_policy", "trauma_informed_training"),
    "by_and_for": ("interpreters", "women_only_group", "peer_mentors"),
    "outreach": ("outreach", "naloxone", "evening_hours", "home_visits"),
    "early_help": ("parenting_support", "home_visits", "childcare_support"),
    "peer_support": ("peer_mentors", "online", "women_only_group"),
    "sexual_health": ("bbv_testing", "pregnancy_test", "evening_hours"),
    "probation": ("women_only_space", "trauma_informed_training"),
}


@dataclass(frozen=True)
class Profile:
    """How joined up an area is: the knobs that make its findings differ from its neighbours'."""

    name: str
    weight: float
    direct: float  # chance a touchpoint has its own link to treatment
    hub_direct: float  # the same for hub touchpoints
    formal: float  # share of links that are written pathways
    two_way: float  # share of referrals that run both ways
    isolated: float  # share of touchpoints with no link at all
    silo_groups: tuple[int, int]  # how many small closed groups (fewest, most)
    links_per_service: float
    offers: tuple[int, int]  # offers per treatment service (fewest, most)
    in_treatment: tuple[float, float]  # women in treatment as a share of need
    rural: float


PROFILES: tuple[Profile, ...] = (
    Profile(
        "joined_up", 0.3, 0.55, 0.9, 0.85, 0.75, 0.004, (0, 0), 3.3, (14, 30), (0.6, 0.95), 0.1
    ),
    Profile("patchy", 0.4, 0.3, 0.7, 0.6, 0.45, 0.015, (0, 1), 3.0, (6, 16), (0.4, 0.75), 0.3),
    Profile("fragmented", 0.2, 0.12, 0.4, 0.35, 0.25, 0.05, (1, 3), 2.5, (1, 7), (0.2, 0.5), 0.7),
    Profile("shared", 0.1, 0.25, 0.6, 0.55, 0.4, 0.02, (0, 1), 2.9, (0, 0), (0.3, 0.6), 0.5),
)

#: National services, in the order they are added as the number of areas grows.
NATIONAL_TYPES = (
    ("residential_rehab", "Women's Residential Rehab"),
    ("inpatient_detox", "Inpatient Detox Unit"),
    ("other", "Drugs and Alcohol Helpline"),
    ("peer_support", "Online Women's Recovery Network"),
    ("residential_rehab", "Family Rehab"),
    ("by_and_for", "National Women's Advice Line"),
    ("inpatient_detox", "Regional Detox Unit"),
    ("family_residential", "Family Residential Assessment Centre"),
)

AREA_FIRST = (
    "Ash", "Brack", "Cold", "Elm", "Fen", "Gorse", "Hart", "Ivy", "Kestle", "Lark", "Marl",
    "Nether", "Oak", "Pen", "Quarr", "Rush", "Sedge", "Thorn", "Umber", "Vell", "Wold", "Yarrow",
    "Bram", "Clover", "Dun", "Fern", "Heron", "Linnet", "Moss", "Rowan",
)  # fmt: skip
AREA_LAST = (
    "combe", "moor", "wick", "mere", "stead", "holt", "worth", "dene", "hythe", "lowe",
    "brook", "garth", "ridge", "wold", "cliffe", "haven", "marsh", "shaw", "field", "croft",
)  # fmt: skip

PROVIDERS: dict[str, str] = {
    "health": "{area} Health NHS Trust",
    "family": "{area} Council",
    "justice": "Probation Service",
    "treatment": "{area} Recovery Partnership",
}

PLACES = (
    "a friend's sofa",
    "home",
    "a church hall",
    "police station",
    "court",
    "the jobcentre",
    "a night shelter",
    "school gates",
)


def area_names(count: int, rng: random.Random) -> list[str]:
    names = [f + last for f in AREA_FIRST for last in AREA_LAST if not f.lower().endswith(last[:2])]
    rng.shuffle(names)
    if count <= len(names):
        return names[:count]
    return [f"{names[i % len(names)]} {i // len(names) + 1}" for i in range(count)]


def type_counts(per_area: int, profile: Profile, rng: random.Random) -> dict[str, int]:
    counts: dict[str, int] = {}
    for stype in SERVICE_TYPES:
        if stype == "other":
            continue
        share = PER_300.get(stype, 0) * per_area / 300
        if stype not in TREATMENT_TYPES:
            share *= rng.uniform(0.7, 1.3)
        whole = int(share)
        counts[stype] = whole + (1 if rng.random() < share - whole else 0)
    counts["drug_alcohol_treatment"] = (
        0 if profile.name == "shared" else max(1, counts["drug_alcohol_treatment"])
    )
    # Trim the most numerous types until the rest fits, then fill up with `other`.
    while sum(counts.values()) > per_area:
        biggest = max(counts, key=lambda t: (counts[t], t))
        counts[biggest] -= 1
    counts["other"] = per_area - sum(counts.values())
    return counts


def draw_offers(stype: str, profile: Profile, rng: random.Random) -> tuple[str, ...]:
    if stype in TREATMENT_TYPES:
        low, high = profile.offers if profile.name != "shared" else (4, 12)
        chosen = set(rng.sample(TREATMENT_OFFERS, rng.randint(low, high)))
    else:
        pool = TOUCHPOINT_OFFERS.get(stype, ())
        chosen = {t for t in pool if rng.random() < 0.3}
    return tuple(t for t in OFFER_TAGS if t in chosen)
