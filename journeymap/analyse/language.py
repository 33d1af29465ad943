"""Stigmatising words in a map's own text: service descriptions, link notes, journey notes.

The seeds ask services to stop describing women by what they "failed" to do ("refusing to
engage", "hard to reach") and to say instead what the system has not yet offered. This check
reads the free text of a map for such words and suggests respectful wording. The terms, the
patterns that find them, the wording to use instead and where that advice comes from are data:
`data/language.csv`, one row per term, so the list can be read and changed without code.

Matching is careful because many of the words have innocent uses: "clean" is flagged for test
results and recovery ("tested clean", "clean urine", "stayed clean", "clean for six months"),
never for "clean clothes", "clean needles" or a street called Clean Lane; "hard to reach" is
flagged when it describes women, never when it says treatment is hard to reach; "DNA" only as
"did not attend", never a DNA test. Journey notes are a woman's own words: findings name the
line and the term but never copy the note, and say to keep her words as she said them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter

import networkx as nx

from journeymap.models import Finding, Journey, Service, ServiceMap, Step
from journeymap.problems import MapError, Problems
from journeymap.read.csvtable import read_table
from journeymap.resources import DATA_DIR
from journeymap.vocab import NATIONAL

__all__ = [
    "LANGUAGE_FILE",
    "Term",
    "TermMatch",
    "find_terms",
    "language_findings",
    "load_terms",
    "terms",
]

LANGUAGE_FILE = DATA_DIR / "language.csv"
COLUMNS: tuple[list[str], list[str]] = (["id", "term", "pattern", "instead", "source"], [])
#: Characters of context either side of a term in the evidence (descriptions and link notes).
CONTEXT = 40


@dataclass(frozen=True)
class Term:
    """One row of data/language.csv: what to look for, and what to say instead."""

    id: str
    term: str
    pattern: re.Pattern[str]
    instead: str
    source: str


@dataclass(frozen=True)
class TermMatch:
    """Where a term was found in a text: `text[start:end]` is the words as written."""

    term: Term
    start: int
    end: int
    words: str


def load_terms(data: bytes, file: str = "language.csv") -> tuple[Term, ...]:
    """Read a term list; raises `MapError` (FILE:LINE) for a missing cell or a bad pattern.

    Patterns are Python regular expressions, matched case-insensitively. Cost: one pass.
    """
    problems = Problems()
    table = read_table(data, file, problems, required=COLUMNS[0], optional=COLUMNS[1])
    found: list[Term] = []
    for row in table.rows if table else []:
        cells = row.cells
        empty = [c for c in COLUMNS[0] if not cells.get(c)]
        for col in empty:
            problems.error(file, row.line, f"'{col}' is empty; every term needs one")
        try:
            pattern = re.compile(cells.get("pattern", ""), re.IGNORECASE)
        except re.error as exc:
            problems.error(file, row.line, f"the pattern is not a valid regular expression ({exc})")
            continue
        if not empty:
            found.append(
                Term(cells["id"], cells["term"], pattern, cells["instead"], cells["source"])
            )
    if problems.has_errors:
        raise MapError(problems.items)
    return tuple(found)


@cache
def terms() -> tuple[Term, ...]:
    """The shipped term list (data/language.csv), read once per process."""
    return load_terms(LANGUAGE_FILE.read_bytes(), str(LANGUAGE_FILE))


#: The flags `load_terms` compiles each pattern with.
_FLAGS = re.compile("", re.IGNORECASE).flags


@lru_cache(maxsize=8)
def _any_term(term_list: tuple[Term, ...]) -> re.Pattern[str] | None:
    """One pattern that matches wherever any of the terms does, so that respectful text (most
    text) is passed over in one scan rather than one per term; a plan runs every analysis
    again for each change it tries. None when the patterns can't be joined safely: a
    capturing group (whose number a back-reference could rely on) or other flags."""
    if any(t.pattern.groups or t.pattern.flags != _FLAGS for t in term_list):
        return None
    return re.compile("|".join(f"(?:{t.pattern.pattern})" for t in term_list), re.IGNORECASE)


def find_terms(text: str, term_list: Sequence[Term] | None = None) -> list[TermMatch]:
    """Every stigmatising term in `text`, in order of where it starts (overlaps kept once).

    Returns [] for respectful text. Cost: one regular-expression scan, and one per term
    when some term is there.
    """
    term_list = terms() if term_list is None else tuple(term_list)
    joined = _any_term(term_list)
    if joined is not None and joined.search(text) is None:
        return []
    found: list[TermMatch] = []
    for term in term_list:
        for m in term.pattern.finditer(text):
            found.append(TermMatch(term, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda t: (t.start, -t.end))
    kept: list[TermMatch] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def _excerpt(text: str, match: TermMatch) -> str:
    """The words around the term (about CONTEXT characters each side, whole words only)."""
    start, end = max(0, match.start - CONTEXT), min(len(text), match.end + CONTEXT)
    if start:
        space = text.find(" ", start, match.start)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", match.end, end)
        end = space if space >= 0 else end
    inner = " ".join(text[start:end].split())
    return ("…" if start else "") + inner + ("…" if end < len(text) else "")


def _quoted(matches: Iterable[TermMatch]) -> str:
    words = list(dict.fromkeys(f"'{' '.join(m.words.split())}'" for m in matches))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _advice(matches: Sequence[TermMatch]) -> tuple[str, str]:
    """(suggestion, source) for the distinct terms among `matches`."""
    chosen = list({m.term.id: m.term for m in matches}.values())
    suggestion = " ".join(f"Instead of {t.term}: {t.instead}" for t in chosen)
    sources = list(dict.fromkeys(t.source for t in chosen))
    return suggestion, "; ".join(sources)


def _at(file: str, line: int) -> str:
    """`FILE:LINE`, or where the text came from when it was not read from a file."""
    return f"{file}:{line}" if line else f"{file} (entered in the app, no line)"


def _finding(
    area: str,
    subject_id: str,
    subject_name: str,
    finding: str,
    evidence: str,
    matches: Sequence[TermMatch],
    before: str = "",
) -> Finding:
    suggestion, source = _advice(matches)
    return Finding(
        area=area,
        category="language",
        severity="low",
        subject_id=subject_id,
        subject_name=subject_name,
        finding=finding,
        evidence=evidence,
        suggestion=before + suggestion,
        source=source,
    )


def _journey_area(
    smap: ServiceMap, by_id: Mapping[str, Service], journey: Journey, step: Step
) -> str:
    """The step's service's area, else the first mapped service's in the journey, else ''."""
    for sid in (step.service, *(s.service for s in journey.steps)):
        if sid in by_id:
            return by_id[sid].area
    local = smap.area_names()
    return local[0] if len(local) == 1 else ""


def language_findings(smap: ServiceMap, G: nx.MultiDiGraph | None = None) -> list[Finding]:
    """One `language` finding per description, link note or journey note with stigmatising words.

    Evidence names `FILE:LINE` of the text. Descriptions and link notes are quoted around the
    term; journey notes are never quoted (they are a woman's words). Severity is low: wording
    matters, but it ranks below gaps in routes. Cost: O(total text × terms), blank cells aside.
    """
    findings: list[Finding] = []
    by_id = cache(lambda: {s.id: s for s in smap.services})  # asked only for a finding
    # Most cells are blank (on a national map, 180,000 of them): a blank cell has the matches
    # of the empty text (none, unless a term is a pattern that matches nothing), worked out
    # once; blank cells are then passed over without a call each.
    blank = find_terms("")

    def find(text: str) -> list[TermMatch]:
        return find_terms(text) if text else list(blank)

    for s in smap.services if blank else filter(attrgetter("description"), smap.services):
        matches = find(s.description)
        if matches:
            findings.append(
                _finding(
                    s.area,
                    s.id,
                    s.name,
                    f"The description of {s.name} uses {_quoted(matches)}: wording that puts "
                    "the gap on the woman rather than on what the service offers her.",
                    "; ".join(
                        f"{_at('services.csv', s.line)}: description: "
                        f"'{_excerpt(s.description, m)}'"
                        for m in matches
                    ),
                    matches,
                )
            )
    for link in smap.links if blank else filter(attrgetter("notes"), smap.links):
        matches = find(link.notes)
        if matches:
            a, b = by_id()[link.source], by_id()[link.target]
            area = a.area if a.area != NATIONAL else b.area
            findings.append(
                _finding(
                    area,
                    link.id,
                    f"{a.name} → {b.name}",
                    f"The notes on the link from {a.name} to {b.name} use {_quoted(matches)}: "
                    "wording that puts the gap on the woman rather than on the pathway.",
                    "; ".join(
                        f"{_at('links.csv', link.line)}: notes: '{_excerpt(link.notes, m)}'"
                        for m in matches
                    ),
                    matches,
                )
            )
    for journey in smap.journeys:
        for step in journey.steps:
            matches = find(step.note)
            if not matches:
                continue
            findings.append(
                _finding(
                    _journey_area(smap, by_id(), journey, step),
                    f"{journey.code} step {step.step}",
                    f"Journey {journey.code}, step {step.step}",
                    f"The note for step {step.step} of journey {journey.code} has "
                    f"{_quoted(matches)}. If these are her own words, keep them as she said "
                    "them; if a service used them about her, they show the stigma she met there.",
                    f"{_at('journeys.csv', step.line)}: note (not copied here: it is her account)",
                    matches,
                    before="Keep her words as she said them. Where staff used these words about "
                    "her, raise it with the service. ",
                )
            )
    return findings
