"""Every `source` journeymap cites names a real section of the seed document it names, and the
place the seed names for a good-practice example (DESIGN §4, Sources).

The citation format, as a grammar::

    source   = citation *( "; " citation )
    citation = document ", " section [ " (" place *( ", " place ) ")" ]
    document = "Womanifesto" / "CJI guide"
    section  = heading *( ", " heading )

- A **heading** is a heading line of the document (`#` in the seed text), written in full or by
  its short title, the words before its first " - " or ": " ("Recommendation Two",
  "Integrated referral pathways"); a closing bracket may be left off ("Family Drug and Alcohol
  Court"), since brackets hold places. Case, bold marks, the kind of dash and a section number
  ("2.") do not matter.
- A later heading in a section is the first heading of that name after the one before it: the
  Womanifesto's good-practice lists are "Appendix 1, Recommendation One" and so on (the appendix
  repeats the three recommendations' headings; "Recommendation One" alone is the body).
- **Places**, in brackets, are the places the seed names for the example (Telford,
  Peterborough…), spelt as the seed spells them; each is found in the cited section.

For example: "Womanifesto, Appendix 1, Recommendation Two (Telford); CJI guide, Family
Safeguarding Model". The seeds are read from `../shared/seeds/` beside the repository; the
tests that need them skip when they are absent.
"""

from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import journeymap.analyse.text as text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = {
    "Womanifesto": "womanifesto-wtwg-2025.txt",
    "CJI guide": "cji-commissioning-guide-women.txt",
}
DATA = ROOT / "data"
W, CJI = "Womanifesto", "CJI guide"
#: The Womanifesto's good-practice lists, one per recommendation.
APPENDIX_R1 = ("Appendix 1", "Recommendation One")
APPENDIX_R2 = ("Appendix 1", "Recommendation Two")
APPENDIX_R3 = ("Appendix 1", "Recommendation Three")

CITATION = re.compile(
    r"(?P<document>Womanifesto|CJI guide), (?P<section>[^();]+?)(?: \((?P<places>[^();]+)\))?"
)


# --- the grammar ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    document: str
    section: tuple[str, ...]  # the section as written, split at ", " (headings may hold commas)
    places: tuple[str, ...]


def parse(source: str) -> list[Citation]:
    """The citations in a `source` cell; ValueError naming the part that breaks the grammar."""
    out = []
    for part in source.split("; "):
        m = CITATION.fullmatch(part)
        if not m:
            raise ValueError(f"{part!r} is not 'Womanifesto, …' or 'CJI guide, …' (see grammar)")
        places = tuple(m["places"].split(", ")) if m["places"] else ()
        out.append(Citation(m["document"], tuple(m["section"].split(", ")), places))
    return out


def test_the_grammar_reads_documents_sections_and_places():
    assert parse("Womanifesto, Appendix 1, Recommendation Two (Brighton & Hove, Telford)") == [
        Citation(
            "Womanifesto", ("Appendix 1", "Recommendation Two"), ("Brighton & Hove", "Telford")
        )
    ]
    both = parse("CJI guide, Service mapping; Womanifesto, Recommendation Three")
    assert [c.document for c in both] == ["CJI guide", "Womanifesto"]
    for bad in (
        "CJI guide",  # no section
        "the CJI guide, Co-location",  # not a document name
        "Womanifesto, Recommendation One;CJI guide, Co-location",  # citations join with "; "
        "Womanifesto, Appendix 1 (Recommendation One) (Kirklees)",
    ):
        with pytest.raises(ValueError):
            parse(bad)


# --- the seeds --------------------------------------------------------------------------------

HEADING = re.compile(r"(#{1,6})\s*(.+?)\s*")
#: The start of a good-practice example in the Womanifesto's appendix: "**Telford -** …",
#: "Coventry - Partnership with …", "**Brighton & Hove:** …" (a name of at most seven words).
LEAD = re.compile(r"\*{0,2}\s*([A-Z][\w&'’/ ]*?)\s*\*{0,2}\s*[-–:]\s*\*{0,2}\s")


def clean(value: str) -> str:
    """Heading text without markup, numbering, odd dashes or spacing; lower case."""
    value = re.sub(r"<sup>.*?</sup>|</?u>|\*", "", value)
    value = value.replace("–", "-").replace("—", "-").replace("’", "'")
    value = re.sub(r"^\d+\.?\s+", "", " ".join(value.split()))
    return value.strip(" .").casefold()


def forms(heading: str) -> set[str]:
    """The ways a heading may be cited: in full, by its short title, without a closing bracket."""
    full = clean(heading)
    out = {full, re.sub(r"\s*\([^()]*\)$", "", full)}
    short = re.split(r" - |: ", full, maxsplit=1)
    if len(short) == 2:
        out.add(short[0])
    return out


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    caps: bool  # written in capitals: a sub-list of the section it sits in
    names: frozenset[str]


@dataclass(frozen=True)
class Seed:
    lines: tuple[str, ...]
    headings: tuple[Heading, ...]

    def find(self, name: str, after: int) -> Heading | None:
        wanted = clean(name)
        return next((h for h in self.headings if h.line > after and wanted in h.names), None)

    def resolve(self, section: tuple[str, ...], after: int = -1) -> Heading | None:
        """The heading a section names (headings may hold ", ", so the longest name first)."""
        for k in range(len(section), 0, -1):
            found = self.find(", ".join(section[:k]), after)
            if found and k == len(section):
                return found
            if found and (deeper := self.resolve(section[k:], found.line)):
                return deeper
        return None

    def end(self, h: Heading) -> int:
        """Line after the section under `h`: at the next heading that is not below it."""
        for other in self.headings:
            below = other.level > h.level or (other.caps and not h.caps)
            if other.line > h.line and not below:
                return other.line
        return len(self.lines)

    def span(self, h: Heading) -> str:
        return "\n".join(self.lines[h.line + 1 : self.end(h)])


@cache
def seed(document: str) -> Seed:
    path = SEEDS / SEED_FILES[document]
    if not path.is_file():
        pytest.skip(f"the seed documents are not here ({path})")
    lines = tuple(path.read_text(encoding="utf-8").splitlines())
    headings = []
    for i, line in enumerate(lines):
        m = HEADING.fullmatch(line)
        if m and clean(m[2]):
            plain = re.sub(r"<[^>]+>|\*", "", m[2])
            caps = any(c.isalpha() for c in plain) and plain == plain.upper()
            headings.append(Heading(i, len(m[1]), caps, frozenset(forms(m[2]))))
    return Seed(lines, tuple(headings))


def named(place: str, within: str) -> bool:
    return re.search(rf"(?<![\w&]){re.escape(place)}(?![\w&])", within) is not None


def problems(source: str) -> list[str]:
    """What is wrong with a source cell against the seeds ([] when nothing is)."""
    try:
        citations = parse(source)
    except ValueError as exc:
        return [str(exc)]
    out = []
    for c in citations:
        where = f"{c.document}, {', '.join(c.section)}"
        h = seed(c.document).resolve(c.section)
        if h is None:
            out.append(f"{where!r}: no such heading in the {c.document}")
            continue
        span = seed(c.document).span(h)
        out += [f"{where!r} does not name {p!r}" for p in c.places if not named(p, span)]
    return out


def test_the_seeds_have_the_headings_the_format_relies_on():
    w, cji = seed("Womanifesto"), seed("CJI guide")
    body, appendix = w.resolve(("Recommendation Two",)), w.resolve(APPENDIX_R2)
    assert body and appendix and body.line < appendix.line
    assert named("Telford", w.span(appendix)) and not named("Telford", w.span(body))
    assert cji.resolve(("Family Drug and Alcohol Court",))
    assert cji.resolve(("Integrated referral pathways",)) == cji.resolve(
        (
            "Integrated referral pathways: Specialist midwifery support for women with drug and "
            "alcohol needs",
        )
    )
    assert problems("CJI guide, Solutions for improving women's access")  # cut short
    assert problems("Womanifesto, Appendix 1 (Recommendation One)")  # a sub-list is no place
    assert problems("Womanifesto, Appendix 1, Recommendation Three (Telford)")  # wrong list
    assert not problems(
        "CJI guide, Co-locating drug treatment in specialist women's services (Coventry)"
    )


# --- every source journeymap writes -----------------------------------------------------------


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def analysis_sources() -> list[tuple[str, str]]:
    """(file:line, source) for every `source=` in journeymap/analyse/*.py whose value is spelt
    there: a string, a constant of analyse/text.py, or an f-string of those. Sources read from
    data files (`s.source`, `persona.source`) are checked through the files themselves."""
    out = []
    for path in sorted((ROOT / "journeymap" / "analyse").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.keyword) and node.arg == "source"):
                continue
            value = spelt(node.value)
            if value is not None:
                out.append((f"{path.relative_to(ROOT)}:{node.value.lineno}", value))
    return out


def spelt(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and isinstance(getattr(text, node.id, None), str):
        return str(getattr(text, node.id))
    if isinstance(node, ast.FormattedValue):
        return spelt(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = [spelt(v) for v in node.values]
        return None if None in parts else "".join(p or "" for p in parts)
    return None


def all_sources() -> list[tuple[str, str]]:
    out = [(f"analyse/text.py {n}", getattr(text, n)) for n in text.__all__ if n.isupper()]
    out = [(k, v) for k, v in out if isinstance(v, str)]
    out += analysis_sources()
    out += [(f"data/standards.csv {r['id']}", r["source"]) for r in rows("standards.csv")]
    out += [(f"data/personas.csv {r['id']}", r["source"]) for r in rows("personas.csv")]
    return out


def language_sources() -> list[tuple[str, str]]:
    """data/language.csv cites the CJI guide and journeymap's own language guide; only the
    parts naming a seed are checked."""
    out = []
    for r in rows("language.csv"):
        if r["source"].startswith(tuple(SEED_FILES)):
            out.append((f"data/language.csv {r['id']}", r["source"]))
    return out


def test_the_analyses_and_data_all_cite_something():
    found = dict(all_sources())
    assert any(k.startswith("journeymap/analyse/routes.py") for k in found)
    assert all(v.strip() for v in found.values()), [k for k, v in found.items() if not v.strip()]


@pytest.mark.parametrize(("where", "source"), all_sources(), ids=[w for w, _ in all_sources()])
def test_every_source_names_a_section_of_its_document(where, source):
    assert problems(source) == [], where


#: Known wrong sources in data/language.csv (not this branch's file to edit). The xfail is
#: strict: once the file is put right, the entry here has to go.
LANGUAGE_KNOWN_WRONG: dict[str, str] = {}


@pytest.mark.parametrize(
    ("where", "source"),
    [
        pytest.param(w, s, id=w, marks=pytest.mark.xfail(strict=True, reason=why))
        if (why := LANGUAGE_KNOWN_WRONG.get(w))
        else pytest.param(w, s, id=w)
        for w, s in language_sources()
    ],
)
def test_language_guide_sources_name_sections_of_the_cji_guide(where, source):
    assert problems(source) == [], where


# --- the places behind good-practice examples -------------------------------------------------


@dataclass(frozen=True)
class Example:
    said: str  # how journeymap's text tells it (a regular expression)
    seed_says: str  # where the seed tells it (a regular expression)
    document: str
    section: tuple[str, ...]
    place: str


KAIROS = ("Co-locating drug treatment in specialist women's services",)
SWINDON = ("Gender-responsive provision within mixed-gender service",)
MWM = ("Specialised support pathways for criminal justice-involved substance-using women",)

#: The examples the issue named ("one area" hid the place), then the others journeymap tells.
# fmt: off
EXAMPLES = [
    Example(r"19% to 94%|cervical screening", r"from 19% to 94%", W, APPENDIX_R3, "Peterborough"),
    Example(r"\bDASH\b", r"DASH risk assessment", W, APPENDIX_R3, "Southampton"),
    Example(r"mosques?", r"local mosques", W, APPENDIX_R3, "Kirklees"),
    Example(r"child protection plans", r"30% less children", W, APPENDIX_R2, "Telford"),
    Example(r"22-26 weeks|12-18 weeks", r"22-26 weeks to 12-18 weeks", W, APPENDIX_R2, "Coventry"),
    Example(r"within 24 hours", r"within 24 hours", W, APPENDIX_R2, "Derby"),
    Example(r"capped caseload", r"caseload is capped", W, APPENDIX_R2, "Derby"),
    Example(r"Partners in Change", r"Partners in Change", W, APPENDIX_R2, "Brighton & Hove"),
    Example(r"menopause app", r"'Balance' app", W, APPENDIX_R1, "West Berkshire"),
    Example(r"\bHRT\b", r"\(HRT\)", W, APPENDIX_R1, "Scunthorpe"),
    Example(r"menopause clinic", r"a menopause clinic", W, APPENDIX_R1, "Redbridge"),
    Example(r"well attended", r"which is well attended", W, APPENDIX_R1, "Redbridge"),
    Example(r"evening self-care", r"self-care and harm reduction group", W, APPENDIX_R1, "Southampton"),
    Example(r"satellite venue", r"drop-in at a satellite venue", W, APPENDIX_R1, "Waltham Forest"),
    Example(r"\bWISE\b", r"WISE project", W, APPENDIX_R1, "Royal Borough of Windsor and Maidenhead"),
    Example(r"Support When it Matters", r"Support When it Matters", W, APPENDIX_R1, "Barking and Dagenham"),
    Example(r"guide for women leaving", r"best practice guide", W, APPENDIX_R3, "Surrey"),
    Example(r"in-reach to the women's estate", r"prison in-reach", W, APPENDIX_R3, "Lancashire"),
    Example(r"women who have been in custody", r"co-produced with women who had been", W, APPENDIX_R3, "Essex"),
    Example(r"sexual health clinic in the treatment service", r"Sexual Health clinics in the service", W, APPENDIX_R3, "Warwickshire"),
    Example(r"Kairos women's hub", r"Kairos operate their Women's Hub", CJI, KAIROS, "Coventry"),
    Example(r"with Kairos", r"partners with Kairos", W, APPENDIX_R3, "Coventry"),
    Example(r"new women-only space", r"create a new women-only space", CJI, KAIROS, "Coventry"),
    Example(r"safe-accommodation", r"Safe Accommodation grant", CJI, ("Partnership working",), "Coventry"),
    Example(r"14 women", r"Around 14 women", CJI, ("Model for collecting lived experience feedback",), "Coventry"),
    Example(r"free of charge|Basis", r"offer free training", CJI, ("Trauma-informed training for workforces",), "Leeds"),
    Example(r"two (?:workers )?from the Nelson Trust", r"two specialist women's workers", CJI, SWINDON, "Swindon"),
    Example(r"(?:floor|day)s? (?:for women|closed to men)|clashed", r"not open to men", CJI, SWINDON, "Swindon"),
    Example(r"visiting children|Ophelia", r"families who visit", CJI, ("Gender-specific residential treatment",), "Oxfordshire"),
    Example(r"through-the-gate", r"through-the-gate", CJI, MWM, "Walsall"),
    Example(r"New Chance", r"New Chance", CJI, ("Commissioning integrated services for women",), "West Midlands"),
]
# fmt: on


def located(example: Example) -> int | None:
    """The line of the seed that tells the example, within the section the table names."""
    s = seed(example.document)
    h = s.resolve(example.section)
    assert h is not None, f"no section {example.section} in the {example.document}"
    return next(
        (i for i in range(h.line + 1, s.end(h)) if re.search(example.seed_says, s.lines[i])), None
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.place}:{e.seed_says}")
def test_the_seed_names_the_place_for_each_example(example):
    """The table is right: the example is in the section it names and is told of the place (in
    the Womanifesto's lists: the example it belongs to starts with the place's name)."""
    s = seed(example.document)
    at = located(example)
    assert at is not None, f"{example.seed_says!r} is not under {example.section}"
    h = s.resolve(example.section)
    assert h is not None
    before = s.lines[h.line + 1 : at + 1]
    if example.section[0] == "Appendix 1":
        leads = [m[1] for line in before if (m := LEAD.match(line.lstrip("# ")))]
        leads = [lead for lead in leads if len(lead.split()) <= 7]
        assert leads and leads[-1].startswith(example.place), leads[-1:]
    else:
        assert named(example.place, "\n".join(before))


def texts() -> list[tuple[str, str, str | None]]:
    """(where, words, source) for every piece of journeymap's wording that may tell an example."""
    out: list[tuple[str, str, str | None]] = [
        (f"data/standards.csv {r['id']}", f"{r['standard']} {r['suggestion']}", r["source"])
        for r in rows("standards.csv")
    ]
    out += [
        (f"data/personas.csv {r['id']}", r["description"], r["source"])
        for r in rows("personas.csv")
    ]
    out += [(f"REMEDIES[{k!r}]", v, None) for k, v in text.REMEDIES.items()]
    return out


def covers(citation: Citation, example: Example) -> bool:
    """The citation names the example's place and a section that holds the example."""
    if citation.document != example.document or example.place not in citation.places:
        return False
    s, at = seed(citation.document), located(example)
    h = s.resolve(citation.section)
    return h is not None and at is not None and h.line < at < s.end(h)


def test_wording_names_the_place_of_the_examples_it_tells():
    """Where journeymap tells an example, its source cites a section holding it, with the place,
    and the words name the place too (a remedy has no source of its own: its words must)."""
    wrong = []
    for where, words, source in texts():
        for e in EXAMPLES:
            if not re.search(e.said, words):
                continue
            if not named(e.place, words):
                wrong.append(f"{where}: tells {e.said!r} without naming {e.place}")
            if source is not None and not any(covers(c, e) for c in parse(source)):
                section = ", ".join(e.section)
                wrong.append(f"{where}: {e.said!r} needs '{e.document}, {section} ({e.place})'")
    assert not wrong, "\n".join(wrong)


HIDDEN = re.compile(
    r"\b(?:one|another) (?:area|provider|such \w+|mixed service)\b|\bas one \w+ (?:does|did)\b"
    r"|\bin the area (?:that|where)\b|\belsewhere\b",
    re.IGNORECASE,
)


def test_no_wording_hides_a_place_behind_one_area():
    hidden = [f"{w}: {m[0]!r}" for w, words, _ in texts() for m in HIDDEN.finditer(words)]
    assert not hidden, "\n".join(hidden)


def test_the_pregnancy_standard_and_persona_accept_either_tag():
    """A service records a pregnancy policy or a priority for pregnant women; the standard and
    the persona each accept either (they used to want one each)."""
    tags = {"pregnancy_policy", "pregnancy_priority"}
    standard = next(r for r in rows("standards.csv") if r["id"] == "pregnancy-policy")
    assert set(standard["rule"].removeprefix("offer:").split("|")) == tags
    persona = next(r for r in rows("personas.csv") if r["id"] == "pregnant")
    assert tags <= set(persona["needs_any"].split(";"))
