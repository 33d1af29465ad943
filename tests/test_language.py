"""The `language` check: stigmatising words in a map's text are found, innocent uses are not,
and journeymap's own words (pages, findings, README, data) hold none of them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from journeymap import MapError, find_gaps, load_map, parse_map
from journeymap.analyse import ANALYSES
from journeymap.analyse.language import (
    LANGUAGE_FILE,
    find_terms,
    language_findings,
    load_terms,
    terms,
)

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE_MAP = Path(__file__).parent / "maps" / "language"


def words(text: str) -> list[str]:
    return [m.words for m in find_terms(text)]


def ids(text: str) -> list[str]:
    return [m.term.id for m in find_terms(text)]


CASES = [
    ("She refused to engage with the service.", "refusing-to-engage", "refused to engage"),
    ("Closed for refusing  to\nengage.", "refusing-to-engage", "refusing  to\nengage"),
    ("Discharged for non-engagement.", "non-engagement", "non-engagement"),
    ("Client not engaging since May.", "non-engagement", "not engaging"),
    ("She disengaged in week two.", "non-engagement", "disengaged"),
    ("Outreach to hard-to-reach women.", "hard-to-reach", "hard-to-reach women"),
    (
        "These mothers are often hard to engage.",
        "hard-to-reach",
        "mothers are often hard to engage",
    ),
    ("Non-compliant with her script.", "non-compliant", "Non-compliant"),
    ("No addicts on the premises.", "addict", "addicts"),
    ("A substance misuser's pathway.", "substance-misuser", "substance misuser"),
    ("Referral for drug abusers.", "substance-misuser", "drug abusers"),
    ("Only once she has tested clean.", "clean-dirty", "tested clean"),
    ("Two dirty urine samples.", "clean-dirty", "dirty urine"),
    ("Must give a clean sample first.", "clean-dirty", "clean sample"),
    ("She has stayed clean for six months.", "clean-dirty", "stayed clean"),
    ("Clean for 3 months before rehab.", "clean-dirty", "Clean for 3"),
    ("Clean and sober living.", "clean-dirty", "Clean and sober"),
    ("She failed to attend twice.", "failed-to-attend", "failed to attend"),
    ("DNA'd her first appointment.", "failed-to-attend", "DNA'd"),
    ("She DNA’d again.", "failed-to-attend", "DNA’d"),
    ("Marked as DNA on the system.", "failed-to-attend", "as DNA"),
    ("Outreach to prostitutes.", "prostitute", "prostitutes"),
    ("Seen as an unfit mother.", "unfit-mother", "unfit mother"),
    ("A chaotic lifestyle.", "difficult-woman", "chaotic lifestyle"),
    ("Difficult clients are moved on.", "difficult-woman", "Difficult clients"),
]


@pytest.mark.parametrize("text, term, found", CASES)
def test_stigmatising_terms_are_found(text, term, found):
    assert [(m.term.id, m.words) for m in find_terms(text)] == [(term, found)]


INNOCENT = [
    "A drop-in with clean clothes, showers and a laundry.",
    "Needle exchange with clean needles and clean injecting equipment.",
    "The surgery on Clean Lane, next to Cleanthorpe Road.",
    "Keep the room clean and tidy; the flat was clean.",
    "Treatment is hard to reach from the villages by bus.",
    "Low numbers may mean treatment is hard to reach, not that women do not need it.",
    "A DNA test was ordered by the family court.",
    "Her DNA sample went to the lab.",
    "Addiction services for women; she felt addicted to the calm.",
    "A substance misuse service and a drug and alcohol service.",
    "It was a difficult time; the building is difficult for women to reach.",
    "Women who engage with the group come back.",
    "Women who sell sex; outreach to the street.",
    "The seeds ask services to stop calling women 'hard to reach'.",
    "",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_uses_are_not_flagged(text):
    assert words(text) == []


def test_the_one_scan_check_finds_what_each_term_finds():
    """Text is first scanned once for any term (`_any_term`); it must pass over exactly the
    texts in which no term, scanned on its own, is found."""
    from journeymap.analyse.language import _any_term

    joined = _any_term(terms())
    assert joined is not None  # the shipped patterns can be joined
    texts = (
        [case[0] for case in CASES]
        + INNOCENT
        + [
            "x" * 50 + " refused to engage",
            "Clean Lane; later she tested clean.",
            "hard to reach from the villages, and hard-to-reach women",
        ]
    )
    for text in texts:
        one_by_one = [m for t in terms() for m in t.pattern.finditer(text)]
        assert (joined.search(text) is None) == (not one_by_one), text


def test_a_term_list_that_cannot_be_joined_is_scanned_term_by_term():
    """A back-reference (here to a doubled word) relies on its group's number, which joining
    the patterns would change: such a list is scanned one term at a time, and still found."""
    own = load_terms(
        b"id,term,pattern,instead,source\n"
        b"doubled,doubled words,\\b(\\w+) \\1\\b,say it once,house style\n"
        b"addict,addict,\\baddicts?\\b,a woman who uses drugs,Womanifesto\n"
    )
    from journeymap.analyse.language import _any_term

    assert _any_term(own) is None
    assert [m.words for m in find_terms("She said it it twice to addicts.", own)] == [
        "it it",
        "addicts",
    ]
    assert find_terms("Said once.", own) == []


def test_every_term_in_the_list_finds_its_own_example():
    """Each row of data/language.csv is live: its own term (the quoted words) is caught."""
    examples = {
        "refusing-to-engage": "refusing to engage",
        "non-engagement": "non-engagement",
        "hard-to-reach": "hard to reach women",
        "non-compliant": "non-compliant",
        "addict": "an addict",
        "substance-misuser": "substance misuser",
        "clean-dirty": "tested clean",
        "failed-to-attend": "failed to attend",
        "prostitute": "prostitute",
        "unfit-mother": "unfit mother",
        "difficult-woman": "difficult woman",
    }
    assert sorted(t.id for t in terms()) == sorted(examples)
    for term_id, example in examples.items():
        assert ids(example) == [term_id], example
    assert all(t.instead and t.source and t.term for t in terms())


MAP_SERVICES = (
    b"id,name,type,area,description\n"
    b"tx,Hope Street,drug_alcohol_treatment,A,Women who failed to attend twice are discharged.\n"
    b"wc,Women's Centre,womens_centre,A,Clean clothes and a hot meal every day.\n"
    b"nt,National Helpline,other,national,\n"
)
MAP_LINKS = (
    b"from,to,kind,notes\n"
    b"wc,tx,referral,only after a clean urine test\n"
    b"nt,tx,referral,warm hand-over\n"
    b'tx,nt,referral,"for hard to reach women, and\nclients who DNA\'d"\n'
)
MAP_JOURNEYS = (
    b"journey,step,service,place,note\n"
    b"J01,1,,a friend's sofa,They said I was non-compliant.\n"
    b"J01,2,wc,,They gave me clean clothes.\n"
)


def test_findings_name_file_line_and_suggest_other_words():
    m = parse_map(
        {"services.csv": MAP_SERVICES, "links.csv": MAP_LINKS, "journeys.csv": MAP_JOURNEYS}
    )
    found = {f.subject_id: f for f in language_findings(m)}
    assert set(found) == {"tx", "wc->tx", "tx->nt", "J01 step 1"}
    tx = found["tx"]
    assert (tx.area, tx.category, tx.severity) == ("A", "language", "low")
    assert tx.evidence == (
        "services.csv:2: description: 'Women who failed to attend twice are discharged.'"
    )
    assert "uses 'failed to attend'" in tx.finding
    assert "discharged after a missed appointment" in tx.suggestion
    link = found["wc->tx"]
    assert link.evidence == "links.csv:2: notes: 'only after a clean urine test'"
    assert link.subject_name == "Women's Centre → Hope Street"
    assert "a negative (or positive) test result" in link.suggestion
    two = found["tx->nt"]  # one finding for the cell, naming both terms; area of the local end
    assert two.area == "A"
    assert "'hard to reach women' and 'DNA'd'" in two.finding
    assert two.evidence.count("links.csv:4:") == 2
    note = found["J01 step 1"]
    assert note.area == "A"  # off the map at step 1; the journey's mapped service is in A
    assert note.evidence == "journeys.csv:2: note (not copied here: it is her account)"
    assert "non-compliant" not in note.evidence  # her words are not copied into the report
    assert note.suggestion.startswith("Keep her words as she said them.")
    assert "CJI guide" in tx.source or "journeymap language guide" in tx.source


def test_respectful_map_has_no_language_finding(demo_dir):
    assert language_findings(load_map(demo_dir)) == []
    clean = parse_map(
        {
            "services.csv": MAP_SERVICES.replace(b"failed to attend", b"missed"),
            "links.csv": b"from,to,kind\n",
        }
    )
    assert language_findings(clean) == []


def test_language_is_a_registered_category_and_in_the_report(run_cli):
    """The test map's seeded phrases are reported; Clean Lane, clean clothes and needles, and
    'treatment is hard to reach' in the same map are not."""
    assert ANALYSES["language"] is language_findings
    done = run_cli("report", LANGUAGE_MAP)
    assert done.code == 0, done.err
    rows = [r for r in csv.DictReader(io.StringIO(done.out.decode("utf-8-sig")))]
    found = {r["subject_id"]: r for r in rows if r["category"] == "language"}
    assert set(found) == {"tx", "gp->tx", "J01 step 1"}
    assert found["tx"]["evidence"].startswith("services.csv:2: description: ")
    assert "'refused to engage' and 'DNA'd'" in found["tx"]["finding"]
    assert found["gp->tx"]["evidence"].startswith("links.csv:2: notes: ")
    assert found["J01 step 1"]["evidence"].startswith("journeys.csv:2: note")


def test_a_broken_term_list_is_told_as_file_line():
    data = b"id,term,pattern,instead,source\nok,x,\\bx\\b,y,z\nbad,x,(unclosed,y,z\nhole,,x,y,z\n"
    with pytest.raises(MapError) as info:
        load_terms(data, "language.csv")
    told = [str(p) for p in info.value.errors]
    assert told[0].startswith("language.csv:3: the pattern is not a valid regular expression")
    assert told[1] == "language.csv:4: 'term' is empty; every term needs one"
    assert load_terms(LANGUAGE_FILE.read_bytes()) == terms()


# --- journeymap's own words ---------------------------------------------------------------

QUOTES_BEFORE = "'\"‘“`"
QUOTES_AFTER = "'\"’”`"


def own_text_files() -> list[Path]:
    """Everything journeymap itself says to people: pages, finding templates, docs, data."""
    files = [ROOT / "app.py", ROOT / "README.md", ROOT / "PRIVACY.md"]
    files += sorted((ROOT / "journeymap").rglob("*.py"))
    files += sorted((ROOT / "data").rglob("*.csv"))
    files += sorted((ROOT / "scenarios").glob("*.toml"))
    files += [ROOT / ".streamlit" / "config.toml"]
    skip = {LANGUAGE_FILE, ROOT / "journeymap" / "analyse" / "language.py"}  # the list itself
    return [f for f in files if f.exists() and f not in skip]


def unquoted(text: str) -> list[str]:
    """Terms used in `text`, leaving out terms quoted as words to avoid ('refusing to engage')."""
    out = []
    for m in find_terms(text):
        before = text[m.start - 1] if m.start else ""
        after = text[m.end] if m.end < len(text) else ""
        if not (before and before in QUOTES_BEFORE and after and after in QUOTES_AFTER):
            out.append(m.words)
    return out


def test_journeymaps_own_text_uses_none_of_the_terms():
    assert len(own_text_files()) > 20
    used = {
        str(f.relative_to(ROOT)): found
        for f in own_text_files()
        if (found := unquoted(f.read_text(encoding="utf-8-sig")))
    }
    assert used == {}


def test_quoting_a_term_to_avoid_is_allowed_but_using_it_is_not():
    assert unquoted("Never write 'refusing to engage' or “addict”.") == []
    assert unquoted("She is an addict.") == ["addict"]


def test_every_finding_on_the_demo_map_is_free_of_the_terms(demo_dir):
    """The finding templates, filled in: what a board and a workshop actually read."""
    for f in find_gaps(load_map(demo_dir)):
        for text in (f.finding, f.evidence, f.suggestion, f.subject_name):
            assert unquoted(text) == [], (f.category, text)
