"""Every controlled vocabulary of the data contract, in one place (DESIGN §3).

Other modules import these names rather than spelling values out, so a new service type or
barrier is added here once and is known everywhere: loading, analyses, charts and the app.
"""

from __future__ import annotations

from typing import Final

from journeymap.closest import close_matches

__all__ = [
    "ALIASES",
    "BARRIERS",
    "CIRCUMSTANCES",
    "GROUPS",
    "GROUP_OF",
    "HIGH_FOOTFALL",
    "LINK_KINDS",
    "LOW_FOOTFALL",
    "NATIONAL",
    "OFFER_TAGS",
    "SERVICE_TYPES",
    "STAGES",
    "TREATMENT_TYPES",
    "footfall",
    "normalise_token",
    "suggest",
]


#: Service types by group. Order matters: it is the order of legends and tables.
GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "treatment": ("drug_alcohol_treatment", "residential_rehab", "inpatient_detox"),
    "health": (
        "gp",
        "midwifery",
        "hospital",
        "sexual_health",
        "mental_health",
        "pharmacy",
        "womens_health_hub",
    ),
    "safety": ("domestic_abuse", "sexual_violence"),
    "women": ("womens_centre", "by_and_for"),
    "justice": ("probation", "prison", "police_custody"),
    "family": (
        "childrens_social_care",
        "early_help",
        "family_court",
        "post_removal_support",
        "family_residential",
    ),
    "other": ("housing", "outreach", "peer_support", "other"),
}

SERVICE_TYPES: Final[tuple[str, ...]] = tuple(t for ts in GROUPS.values() for t in ts)
GROUP_OF: Final[dict[str, str]] = {t: g for g, ts in GROUPS.items() for t in ts}
TREATMENT_TYPES: Final[frozenset[str]] = frozenset(GROUPS["treatment"])


#: How many women pass through a touchpoint, roughly: the seeds name midwifery, domestic abuse
#: services, women's centres, GPs, probation and children's social care as the contacts most
#: women have before treatment. Severity of route findings grows with this tier.
HIGH_FOOTFALL: Final[frozenset[str]] = frozenset(
    {"gp", "midwifery", "domestic_abuse", "womens_centre", "probation", "childrens_social_care"}
)
LOW_FOOTFALL: Final[frozenset[str]] = frozenset({"other"})


def footfall(service_type: str) -> int:
    """2 for the touchpoints most women pass through, 0 for `other`, 1 for the rest."""
    if service_type in HIGH_FOOTFALL:
        return 2
    return 0 if service_type in LOW_FOOTFALL else 1


LINK_KINDS: Final[tuple[str, ...]] = ("referral", "co_location", "joint_working")

OFFER_TAGS: Final[tuple[str, ...]] = (
    "women_only_group",
    "women_only_drop_in",
    "women_only_space",
    "female_keyworker_default",
    "same_gender_keyworker_choice",
    "outreach",
    "online",
    "evening_hours",
    "weekend_hours",
    "home_visits",
    "transport_support",
    "rapid_prescribing",
    "prescribing",
    "interpreters",
    "step_free_access",
    "creche",
    "childcare_support",
    "parenting_support",
    "pregnancy_priority",
    "pregnancy_test",
    "womens_health_assessment",
    "menopause_support",
    "bbv_testing",
    "naloxone",
    "trauma_informed_training",
    "da_training",
    "anti_stigma_training",
    "da_policy",
    "menopause_policy",
    "pregnancy_policy",
    "perpetrator_policy",
    "idva",
    "specialist_midwife",
    "womens_lead",
    "peer_mentors",
)

STAGES: Final[tuple[str, ...]] = ("before_help", "seeking_help", "in_treatment", "after_treatment")

BARRIERS: Final[tuple[str, ...]] = (
    "fear_child_removal",
    "stigma",
    "mixed_gender_space",
    "male_keyworker",
    "no_childcare",
    "perpetrator_control",
    "waiting_list",
    "opening_hours",
    "transport",
    "repeat_story",
    "panel_required",
    "groups_before_rehab",
    "not_asked",
    "not_believed",
    "discharged_missed_appointment",
    "language",
    "culture_not_understood",
    "digital_exclusion",
    "no_women_only_option",
)


CIRCUMSTANCES: Final[tuple[str, ...]] = (
    "pregnant",
    "mother",
    "children_removed",
    "domestic_abuse",
    "criminal_justice",
    "sex_work",
    "homeless",
    "rural",
    "minoritised_ethnic",
    "lgbtq",
    "neurodivergent",
    "disability",
)

NATIONAL: Final[str] = "national"

#: Words people put in spreadsheets for a value the contract spells another way. Used only to
#: suggest the right value in an error; nothing is silently rewritten.
ALIASES: Final[dict[str, str]] = {
    "midwife": "midwifery",
    "maternity": "midwifery",
    "treatment": "drug_alcohol_treatment",
    "drug_treatment": "drug_alcohol_treatment",
    "alcohol_treatment": "drug_alcohol_treatment",
    "substance_misuse": "drug_alcohol_treatment",
    "rehab": "residential_rehab",
    "detox": "inpatient_detox",
    "da": "domestic_abuse",
    "dv": "domestic_abuse",
    "domestic_violence": "domestic_abuse",
    "refuge": "domestic_abuse",
    "csc": "childrens_social_care",
    "social_care": "childrens_social_care",
    "social_services": "childrens_social_care",
    "gp_practice": "gp",
    "surgery": "gp",
    "a&e": "hospital",
    "police": "police_custody",
    "liaison_and_diversion": "police_custody",
    "fdac": "family_court",
    "pause": "post_removal_support",
    "women's_centre": "womens_centre",
    "women_centre": "womens_centre",
    "colocation": "co_location",
    "co-location": "co_location",
    "colocated": "co_location",
    "refer": "referral",
    "referal": "referral",
    "joint": "joint_working",
    "mdt": "joint_working",
}


def normalise_token(value: str) -> str:
    """Lower-case, trim, and read spaces and hyphens as `_` (DESIGN §3 for service types)."""
    return "_".join(value.strip().lower().replace("-", " ").split())


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The valid value a mistyped `value` most likely meant, or None when nothing is close."""
    token = normalise_token(value)
    alias = ALIASES.get(token) or ALIASES.get(value.strip().lower())
    if alias in choices:
        return alias
    close = close_matches(token, choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    prefixed = [c for c in choices if token and (c.startswith(token) or token in c)]
    return prefixed[0] if len(prefixed) == 1 else None
