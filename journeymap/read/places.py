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
station", "the council") are not type words. Takes `models`, `problems`, `vocab` and
`read.cells` only.
"""

from __future__ import annotations

import difflib
import functools
import math
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, repeat
from operator import attrgetter

from journeymap.models import Journey, Service
from journeymap.problems import Problem
from journeymap.read.cells import SPACES
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


#: The types a type word names (services of other types are never grouped by type).
_WORD_TYPES = frozenset(TYPE_WORDS.values())
_type, _id, _area, _name, _extra = map(attrgetter, ("type", "id", "area", "name", "extra"))


def _keys(texts: list[str], *, fold_only: bool = False) -> list[str]:
    """`_key` of each text (`fold_only`: `str.casefold` of each), worked on all of them at
    once: the texts joined, folded and split again, which is the same when no text holds a
    NUL and, folded, none has spacing to collapse (else each text is done on its own)."""
    joined = "\x00".join(texts)
    if joined.count("\x00") == len(texts) - 1:
        folded = joined.casefold()
        if fold_only or _single_spaced(folded):
            return folded.split("\x00")
    if fold_only:
        return [text.casefold() for text in texts]
    return [_key(text) for text in texts]


def _single_spaced(text: str) -> bool:
    """True when every NUL-separated part of `text` is its own `_key` already: no space
    but single ones between words."""
    if "  " in text or " \x00" in text or "\x00 " in text or text.startswith(" "):
        return False
    if text.endswith(" "):
        return False
    return not any(space in text for space in SPACES if space != " ")


class _Index:
    """The map's services as `likely_service` compares them, worked out once. Names are kept
    in the quick form (`_key`), so that a national map's 45,000 services cost little; her
    place, one text, is tried in every form (`_forms`).

    Made with C-level str work over all the names at once (`_keys`), and only what a place
    asks: the services of a text are found when a place's form is one of the texts (a set
    look-up), names are compared by spelling only for a place no text matches, and services
    are grouped by type and area only for a type word. Each gives what a dict of every text,
    of every length and of every (type, area) would. Cost: O(services) once, then
    O(services) for each distinct place compared by spelling or by type.
    """

    def __init__(self, services: Sequence[Service]):
        self.services = services
        self.names = _keys(list(map(_name, services)))
        self.ids = _keys(list(map(_id, services)), fold_only=True)
        #: (service's position, quick form) of each name she is known by that is not her name
        aka = map(operator.contains, map(_extra, services), repeat("also_known_as"))
        self.known = [
            (i, known)
            for i in compress(range(len(services)), aka)  # (a C-level pass over them all)
            for known in map(_key, services[i].also_known_as)
            if known and known != self.names[i]
        ]
        self.texts = {*self.names, *self.ids, *(known for _, known in self.known)}
        self.named: dict[str, list[Service]] = {}
        self._of_type: dict[tuple[str, str], list[Service]] | None = None
        self._by_length: tuple[list[int], list[tuple[Service, str]]] | None = None

    def by_text(self, text: str) -> list[Service]:
        """The services whose name, id or known-as name is `text` in the quick form."""
        if text not in self.texts:
            return []
        n = len(self.services)
        at = set(compress(range(n), map(text.__eq__, self.names)))
        at.update(compress(range(n), map(text.__eq__, self.ids)))
        at.update(i for i, known in self.known if known == text)
        return [self.services[i] for i in sorted(at)]

    def spelt_like(self, low: int, high: int) -> list[tuple[Service, str]]:
        """(service, quick form) of every name and known-as name from `low` to `high`
        characters long, by length and then in the map's order (sorted by length on first
        use, then each ask is two bisections)."""
        if self._by_length is None:
            self._by_length = self._sorted_by_length()
        lengths, entries = self._by_length
        return entries[bisect_left(lengths, low) : bisect_right(lengths, high)]

    def _sorted_by_length(self) -> tuple[list[int], list[tuple[Service, str]]]:
        """Every (service, quick form) sorted by the form's length, a service's name before
        her known-as names (a stable sort of positions: C speed when there are none)."""
        services, names = self.services, self.names
        if not self.known:
            lengths = list(map(len, names))
            order = sorted(range(len(names)), key=lengths.__getitem__)
            return [lengths[i] for i in order], [(services[i], names[i]) for i in order]
        forms = [(len(name), i, 0, name) for i, name in enumerate(names)]
        forms += [(len(k), i, 1 + j, k) for j, (i, k) in enumerate(self.known)]
        forms.sort()
        return [f[0] for f in forms], [(services[f[1]], f[3]) for f in forms]

    def of_type(self, kind: str, area: str) -> list[Service]:
        """The services of type `kind` in `area`, in the map's order (grouped on first use,
        only the types a type word names)."""
        if self._of_type is None:
            self._of_type = {}
            types = self.services
            for s in compress(types, map(_WORD_TYPES.__contains__, map(_type, types))):
                self._of_type.setdefault((s.type, s.area), []).append(s)
        return self._of_type.get((kind, area), [])

    def by_words(self, place: str) -> list[Service]:
        """Steps 1 and 2: the services named like `place`, else those spelt like it."""
        forms = dict.fromkeys((_key(place), *_forms(place)))
        same = {s.id: s for text in forms for s in self.by_text(text)}
        text = _key(place)
        if same or len(text) < MIN_LENGTH:
            return list(same.values())
        matcher = difflib.SequenceMatcher(None, "", text)
        near = []
        # difflib's ratio is at most 2·min(a, b) / (a + b): only names of a length in reach.
        low = max(MIN_LENGTH, math.ceil(len(text) * CLOSE / (2 - CLOSE)))
        high = math.floor(len(text) * (2 - CLOSE) / CLOSE)
        for s, name in self.spelt_like(low, high):
            matcher.set_seq1(name)
            if matcher.quick_ratio() >= CLOSE and matcher.ratio() >= CLOSE:
                near.append(s)
        return list({s.id: s for s in near}.values())  # a name and a known-as name: one

    def by_type(self, place: str, area: str | None) -> Service | None:
        """Step 3: a type word, and the one service of that type in `area`."""
        kinds = {TYPE_WORDS[text] for text in _forms(place) if text in TYPE_WORDS}
        if len(kinds) != 1 or not area or area == NATIONAL:
            return None
        of_type = self.of_type(kinds.pop(), area)
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


def _journey_area(
    journey: Journey, where: dict[str, str], local: Callable[[], set[str]] | None = None
) -> str | None:
    """`journey_area`, with `where` each id's area and `local` (when given) the map's local
    areas, asked only for a journey with no local mapped service."""
    areas = {where[step.service] for step in journey.steps if step.service in where} - {NATIONAL}
    if not areas:
        areas = local() if local is not None else set(where.values()) - {NATIONAL}
    return next(iter(areas)) if len(areas) == 1 else None


def place_warnings(
    journeys: Iterable[Journey], services: Sequence[Service], file: str = "journeys.csv"
) -> Iterator[Problem]:
    """A warning for each step whose typed `place` (and no `service`) `likely_service` matches,
    naming `file` and the step's line. Each distinct place is compared with the services' names
    once; the names are indexed only when some step has a typed place. Cost: O(services ×
    distinct places + steps)."""
    index: _Index | None = None
    journeys = list(journeys)
    named = {step.service for journey in journeys for step in journey.steps if step.service}
    named_services = compress(services, map(named.__contains__, map(_id, services)))
    where = {s.id: s.area for s in named_services}  # (not all 45,000 of a nation)
    local = functools.cache(lambda: set(map(_area, services)) - {NATIONAL})
    for journey in journeys:
        area = _journey_area(journey, where, local)
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
