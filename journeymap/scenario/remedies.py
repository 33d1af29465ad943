"""The changes a plan may propose (data/remedies.csv), and each one made concrete on a map.

A remedy is a *kind* of change drawn from the good practice in the seeds — co-locate a
treatment worker at a women's centre, write down an informal referral, add a women-only
group — with the findings it can answer, a rough cost and the example it rests on. It is data,
not code, so a commissioner can copy the file, drop what her area cannot do and add her own.
`candidates` turns each remedy into the concrete scenarios it allows on one area of one map
(a co-location at *this* women's centre, from *this* treatment service). Every candidate only
adds: no remedy kind removes a service, a link or an offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journeymap.analyse.routes import NOT_REFERRED_BACK
from journeymap.labels import join_words, type_label
from journeymap.models import Finding, Link, Service, ServiceMap
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.cells import Cells
from journeymap.read.csvtable import read_table
from journeymap.resources import DATA_DIR
from journeymap.scenario.changes import OfferChange, Scenario
from journeymap.vocab import OFFER_TAGS, SERVICE_TYPES, TREATMENT_TYPES

__all__ = [
    "CHANGES",
    "COSTS",
    "REMEDIES_FILE",
    "Candidate",
    "Remedy",
    "candidates",
    "parse_remedies",
    "read_remedies",
]

REMEDIES_FILE = DATA_DIR / "remedies.csv"
#: The kinds of change the plan knows how to make on a map; every one only adds.
CHANGES: tuple[str, ...] = (
    "co_locate",
    "pathway",
    "formalise",
    "refer_back",
    "add_offer",
    "second_worker",
    "new_service",
)
COSTS: tuple[str, ...] = ("low", "medium", "high")
#: Kinds whose `target` names service types, and those whose target names offer tags.
_TYPED = {"co_locate", "new_service", "pathway"}
_TAGGED = {"add_offer"}
COLUMNS = (
    ["id", "change", "answers", "cost", "title", "based_on"],
    ["target", "offers", "place"],
)
COMMUNITY = "drug_alcohol_treatment"


@dataclass(frozen=True)
class Remedy:
    """One row of remedies.csv: a kind of change, what it answers, its cost and its example.

    `answers` holds finding categories (`missed_opportunity`) or a category and a subject
    (`standards_gap:womens-centre-link`); a bare `standards_gap` answers any standard.
    `title` may name `{service}`, `{treatment}` and `{area}`.
    """

    id: str
    change: str
    target: tuple[str, ...]
    answers: tuple[str, ...]
    cost: str
    title: str
    based_on: str
    place: str = ""
    line: int = 0
    #: Offer tags the treatment service gains with a co-location (an IDVA in the team).
    offers: tuple[str, ...] = ()

    def answers_finding(self, f: Finding) -> bool:
        return f.category in self.answers or f"{f.category}:{f.subject_id}" in self.answers


@dataclass(frozen=True)
class Candidate:
    """A remedy made concrete: the scenario it is on this map, and the service it is about
    (and, for a change to one link, that link's `from->to`, so that two links from the same
    service are two candidates with two ids)."""

    remedy: Remedy
    scenario: Scenario
    service: str = ""
    link: str = ""

    @property
    def id(self) -> str:
        about = self.link or self.service
        return f"{self.remedy.id}:{about}" if about else self.remedy.id


def parse_remedies(data: bytes, file: str = "remedies.csv") -> tuple[Remedy, ...]:
    """Read remedies.csv; raises `MapError` with every problem as `FILE:LINE: …`."""
    problems = Problems()
    table = read_table(data, file, problems, required=COLUMNS[0], optional=COLUMNS[1])
    out: list[Remedy] = []
    seen: dict[str, int] = {}
    for row in table.rows if table else []:
        c = Cells(file, row, problems, [*COLUMNS[0], *COLUMNS[1]])
        rid = c.required("id")
        change = c.choice("change", CHANGES, "a kind of change the plan can make")
        cost = c.choice("cost", COSTS, "a cost (low, medium or high)")
        title, based_on = c.required("title"), c.required("based_on")
        answers = tuple(a.strip() for a in c.required("answers").split(";") if a.strip())
        target = tuple(t.strip() for t in c.text("target").split(";") if t.strip())
        if change in _TYPED - {"pathway"} and not target:
            c.error(f"'{change}' needs a target: the type of service it is about")
        choices = SERVICE_TYPES if change in _TYPED else OFFER_TAGS if change in _TAGGED else ()
        for t in target if choices else ():
            if t not in choices:
                what = "service type" if change in _TYPED else "offer tag"
                c.error(f"target '{t}' is not a {what}")
        offers = tuple(t.strip() for t in c.text("offers").split(";") if t.strip())
        for t in offers:
            if t not in OFFER_TAGS:
                c.error(f"offers '{t}' is not an offer tag")
        if rid in seen:
            c.error(f"id '{rid}' is already used on line {seen[rid]}; ids must be unique")
        seen.setdefault(rid, row.line)
        if c.ok:
            out.append(
                Remedy(
                    rid,
                    change,
                    target,
                    answers,
                    cost,
                    title,
                    based_on,
                    c.text("place"),
                    row.line,
                    offers,
                )
            )
    if problems.has_errors:
        raise MapError(problems.items)
    return tuple(out)


def read_remedies(path: str | Path = REMEDIES_FILE) -> tuple[Remedy, ...]:
    """The remedies in `path` (default: the shipped data/remedies.csv)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        why = f"cannot be read ({exc.strerror or exc}); check the path"
        raise MapError([Problem(p.name, 1, why)]) from exc
    return parse_remedies(data, p.name)


# --- candidates -----------------------------------------------------------------------------


class _Area:
    """What the candidates of one area need to know of the map, looked up once."""

    def __init__(self, smap: ServiceMap, area: str):
        self.area = area
        self.services = {s.id: s for s in smap.services}
        self.local = [s for s in smap.services if s.area == area]
        self.treatment = [s for s in self.local if s.type == COMMUNITY]
        self.links = smap.links
        self.position = {s.id: i for i, s in enumerate(smap.services)}

    def name(self, sid: str) -> str:
        return self.services[sid].name

    def touchpoint(self, sid: str) -> bool:
        s = self.services.get(sid)
        return s is not None and s.area == self.area and s.type not in TREATMENT_TYPES

    def co_located(self, a: str, b: str) -> bool:
        return any(k.kind == "co_location" and {k.source, k.target} == {a, b} for k in self.links)


def _title(remedy: Remedy, here: _Area, service: str = "", treat: str = "") -> str:
    """The remedy's title for this area: `{treatment}` is `treat` when the change is with
    one treatment service, else the area's community treatment (counted when over two)."""
    many = len(here.treatment) > 2
    treatment = (
        here.name(treat)
        if treat
        else f"the {len(here.treatment)} community treatment services in {here.area}"
        if many
        else join_words([s.name for s in here.treatment]) or "treatment"
    )
    text = remedy.title.replace("{treatment}", treatment).replace("{area}", here.area)
    return text.replace("{service}", here.name(service) if service else "")


def _scenario(
    remedy: Remedy, here: _Area, service: str = "", treat: str = "", **tables: object
) -> Scenario:
    place = f" (as in {remedy.place})" if remedy.place else ""
    return Scenario(
        name=_title(remedy, here, service, treat),
        based_on=f"{remedy.based_on}{place}",
        **tables,  # type: ignore[arg-type]
    )


def candidates(
    smap: ServiceMap,
    findings: Sequence[Finding],
    area: str,
    remedies: Iterable[Remedy],
) -> list[Candidate]:
    """Every concrete change the remedies allow in `area`, given its findings now.

    A remedy is tried only where the area has a finding it answers. Candidates only add
    (links, offers, services); whether one closes anything is for the plan to measure.
    Cost: O(remedies × (services + links)).
    """
    here = _Area(smap, area)
    mine = [f for f in findings if f.area == area]
    out: list[Candidate] = []
    for remedy in remedies:
        answering = [f for f in mine if remedy.answers_finding(f)]
        if not answering:
            continue
        out += _MAKERS[remedy.change](remedy, here, answering)
    return out


def _co_locate(remedy: Remedy, here: _Area, _found: list[Finding]) -> list[Candidate]:
    if not here.treatment:
        return []
    treat = here.treatment[0]
    out = []
    for s in here.local:
        if s.type not in remedy.target or here.co_located(treat.id, s.id):
            continue
        link = Link(
            source=treat.id,
            target=s.id,
            kind="co_location",
            formal=True,
            notes=_title(remedy, here, s.id, treat.id),
        )
        gains = tuple(t for t in remedy.offers if t not in treat.offers)
        offers = (OfferChange(treat.id, gains),) if gains else ()
        sc = _scenario(remedy, here, s.id, treat.id, add_link=(link,), add_offers=offers)
        out.append(Candidate(remedy, sc, s.id))
    return out


def _pathway(remedy: Remedy, here: _Area, found: list[Finding]) -> list[Candidate]:
    """A written two-way referral with community treatment, for each touchpoint of the
    remedy's types (any, when it names none) that a route finding names."""
    if not here.treatment:
        return []
    treat = here.treatment[0]
    wanted: dict[str, None] = {}
    for f in found:
        if f.category == "standards_gap":
            continue
        sid = f.subject_id
        if here.touchpoint(sid) and (not remedy.target or here.services[sid].type in remedy.target):
            wanted[sid] = None
    out = []
    for sid in wanted:
        if any({k.source, k.target} == {sid, treat.id} and k.formal for k in here.links):
            continue
        link = Link(
            source=sid,
            target=treat.id,
            kind="referral",
            two_way=True,
            formal=True,
            notes="written two-way referral pathway",
        )
        sc = _scenario(remedy, here, sid, treat.id, add_link=(link,))
        out.append(Candidate(remedy, sc, sid))
    return out


def _formalise(remedy: Remedy, here: _Area, found: list[Finding]) -> list[Candidate]:
    """Each informal link (or every informal link into one service) a finding names, added
    again as a written one: the informal link stays, nothing is taken away. A link two
    findings name is one candidate."""
    out: dict[str, Candidate] = {}
    for f in found:
        one_link = ""
        if "->" in f.subject_id:
            source, _, target = f.subject_id.partition("->")
            links = [k for k in here.links if (k.source, k.target) == (source, target)]
            about, one_link = source, f.subject_id
        elif f.subject_id in here.services:
            links = [k for k in here.links if k.target == f.subject_id]
            about = f.subject_id
        else:
            continue
        links = [k for k in links if not k.formal]
        if not links:
            continue
        made = tuple(
            k.model_copy(update={"formal": True, "notes": "written agreement", "line": 0})
            for k in links
        )
        scenario = _scenario(remedy, here, about, add_link=made)
        candidate = Candidate(remedy, scenario, about, one_link)
        out.setdefault(candidate.id, candidate)
    return list(out.values())


def _refer_back(remedy: Remedy, here: _Area, found: list[Finding]) -> list[Candidate]:
    """For each treatment service a one-way finding names, a written referral back to each
    touchpoint that refers to it and gets nothing back (the analysis's own test)."""
    out = []
    for f in found:
        treat = f.subject_id
        sending = {
            k.source
            for k in here.links
            if k.target == treat
            and not k.both_ways
            and here.touchpoint(k.source)
            and here.services[k.source].type not in NOT_REFERRED_BACK
            and not any((x.source, x.target) == (treat, k.source) for x in here.links)
        }
        if treat not in here.services or not sending:
            continue
        made = tuple(
            Link(source=treat, target=s, kind="referral", formal=True, notes="refers back")
            for s in sorted(sending, key=here.position.__getitem__)
        )
        out.append(Candidate(remedy, _scenario(remedy, here, "", treat, add_link=made), treat))
    return out


def _add_offer(remedy: Remedy, here: _Area, _found: list[Finding]) -> list[Candidate]:
    changes = tuple(
        OfferChange(s.id, tuple(t for t in remedy.target if t not in s.offers))
        for s in here.treatment
        if any(t not in s.offers for t in remedy.target)
    )
    if not changes:
        return []
    return [Candidate(remedy, _scenario(remedy, here, add_offers=changes))]


def _new_id(here: _Area, base: str) -> str:
    sid, n = base, 2
    while sid in here.services:
        sid, n = f"{base}-{n}", n + 1
    return sid


def _second_worker(remedy: Remedy, here: _Area, found: list[Finding]) -> list[Candidate]:
    """A second post beside a service that routes hang on: a new service of the same type,
    with the same links and offers (a second worker, on the same terms as the first)."""
    out = []
    for f in found:
        s = here.services.get(f.subject_id)
        if f.category != "single_point_of_failure" or s is None or s.is_treatment:
            continue
        if s.area != here.area:
            continue
        new = _new_id(here, f"{s.id}-second")
        service = Service(
            id=new,
            name=f"{s.name} (second post)",
            type=s.type,
            area=s.area,
            provider=s.provider,
            women_only=s.women_only,
            offers=s.offers,
        )
        links = tuple(
            k.model_copy(
                update={
                    "source": new if k.source == s.id else k.source,
                    "target": new if k.target == s.id else k.target,
                    "line": 0,
                    "extra": {},
                }
            )
            for k in here.links
            if s.id in (k.source, k.target)
        )
        sc = _scenario(remedy, here, s.id, add_service=(service,), add_link=links)
        out.append(Candidate(remedy, sc, s.id))
    return out


def _new_service(remedy: Remedy, here: _Area, _found: list[Finding]) -> list[Candidate]:
    if not here.treatment:
        return []
    out = []
    for kind in remedy.target:
        if any(s.type == kind for s in here.local):
            continue
        slug = "".join(ch if ch.isalnum() else "-" for ch in here.area.lower()).strip("-")
        new = _new_id(here, f"{slug or 'area'}-new-{kind.replace('_', '-')}")
        service = Service(
            id=new,
            name=f"New {type_label(kind).lower()} service ({here.area})",
            type=kind,
            area=here.area,
            women_only=True,
        )
        link = Link(
            source=new,
            target=here.treatment[0].id,
            kind="referral",
            two_way=True,
            formal=True,
            notes="written two-way referral pathway",
        )
        sc = _scenario(remedy, here, add_service=(service,), add_link=(link,))
        out.append(Candidate(remedy, sc, new))
    return out


_MAKERS = {
    "co_locate": _co_locate,
    "pathway": _pathway,
    "formalise": _formalise,
    "refer_back": _refer_back,
    "add_offer": _add_offer,
    "second_worker": _second_worker,
    "new_service": _new_service,
}
