"""A draft specification for the next tender: what a provider must answer, from the map.

The CJI guide's tendering section asks commissioners to write women's needs into the
specification: how a provider will support women, overcome the barriers they meet, reach
women who do not come in, and which referral pathways it will hold. This module turns an
area's gaps into those requirements: one clause per standard not met or partly met, one per
group of women (persona) without a safe route, one per barrier women named, and one for the
services women use that have no route in. Every clause cites its source, and the words are
the commissioner's to edit: the output is plain Word (python-docx) or Markdown.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
from docx import Document

from journeymap.analyse.standards import scorecard
from journeymap.labels import BARRIER_ROWS, join_words, type_label
from journeymap.models import Finding, ServiceMap

__all__ = ["Clause", "Spec", "make_spec", "spec_docx", "spec_markdown"]

SECTIONS: tuple[str, ...] = (
    "Standards the service will meet",
    "Groups of women the service will reach",
    "Barriers women named, and how the service will overcome them",
    "Outreach and referral pathways",
)


@dataclass(frozen=True)
class Clause:
    """One requirement: its section, its number within the specification, its words and
    where they come from."""

    section: str
    number: str
    text: str
    source: str


@dataclass(frozen=True)
class Spec:
    area: str
    date: str
    clauses: tuple[Clause, ...]

    @property
    def title(self) -> str:
        return f"Draft specification: drug and alcohol treatment for women in {self.area}"

    @property
    def intro(self) -> str:
        return (
            f"A draft for the next tender, drawn from the map of {self.area}'s services on "
            f"{self.date}. Each requirement says what a provider must describe in its bid and "
            "where the requirement comes from. Edit it freely: it is a starting point, not "
            "the final wording."
        )


def _standard_clauses(smap: ServiceMap, G: nx.MultiDiGraph, area: str) -> list[tuple[str, str]]:
    out = []
    for r in scorecard(smap, G, area):
        if r.state not in ("not_met", "partly"):
            continue
        now = f" Today {r.label}: {r.why.rstrip('.')}." if r.why else f" Today {r.label}."
        hint = f" {r.standard.suggestion}" if r.standard.suggestion else ""
        text = (
            f"{r.standard.standard} The provider will describe how it will meet this "
            f"standard from the start of the contract.{now}{hint}"
        )
        out.append((text, r.standard.source))
    return out


def _persona_clauses(findings: Sequence[Finding], smap: ServiceMap) -> list[tuple[str, str]]:
    personas = {p.id: p for p in smap.personas}
    out = []
    for f in findings:
        if f.category != "persona_gap":
            continue
        p = personas.get(f.subject_id)
        kinds = join_words([_lower(type_label(t)) for t in p.entry_types]) if p else ""
        where = f" from the places she already goes ({kinds})" if kinds else ""
        text = (
            f"{f.subject_name}: the provider will describe how it will offer her a safe route "
            f"into treatment{where}, and what it will offer her when she arrives. {f.finding}"
        )
        out.append((text, f.source))
    return out


def _lower(label: str) -> str:
    """'Children's social care' → 'children's social care', but 'GP practice' stays."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _barrier_clauses(findings: Sequence[Finding]) -> list[tuple[str, str]]:
    """One clause per barrier women named (not one per service), with the remedy the seeds
    give for it, naming the services where it was met."""
    where: dict[str, list[str]] = {}
    for f in findings:
        if f.category == "journey_barrier" and ":" in f.subject_id:
            code = f.subject_id.rsplit(":", 1)[1]
            where.setdefault(code, []).append(f.subject_name)
    out = []
    for code, places in where.items():
        row = BARRIER_ROWS.get(code)
        if row is None:
            continue
        text = (
            f"Women said: “{row.label}” (at {join_words(sorted(set(places)))}). The provider "
            f"will describe how it will overcome this barrier. {row.remedy}"
        )
        out.append((text, row.source))
    return out


def _pathway_clauses(findings: Sequence[Finding]) -> list[tuple[str, str]]:
    cut_off = [f for f in findings if f.category == "missed_opportunity"]
    long = [f for f in findings if f.category == "long_pathway"]
    out = []
    if cut_off:
        names = join_words([f.subject_name for f in cut_off])
        out.append(
            (
                f"Women who come to {names} have no route into treatment today. The provider "
                "will describe the referral pathways it will hold with each of them (written, "
                "and running both ways), and the outreach it will do where women already go.",
                cut_off[0].source,
            )
        )
    if long:
        names = join_words([f.subject_name for f in long])
        out.append(
            (
                f"From {names} a woman is passed on three times or more before she reaches "
                "treatment. The provider will describe how it will shorten these routes, for "
                "example by a worker co-located where she already goes.",
                long[0].source,
            )
        )
    return out


def make_spec(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    findings: Sequence[Finding],
    area: str,
    today: dt.date | None = None,
) -> Spec:
    """The draft specification for `area`. Cost: a scorecard of the area, then linear in
    its findings."""
    mine = [f for f in findings if f.area == area]
    parts = (
        _standard_clauses(smap, G, area),
        _persona_clauses(mine, smap),
        _barrier_clauses(mine),
        _pathway_clauses(mine),
    )
    clauses = [
        Clause(section, f"{s}.{i}", text, source)
        for s, (section, items) in enumerate(zip(SECTIONS, parts, strict=True), 1)
        for i, (text, source) in enumerate(items, 1)
    ]
    day = today or dt.date.today()
    return Spec(area, f"{day.day} {day:%B %Y}", tuple(clauses))


def spec_markdown(spec: Spec) -> str:
    """The specification as Markdown: headings, numbered clauses, each with its source."""
    out = [f"# {spec.title}", "", spec.intro, ""]
    for s, section in enumerate(SECTIONS, 1):
        mine = [c for c in spec.clauses if c.section == section]
        out += [f"## {s}. {section}", ""]
        if not mine:
            out += ["Nothing the map shows is missing here.", ""]
        for c in mine:
            out += [f"**{c.number}** {c.text}", "", f"*Source: {c.source}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def spec_docx(spec: Spec) -> bytes:
    """The specification as a plain Word document (built-in styles only, so it takes the
    council's own template when pasted or restyled)."""
    doc = Document()
    doc.core_properties.title = spec.title
    doc.add_heading(spec.title, level=0)
    doc.add_paragraph(spec.intro)
    for s, section in enumerate(SECTIONS, 1):
        doc.add_heading(f"{s}. {section}", level=1)
        mine = [c for c in spec.clauses if c.section == section]
        if not mine:
            doc.add_paragraph("Nothing the map shows is missing here.")
        for c in mine:
            para = doc.add_paragraph()
            para.add_run(f"{c.number} ").bold = True
            para.add_run(c.text)
            doc.add_paragraph().add_run(f"Source: {c.source}").italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
