"""Every word and colour shown to people for a code of the data contract, in one place.

`vocab` holds the codes (`domestic_abuse`, `co_location`); this module holds what people read
and see for them: the app, the board report, the exports and the workshop page all take their
labels, palette and small text helpers from here, so the same group is the same colour and
the same link kind has the same name everywhere. Nothing here depends on a map; the words for
barriers are read once, at import, from `data/barriers.csv` (with their remedies and sources).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from journeymap.resources import DATA_DIR
from journeymap.vocab import suggest

__all__ = [
    "BARRIER_LABELS",
    "BARRIER_ROWS",
    "CHANGE_COLOURS",
    "CIRCUMSTANCE_WORDS",
    "FEELING_WORDS",
    "GROUP_COLOURS",
    "GROUP_LABELS",
    "GROUP_SYMBOLS",
    "HELPED_WORDS",
    "HIGHLIGHT_COLOUR",
    "KIND_COLOURS",
    "KIND_HINTS",
    "KIND_LABELS",
    "NO_ROUTE_COLOUR",
    "OFFER_LABELS",
    "REFERRAL_LABELS",
    "SEVERITY_COLOURS",
    "STAGE_WORDS",
    "THEME_COLOURS",
    "TYPE_LABELS",
    "Barrier",
    "barrier_label",
    "did_you_mean",
    "join_words",
    "offer_label",
    "plural",
    "short_name",
    "type_label",
]

#: Plain names for service types, for people rather than files.
TYPE_LABELS: dict[str, str] = {
    "drug_alcohol_treatment": "Drug and alcohol treatment",
    "residential_rehab": "Residential rehab",
    "inpatient_detox": "Inpatient detox",
    "gp": "GP practice",
    "midwifery": "Midwifery",
    "hospital": "Hospital",
    "sexual_health": "Sexual health",
    "mental_health": "Mental health",
    "pharmacy": "Pharmacy",
    "womens_health_hub": "Women's health hub",
    "domestic_abuse": "Domestic abuse service",
    "sexual_violence": "Sexual violence service",
    "womens_centre": "Women's centre",
    "by_and_for": "By-and-for organisation",
    "probation": "Probation",
    "prison": "Prison",
    "police_custody": "Police custody / liaison and diversion",
    "childrens_social_care": "Children's social care",
    "early_help": "Early help",
    "family_court": "Family court",
    "post_removal_support": "Post-removal support",
    "family_residential": "Family residential",
    "housing": "Housing",
    "outreach": "Outreach",
    "peer_support": "Peer support",
    "other": "Other",
}


#: Plain words for offer tags, for use inside a sentence (`women_only` is the service itself).
OFFER_LABELS: dict[str, str] = {
    "women_only": "a women-only service",
    "women_only_group": "a women-only group",
    "women_only_drop_in": "a women-only drop-in",
    "women_only_space": "a women-only space",
    "female_keyworker_default": "a female key worker by default",
    "same_gender_keyworker_choice": "a choice of key worker's gender",
    "outreach": "outreach",
    "online": "online support",
    "evening_hours": "evening hours",
    "weekend_hours": "weekend hours",
    "home_visits": "home visits",
    "transport_support": "help with transport",
    "rapid_prescribing": "rapid prescribing",
    "prescribing": "prescribing",
    "interpreters": "interpreters",
    "creche": "a crèche",
    "childcare_support": "help with childcare",
    "pregnancy_priority": "priority for pregnant women",
    "specialist_midwife": "a specialist midwife",
    "idva": "an IDVA (domestic abuse adviser)",
    "parenting_support": "parenting support",
    "pregnancy_test": "pregnancy tests",
    "womens_health_assessment": "a women's health assessment",
    "menopause_support": "menopause support",
    "bbv_testing": "blood-borne virus testing",
    "naloxone": "naloxone",
    "step_free_access": "step-free access",
    "trauma_informed_training": "trauma-informed training",
    "da_training": "domestic abuse training",
    "anti_stigma_training": "anti-stigma training",
    "da_policy": "a domestic abuse policy",
    "menopause_policy": "a menopause policy",
    "pregnancy_policy": "a pregnancy policy",
    "perpetrator_policy": "a policy for when a perpetrator uses the service",
    "womens_lead": "a women's lead",
    "peer_mentors": "peer mentors",
}


def offer_label(tag: str) -> str:
    """'a women-only group' for `women_only_group`; other tags with spaces for underscores."""
    return OFFER_LABELS.get(tag, tag.replace("_", " "))


def type_label(service_type: str) -> str:
    """'Domestic abuse service' for `domestic_abuse`; a custom type as it is."""
    return TYPE_LABELS.get(service_type, service_type)


#: Groups of services, as legends and tables name them (keys are `vocab.GROUPS`).
GROUP_LABELS: dict[str, str] = {
    "treatment": "Treatment",
    "health": "Health",
    "safety": "Safety (domestic abuse, sexual violence)",
    "women": "Women's organisations",
    "justice": "Justice",
    "family": "Family and children",
    "other": "Other",
}
#: The app's theme colours, as .streamlit/config.toml [theme] sets them (tests keep the two the
#: same): text, whose 60% tint is Streamlit's caption grey, and the primary colour (see there).
THEME_COLOURS: dict[str, str] = {
    "textColor": "#111111",
    "primaryColor": "#A3202E",
    "codeTextColor": "#111111",
}
#: Okabe & Ito (2008) colours, one per group of services (told apart by colour-blind readers
#: too); grey for "other". The app's drawings, the board report and the exports all use these.
GROUP_COLOURS: dict[str, str] = {
    "treatment": "#D55E00",  # vermillion
    "health": "#0072B2",  # blue
    "safety": "#CC79A7",  # reddish purple
    "women": "#009E73",  # bluish green
    "justice": "#E69F00",  # orange
    "family": "#56B4E9",  # sky blue
    "other": "#7F7F7F",  # grey
}
#: A shape per group as well as a colour, so the drawing reads without colour.
GROUP_SYMBOLS: dict[str, str] = {
    "treatment": "star",
    "health": "circle",
    "safety": "diamond",
    "women": "triangle-up",
    "justice": "square",
    "family": "pentagon",
    "other": "hexagon",
}
#: Services with no route into treatment, in the board report's picture.
NO_ROUTE_COLOUR = "#B00020"
#: Services and links drawn boldly (a chosen route, a journey).
HIGHLIGHT_COLOUR = "#000000"
SEVERITY_COLOURS: dict[str, str] = {"high": "#D55E00", "medium": "#E69F00", "low": "#56B4E9"}
#: What a scenario adds, removes and changes, on the before/after drawings (Okabe & Ito).
CHANGE_COLOURS: dict[str, str] = {"added": "#009E73", "removed": "#D55E00", "changed": "#0072B2"}

#: Kinds of link (keys are `vocab.LINK_KINDS`), and what each means for a woman's route.
KIND_LABELS: dict[str, str] = {
    "referral": "Referral",
    "co_location": "Co-location",
    "joint_working": "Joint working",
}
#: A grey per kind of link, darkest for a referral: the drawings keep colour for the groups of
#: services and tell kinds apart by shade and width (co-location widest: no hand-off at all).
KIND_COLOURS: dict[str, str] = {
    "referral": "#4D4D4D",
    "co_location": "#BDBDBD",
    "joint_working": "#8C8C8C",
}
KIND_HINTS: dict[str, str] = {
    "referral": "one hand-off",
    "co_location": "a worker or clinic on site: no hand-off, she is seen where she already is",
    "joint_working": "shared meetings, MDT: one hand-off",
}


@dataclass(frozen=True)
class Barrier:
    """One row of `data/barriers.csv`: a barrier code, the words she sees for it, what a
    commissioner or provider can change (from the seeds' good practice), where the seeds say
    so, the id of the standard in data/standards.csv it bears on (or ''), and the severity of
    a `journey_barrier` finding about it at a treatment service."""

    code: str
    label: str
    remedy: str
    source: str
    standard: str
    severity: str


def _read_barriers() -> dict[str, Barrier]:
    with (DATA_DIR / "barriers.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    return {row["code"]: Barrier(**row) for row in rows}


#: Every barrier of the vocabulary (`vocab.BARRIERS`), read once from data/barriers.csv: the
#: one place for the words, remedies and sources of barriers.
BARRIER_ROWS: dict[str, Barrier] = _read_barriers()
#: Plain words for barriers, as a woman in a workshop would say them (barriers.csv `label`).
BARRIER_LABELS: dict[str, str] = {code: row.label for code, row in BARRIER_ROWS.items()}


def barrier_label(barrier: str) -> str:
    """Her words for a barrier code; a custom barrier with its underscores as spaces."""
    return BARRIER_LABELS.get(barrier, barrier.replace("_", " "))


#: The five-point scale, as the workshop page shows it: a face and a word.
FEELING_WORDS: dict[int, str] = {
    -2: "😣 Very bad",
    -1: "🙁 Bad",
    0: "😐 Okay",
    1: "🙂 Good",
    2: "😊 Very good",
}
STAGE_WORDS: dict[str, str] = {
    "before_help": "Before I looked for help",
    "seeking_help": "Looking for help",
    "in_treatment": "Getting help with drugs or alcohol",
    "after_treatment": "After that help",
}
HELPED_WORDS: dict[str, str] = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
CIRCUMSTANCE_WORDS: dict[str, str] = {
    "pregnant": "Pregnant",
    "mother": "Looking after children",
    "children_removed": "Children not living with me",
    "domestic_abuse": "Domestic abuse",
    "criminal_justice": "Police, courts or probation",
    "sex_work": "Selling sex",
    "homeless": "No safe place to live",
    "rural": "Living in the countryside",
    "minoritised_ethnic": "From a minoritised ethnic community",
    "lgbtq": "LGBTQ+",
    "neurodivergent": "Neurodivergent",
    "disability": "Disabled",
}


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 service', '3 services', '2 women' (with `many`)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def join_words(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def did_you_mean(value: str, choices: Iterable[str], *, otherwise: str = "") -> str:
    """ " (did you mean 'midwifery'?)" for the closest choice to a mistyped `value`, else
    `otherwise` in brackets (" (one of: a, b)"), else nothing. The leading space is included,
    so the hint goes straight after the problem."""
    hint = suggest(value, tuple(choices))
    if hint:
        return f" (did you mean '{hint}'?)"
    return f" ({otherwise})" if otherwise else ""


def short_name(name: object, limit: int) -> str:
    """A name cut to `limit` characters in the middle, keeping its start and its end, which is
    where names of one organisation's sites differ ("Recovery Partnership - Central Hub")."""
    text = str(name)
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head].rstrip() + "…" + text[-(limit - 1 - head) :].lstrip()


#: Where NDTMS says new presentations were referred from (`read.figures.REFERRAL_MEASURES`).
REFERRAL_LABELS: dict[str, str] = {
    "referral_criminal_justice": "Criminal justice",
    "referral_health_social_care": "Health and social care",
    "referral_self_family_friends": "Self, family or friends",
    "referral_substance_misuse_service": "Another drug or alcohol service",
    "referral_other": "Other",
    "referral_missing": "Not recorded",
}
