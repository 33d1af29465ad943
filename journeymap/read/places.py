"""Places typed in a workshop that are most likely a service on the map.

A journeys.csv `place` is free text for somewhere not on the map ("a friend's sofa"). Often it
*is* on the map, in her words: "A&E" for the area's hospital, "my GP" where the area has one
GP practice, or the service's name typed by hand. Such a step is left out of every analysis
that works on mapped services, so loading warns and says which id to put in `service`; the
workshop page asks "Did you mean …?". Nothing is changed without a person saying so.

A false match is worse than none (it would put her words on the wrong service), so
`likely_service` is conservative. A place matches a service when

1. it is the service's id or name, case and spacing aside (on her side '&' as 'and',
   punctuation and one leading "my"/"the"/"a" aside too), and no other service's; or
2. it is a close spelling of one service's name (difflib's ratio at least `CLOSE`, both at
   least `MIN_LENGTH` characters long), and no other name reaches `CLOSE` too; or
3. it is a plain word for a type of service ("A&E", "hospital", "GP", "chemist"…: the keys of
   `TYPE_WORDS`) and the journey's area has exactly one service of that type (national
   services aside: "the hospital" is never a national one).

Words that may mean more than one kind of place ("the doctor", "the court", "the police
station", "the council") are not type words. Takes `models`, `problems` and `vocab` only.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Iterator, Sequence

from journeymap.models import Journey, Service
from journeymap.problems import Problem
from journeymap.vocab import NATIONAL

__all__ = [
    "CLOSE",
    "MIN_LENGTH",
    "TYPE_WORDS",
    "journey_area",
    "likely_service",
    "place_warnings",
]

#: How alike (difflib's ratio) a typed place and a service's name must be to match by spelling.
CLOSE = 0.88
#: Shorter texts are matched by spelling only when equal: 'home' is close to too much.
MIN_LENGTH = 6

#: Plain words for a type of service, as written once normalised (see `_words`), and the type.
TYPE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "a and e",
            "a e",
            "accident and emergency",
            "emergency department",
            "casualty",
            "hospital",
            "hospital ward",
            "general hospital",
        ),
        "hospital",
    ),
    **dict.fromkeys(
        ("gp", "g p", "gp surgery", "gp practice", "doctor's surgery", "doctors surgery"), "gp"
    ),
    **dict.fromkeys(("pharmacy", "chemist", "chemists"), "pharmacy"),
    **dict.fromkeys(("midwife", "midwives", "midwifery"), "midwifery"),
    **dict.fromkeys(("probation", "probation office", "probation officer"), "probation"),
    **dict.fromkeys(("women's centre", "womens centre", "women's center"), "womens_centre"),
    **dict.fromkeys(
        ("sexual health clinic", "sexual health", "gum clinic", "std clinic"), "sexual_health"
    ),
    **dict.fromkeys(("prison", "jail"), "prison"),
    **dict.fromkeys(
        ("social services", "children's services", "children's social care", "social worker"),
        "childrens_social_care",
    ),
    **dict.fromkeys(("family court",), "family_court"),
    **dict.fromkeys(
        ("custody", "police custody", "custody suite", "police cells"), "police_custody"
    ),
    **dict.fromkeys(
        ("drug service", "drugs service", "alcohol service", "drug and alcohol service"),
        "drug_alcohol_treatment",
    ),
    **dict.fromkeys(("rehab",), "residential_rehab"),
    **dict.fromkeys(("detox",), "inpatient_detox"),
}

_LEADING = ("my local ", "the local ", "my ", "the ", "our ", "a ", "an ", "local ")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


_GAPS = re.compile(r"[^\w']+")


def _words(text: str) -> str:
    """Lower case, '&' as 'and', punctuation but apostrophes as spaces, spacing collapsed:
    'A&E' → 'a and e', 'My  G.P.' → 'my g p'."""
    text = text.casefold().translate(_APOSTROPHES).replace("&", " and ")
    return _GAPS.sub(" ", text).strip()


def _forms(text: str) -> tuple[str, ...]:
    """`_words(text)`, and the same without one leading 'my'/'the'/'a'/… ('my gp' → 'gp'):
    both are tried, so that 'a and e' stays A&E."""
    words = _words(text)
    for lead in _LEADING:
        if words.startswith(lead) and len(words) > len(lead):
            return (words, words[len(lead) :])
    return (words,)


def _key(text: str) -> str:
    """Case and spacing aside: the quick form a service's id and name are kept under."""
    return " ".join(text.casefold().split())


class _Index:
    """The map's services as `likely_service` compares them, worked out once. Names are kept
    in the quick form (`_key`), so that a national map's 45,000 services cost little; her
    place, one text, is tried in every form (`_forms`)."""

    def __init__(self, services: Sequence[Service]):
        self.by_text: dict[str, list[Service]] = {}
        self.by_length: dict[int, list[tuple[Service, str]]] = {}
        self.by_type_area: dict[tuple[str, str], list[Service]] = {}
        self.named: dict[str, list[Service]] = {}
        for s in services:
            name = _key(s.name)
            self.by_text.setdefault(name, []).append(s)
            if s.id.casefold() != name:
                self.by_text.setdefault(s.id.casefold(), []).append(s)
            self.by_length.setdefault(len(name), []).append((s, name))
            for other in s.also_known_as:  # what women call it ("the hub on Tower Street")
                known = _key(other)
                if known and known != name:
                    self.by_text.setdefault(known, []).append(s)
                    self.by_length.setdefault(len(known), []).append((s, known))
            self.by_type_area.setdefault((s.type, s.area), []).append(s)

    def by_words(self, place: str) -> list[Service]:
        """Steps 1 and 2: the services named like `place`, else those spelt like it."""
        forms = dict.fromkeys((_key(place), *_forms(place)))
        same = {s.id: s for text in forms for s in self.by_text.get(text, ())}
        text = _key(place)
        if same or len(text) < MIN_LENGTH:
            return list(same.values())
        matcher = difflib.SequenceMatcher(None, "", text)
        near = []
        # difflib's ratio is at most 2·min(a, b) / (a + b): only names of a length in reach.
        low = max(MIN_LENGTH, math.ceil(len(text) * CLOSE / (2 - CLOSE)))
        high = math.floor(len(text) * (2 - CLOSE) / CLOSE)
        for length in range(low, high + 1):
            for s, name in self.by_length.get(length, ()):
                matcher.set_seq1(name)
                if matcher.quick_ratio() >= CLOSE and matcher.ratio() >= CLOSE:
                    near.append(s)
        return list({s.id: s for s in near}.values())  # a name and a known-as name: one

    def by_type(self, place: str, area: str | None) -> Service | None:
        """Step 3: a type word, and the one service of that type in `area`."""
        kinds = {TYPE_WORDS[text] for text in _forms(place) if text in TYPE_WORDS}
        if len(kinds) != 1 or not area or area == NATIONAL:
            return None
        of_type = self.by_type_area.get((kinds.pop(), area), [])
        return of_type[0] if len(of_type) == 1 else None

    def match(self, place: str, area: str | None) -> Service | None:
        if not _words(place):
            return None
        if place not in self.named:  # the same place, in another journey or area
            self.named[place] = self.by_words(place)
        named = self.named[place]
        if named:
            return named[0] if len(named) == 1 else None
        return self.by_type(place, area)


def likely_service(place: str, services: Sequence[Service], area: str | None) -> Service | None:
    """The one service `place` most likely means, or None when none does or several might.

    `area` is the journey's area (see `journey_area`); without it only ids and names are
    matched, never type words. See the module's notes for the rules. Cost: O(services).
    """
    return _Index(services).match(place, area)


def journey_area(journey: Journey, services: Sequence[Service]) -> str | None:
    """The area of a journey: the one local area of the mapped services at its steps, or,
    when it has none, the map's only local area. None when that is not one area."""
    return _journey_area(journey, {s.id: s.area for s in services})


def _journey_area(journey: Journey, where: dict[str, str]) -> str | None:
    areas = {where[step.service] for step in journey.steps if step.service in where} - {NATIONAL}
    if not areas:
        areas = set(where.values()) - {NATIONAL}
    return next(iter(areas)) if len(areas) == 1 else None


def place_warnings(
    journeys: Iterable[Journey], services: Sequence[Service], file: str = "journeys.csv"
) -> Iterator[Problem]:
    """A warning for each step whose typed `place` (and no `service`) `likely_service` matches,
    naming `file` and the step's line. Each distinct place is compared with the services' names
    once; the names are indexed only when some step has a typed place. Cost: O(services ×
    distinct places + steps)."""
    index: _Index | None = None
    where = {s.id: s.area for s in services}
    for journey in journeys:
        area = _journey_area(journey, where)
        for step in journey.steps:
            if step.service or not step.place:
                continue
            if index is None:
                index = _Index(services)
            match = index.match(step.place, area)
            if match is not None:
                yield Problem(
                    file,
                    step.line,
                    f"place '{step.place}' looks like the mapped service '{match.name}' "
                    f"({match.id}); if it is, put {match.id} in the 'service' column",
                    warning=True,
                )
