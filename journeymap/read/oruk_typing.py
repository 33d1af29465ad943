"""Which kind of service a directory entry is, and whether it is for women or men only.

A council's directory lists everything from drug services to bowls clubs, so the type must
be one a commissioner can trust, and say why. The order of evidence:

1. its taxonomy terms, through the editable mapping `data/oruk_type_map.csv`;
2. keywords in its **name** (what the service is), matched on whole words, with exclusions
   for the false friends real feeds hold: "GPS fall alarms" is not a GP, "Tree Surgery" and a
   gender recognition panel's "surgery" are not surgeries, community transport to hospital is
   not a hospital, a prisoners' families helpline is not a prison;
3. a few phrases in its **description** that say what a service does ("drug and alcohol
   service", "refuge", "counselling service"). Places such as GP, hospital or prison are
   never taken from a description: descriptions mention them as where women come from
   ("ask your GP", "after leaving prison");
4. else nothing: the service matches no type on a woman's journey.

Women-only and men-only come from every place a feed says so: mapped terms and audience codes
(ORUK's Placecube `pc_targetAudience`), an eligibility gender, the name ("Women's Centre",
"Men's Advice Line") and phrases in eligibility or description ("women only", "for women and
girls", a refuge). A service that names both women and men is neither. Cost of each function:
linear in the length of the service's text times the number of rules (a few dozen).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journeymap.read.oruk_records import Record, term_key

__all__ = [
    "MEN_ONLY",
    "WOMEN_ONLY",
    "Gender",
    "gender_of",
    "guess_type",
]

#: In the mapping file, a term or audience mapped to this marks the service as for women.
WOMEN_ONLY = "women_only"
#: ... and this, for men (men-only services are left out unless --keep-all).
MEN_ONLY = "men_only"

_I = re.IGNORECASE
#: Communities a by-and-for organisation of minoritised women names itself after.
_MINORITISED = (
    r"(black|asian|south asian|somali|african|caribbean|muslim|sikh|hindu|jewish|migrant|"
    r"refugee|roma|traveller|gypsy|latin american|latinx|chinese|polish|eastern european|"
    r"arab|kurdish|bme|bame|minority ethnic|minoritised)"
)


def _rule(stype: str, pattern: str, *, unless: str = "", case: bool = False) -> _Rule:
    flags = 0 if case else _I
    return _Rule(stype, re.compile(pattern, flags), re.compile(unless, _I) if unless else None)


@dataclass(frozen=True)
class _Rule:
    stype: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None

    def match(self, text: str) -> str:
        if self.unless is not None and self.unless.search(text):
            return ""
        hit = self.pattern.search(text)
        return hit.group(0) if hit else ""


#: Words in a name that make a place-type keyword a false friend: a helpline or a lift to the
#: hospital is not the hospital, an alarm is not a GP.
_NOT_A_PLACE = (
    r"\b(help ?lines?|advice lines?|phone ?lines?|transport|taxi|minibus|dial[- ]a[- ]ride|"
    r"car scheme|drivers?|alarms?|telecare|radio|shop|charity shop|friends of|visitors?|"
    r"visiting|befriend\w*|volunteers?)\b"
)
#: "Surgery" that is not a doctor's: trees, a gender recognition panel, an MP's or an advice
#: "surgery", cosmetic surgery.
_NOT_A_DOCTORS_SURGERY = (
    r"\b(tree|trees|arborist|gender|recognition|panel|mp'?s?|councillors?|advice|legal|"
    r"money|debt|benefits?|housing|cosmetic|plastic|pet|vets?|veterinary|dog|bike|cycle|"
    r"computer|it|digital|repair)\b"
)

#: Keywords tried on a service's name, most specific first.
NAME_RULES: tuple[_Rule, ...] = (
    _rule("family_court", r"family drug (and|&) alcohol court|\bfdac\b|\bfamily court\b"),
    _rule("post_removal_support", r"\bpause\b|post[- ]removal|recurrent care"),
    _rule("family_residential", r"family residential|mother and baby unit"),
    _rule(
        "residential_rehab",
        r"\bresidential (drug |alcohol )?(rehab\w*|treatment|recovery)\b|\brehab(ilitation)? "
        r"(centre|unit|house)\b",
        unless=r"\b(stroke|cardiac|physio\w*|injury|neuro\w*|pulmonary)\b",
    ),
    _rule("inpatient_detox", r"\bdetox(ification)?\b"),
    _rule("womens_health_hub", r"\bwomen'?s health hub\b"),
    _rule(
        "sexual_violence",
        r"\bsexual (violence|abuse|assault)\b|\brape\b|\bsarc\b|\bisva\b",
    ),
    _rule(
        "domestic_abuse",
        r"\bdomestic (abuse|violence)\b|\bwomen'?s aid\b|\brefuges?\b|\bidvas?\b|"
        r"\bcoercive control\b|\bmarac\b|\bfreedom programme\b|\bforced marriage\b|"
        r"\bhonour[- ](based )?abuse\b|\bstalking\b",
    ),
    _rule("womens_centre", r"\bwomen'?s (wellbeing |community )?(cent(re|er)|hub)\b"),
    _rule(
        "by_and_for",
        rf"\b{_MINORITISED}\s+(women|woman|ladies|sisters)'?s?\b|\bby and for\b",
    ),
    _rule("midwifery", r"\bmidwi\w*|\bmaternity\b|\bante-?natal\b"),
    _rule(
        "peer_support",
        r"\bpeer (support|mentor\w*)\b|\bmutual aid\b|\brecovery caf(e|é)\b|\bsupport group\b|"
        r"\b\w+ anonymous\b|\bal-?anon\b|\bsmart recovery\b|\brecovery community\b",
    ),
    _rule(
        "drug_alcohol_treatment",
        r"\bdrugs? (and|&) alcohol\b|\balcohol (and|&) drugs?\b|\bsubstance (mis)?use\b|"
        r"\b(drug|drugs|alcohol) (service|support|treatment|team|recovery)s?\b|\baddictions?\b|"
        r"\brecovery (hub|service|partnership)\b|\bopiate\b|\bneedle exchange\b|"
        r"\bharm reduction\b",
        unless=r"\b(gambling|gaming|internet|phone|sugar|shopping)\b",
    ),
    _rule("sexual_health", r"\bsexual health\b|\bcontracep\w*|\bgum clinic\b"),
    _rule(
        "mental_health",
        r"\bmental health\b|\bcounsell?ing\b|\btalking therap\w*|\bpsycholog\w*|"
        r"\bsuicide\b|\bsamaritans\b|\bcrisis (line|team|café|cafe|house)\b|\bwellbeing service\b|"
        r"\beating disorders?\b|\bdual diagnosis\b|\b(postnatal|post-natal|perinatal) "
        r"(depression|mental health)\b|\bdepression\b",
    ),
    _rule("pharmacy", r"\bpharmac(y|ies|ist)\b|\bchemists?\b", unless=_NOT_A_PLACE),
    # A place is named by its kind at the end ("Brackenford General Hospital", "HMP
    # Eastwood", "Eastwood Park Prison"); "Home From Hospital Service" and "Women in Prison
    # Support" are not one.
    _rule(
        "hospital",
        r"\bhospital$|\ba ?& ?e\b|\bemergency department\b|\burgent treatment centre\b",
        unless=_NOT_A_PLACE + r"|\bhospice\b",
    ),
    _rule(
        "gp",
        r"\bGPs?\b|\bgeneral practi(ce|tioners?)\b|\bmedical (practice|centre|center)\b|"
        r"\b(group|family) practice\b|\bhealth centre\b|\bsurgery\b",
        unless=_NOT_A_PLACE + "|" + _NOT_A_DOCTORS_SURGERY,
        case=False,
    ),
    _rule("probation", r"\bprobation\b|\bcommunity rehabilitation company\b"),
    _rule("prison", r"\bHMP\b|\bHMYOI\b|\bHM prison\b|\bprison$", unless=_NOT_A_PLACE),
    _rule("police_custody", r"\bpolice custody\b|\bliaison (and|&) diversion\b|\bcustody suite\b"),
    _rule(
        "childrens_social_care",
        r"\bchildren'?s (social care|social work|services)\b|\bchild protection\b",
    ),
    _rule("early_help", r"\bearly help\b|\bfamily hubs?\b|\bchildren'?s cent(re|er)s?\b"),
    _rule(
        "housing",
        r"\bhousing (advice|options|solutions|support|service|team)s?\b|\bhomeless\w*|\bhostels?\b|"
        r"\bsupported (housing|accommodation)\b|\bnight shelter\b|\brough sleep\w*",
    ),
    _rule("outreach", r"\boutreach\b"),
)
# "GP" is matched in capitals only ("GPS fall alarms" is not a GP, "GPs" are); the other
# gp keywords are any case. The name rule above is case-insensitive, so it is replaced here.
_GP_CAPS = re.compile(r"\bGPs?\b")

#: Phrases in a description that say what the service does. No place types here.
DESCRIPTION_RULES: tuple[_Rule, ...] = (
    _rule("family_court", r"\bfamily drug (and|&) alcohol court\b"),
    _rule(
        "drug_alcohol_treatment",
        r"\b(drugs?|alcohol|substance (mis)?use) (and (drugs?|alcohol) )?(treatment|recovery) "
        r"(service|team|programme|support)\b|\bdrug (and|&) alcohol (service|support|team)\b|"
        r"\bopioid substitution\b|\bsubstitute prescribing\b|\b(want|wants|help|helps|"
        r"support|supports) (you |people |them )?to (drink less|cut down|stop drinking|"
        r"reduce (your |their )?drinking)\b|\bwho want to (drink less|cut down|stop drinking)\b|"
        r"\b(support|help|treatment) for (people|adults|anyone|women) (affected by|who use|"
        r"with) (drugs?|alcohol|substance (mis)?use)\b|\b(help|support|advice|treatment) (with|"
        r"for) (your )?(drugs?|alcohol|drinking|drug use|substance (mis)?use)\b|\bworried about "
        r"(your|their) (own )?(drinking|drug use|use of (drugs|alcohol))\b",
    ),
    _rule(
        "domestic_abuse",
        r"\b(experiencing|affected by|survivors? of|fleeing|escape|escaping) domestic "
        r"(abuse|violence)\b|\bdomestic abuse (service|support|charity|advocacy)\b|"
        r"\brefuge (accommodation|for women|provision|spaces?)\b|\bidvas?\b",
    ),
    _rule("sexual_violence", r"\bsurvivors? of (rape|sexual (violence|abuse|assault))\b"),
    _rule("midwifery", r"\bmidwi(fe|ves|fery)\b"),
    _rule("sexual_health", r"\bsexual health (clinic|service|screening)s?\b"),
    _rule(
        "mental_health",
        r"\bcounsell?ing (service|sessions?|support)\b|\btalking therap\w*|\bmental health "
        r"(support|service|crisis|team|drop-in)\b|\bsuicid\w* (prevention|thoughts|crisis)\b",
    ),
    _rule(
        "housing",
        r"\b(homeless|homelessness) (service|support|advice|prevention)\b|\b(if|when) you are "
        r"homeless\b|\bsupported "
        r"(housing|accommodation)\b|\bemergency accommodation\b",
    ),
    _rule("by_and_for", r"\b(run )?by and for\b"),
    _rule("peer_support", r"\bpeer support\b|\bmutual aid (group|meeting)s?\b"),
)


def guess_type(record: Record, mapping: Mapping[str, str]) -> tuple[str, str]:
    """(service type, why) for a service: a mapped term, else a keyword in the name, else a
    phrase in the description, else ('other', '').

    Terms are tried in the order the directory lists them (gender terms are not types).
    """
    for term in record.terms:
        for key in term.forms():
            target = mapping.get(key)
            if target and target not in (WOMEN_ONLY, MEN_ONLY):
                return target, f"term '{term.label}'"
    for rule in NAME_RULES:
        hit = rule.match(record.name)
        if hit and (rule.stype != "gp" or _gp_ok(hit)):
            return rule.stype, f"keyword '{hit}' in name"
    for rule in DESCRIPTION_RULES:
        hit = rule.match(record.description)
        if hit:
            return rule.stype, f"keyword '{hit}' in description"
    return "other", ""


def _gp_ok(hit: str) -> bool:
    """'GP' and 'GPs' in capitals only; the other GP keywords in any case."""
    return not re.fullmatch(r"gps?", hit, _I) or bool(_GP_CAPS.fullmatch(hit))


# --------------------------------------------------------------------------- women and men

_WOMEN_WORD = r"(women|woman|female|females|ladies|girls)"
_MEN_WORD = r"(men|man|male|males|gents|gentlemen|boys)"

#: Audience codes and eligibility values that name women or men (ORUK 1.0's gender, Placecube's
#: audience types); compared after `term_key`-like folding.
_WOMEN_AUDIENCE = re.compile(rf"\b{_WOMEN_WORD}\b|^gender female$|^f$", _I)
_MEN_AUDIENCE = re.compile(rf"\b{_MEN_WORD}\b|^gender male$|^m$", _I)

#: In a name: "Women's Centre", "Ladies' Group", "Men's Advice Line", "Dads' Club".
_WOMEN_NAME = re.compile(rf"\b{_WOMEN_WORD}'?s?'?(?=\W|$)", _I)
#: Not "man" in a name: "Isle of Man", "Man With a Van" are places and firms, not audiences.
_MEN_NAME = re.compile(r"(?<!wo)\b(men|male|males|gents|gentlemen|boys)'?s?'?(?=\W|$)", _I)

#: In eligibility or a description: wording that says who only.
_WOMEN_TEXT = re.compile(
    rf"\b{_WOMEN_WORD}[- ]only\b|\bonly (for|open to) {_WOMEN_WORD}\b|\bfor {_WOMEN_WORD} only\b"
    rf"|\bfor women and girls\b|\bwomen and girls (who|affected|experiencing)\b"
    r"|\bwomen'?s refuge\b|\brefuge for women\b|\bby and for women\b",
    _I,
)
_MEN_TEXT = re.compile(
    rf"\b{_MEN_WORD}[- ]only\b|\bonly (for|open to) {_MEN_WORD}\b|\bfor {_MEN_WORD} only\b"
    r"|\bfor (men|male survivors|boys and men|men and boys)\b(?! and women)"
    r"|\bmale (survivors|victims)\b",
    _I,
)
_ANY_WOMEN = re.compile(rf"\b{_WOMEN_WORD}\b", _I)
#: A refuge is for women unless it says it is for men.
_REFUGE = re.compile(r"\brefuges?\b", _I)


@dataclass(frozen=True)
class Gender:
    """Who a service is for only, and why we think so ('' when for anyone)."""

    only: str  # 'women', 'men' or ''
    why: str


def gender_of(record: Record, mapping: Mapping[str, str]) -> Gender:
    """Whether the record is for women only, men only, or anyone (and the evidence).

    A service is for women only when some evidence names women and none names men (and the
    reverse for men); evidence naming both, or nothing, means anyone.
    """
    women: list[str] = []
    men: list[str] = []
    if record.female_only:
        women.append("eligibility gender")
    for term in record.terms:
        marks = {mapping.get(k) for k in term.forms()}
        if WOMEN_ONLY in marks:
            women.append(f"term '{term.label}'")
        if MEN_ONLY in marks:
            men.append(f"term '{term.label}'")
    for audience in record.audiences:
        folded = term_key(audience)
        if mapping.get(folded) == WOMEN_ONLY or _WOMEN_AUDIENCE.search(folded):
            women.append(f"audience '{audience}'")
        if mapping.get(folded) == MEN_ONLY or _MEN_AUDIENCE.search(folded):
            men.append(f"audience '{audience}'")
    _found(_WOMEN_NAME, [record.name], "name", women)
    _found(_MEN_NAME, [record.name], "name", men)
    texts = [*record.eligibility, record.description]
    _found(_WOMEN_TEXT, texts, "text", women)
    # "for men, women and families", "men or women who use drugs": a text naming women too is
    # never evidence of a men-only service.
    _found(_MEN_TEXT, [t for t in texts if not _ANY_WOMEN.search(t)], "text", men)
    if not men and not women and any(_REFUGE.search(t) for t in (record.name, *texts)):
        women.append("a refuge")
    if women and not men:
        return Gender("women", women[0])
    if men and not women:
        return Gender("men", men[0])
    return Gender("", "")


def _found(pattern: re.Pattern[str], texts: Iterable[str], where: str, into: list[str]) -> None:
    for text in texts:
        hit = pattern.search(text)
        if hit:
            into.append(f"'{hit.group(0)}' in {where}")
            return
