"""The optional tables of a map folder: areas.csv, and the checklists standards.csv and
personas.csv (the defaults in data/ when the folder brings none).

Each is read row by row through `Cells`, every problem told as FILE:LINE, like the map's own
services and links (`read.load`), which calls these.
"""

from __future__ import annotations

from journeymap.models import Area, Persona, Standard
from journeymap.problems import Problems
from journeymap.read.cells import Cells
from journeymap.read.csvtable import Table
from journeymap.read.fastload import made
from journeymap.read.rules import parse_rule
from journeymap.vocab import CIRCUMSTANCES, OFFER_TAGS, SERVICE_TYPES

__all__ = [
    "AREA_COLUMNS",
    "PERSONA_COLUMNS",
    "STANDARD_COLUMNS",
    "parse_areas",
    "parse_personas",
    "parse_standards",
]


def _known(columns: tuple[list[str], list[str]]) -> frozenset[str]:
    return frozenset((*columns[0], *columns[1]))


AREA_COLUMNS = (["area"], ["women_in_treatment", "estimated_women_need", "rural"])
STANDARD_COLUMNS = (["id", "standard", "source", "rule"], ["severity", "suggestion"])
PERSONA_COLUMNS = (
    ["id", "name", "entry_types"],
    ["description", "circumstance", "needs_any", "avoid_types", "source"],
)


def parse_areas(table: Table, problems: Problems) -> list[Area]:
    areas: list[Area] = []
    seen: dict[str, int] = {}
    known = _known(AREA_COLUMNS)
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        name = c.required("area")
        if name in seen:
            c.error(f"area '{name}' is listed twice (first on line {seen[name]})")
        seen.setdefault(name, row.line)
        in_treatment = c.integer("women_in_treatment", low=0)
        need = c.integer("estimated_women_need", low=0)
        rural = c.boolean("rural", default=None)
        if not c.ok:
            continue
        areas.append(
            made(
                Area,
                area=name,
                women_in_treatment=in_treatment,
                estimated_women_need=need,
                rural=rural,
                extra=c.extra(),
                line=row.line,
            )
        )
    return areas


def parse_standards(table: Table, problems: Problems) -> list[Standard]:
    standards: list[Standard] = []
    known = _known(STANDARD_COLUMNS)
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        sid, text, source = c.required("id"), c.required("standard"), c.required("source")
        rule, message = parse_rule(c.required("rule"))
        if message and c.text("rule"):
            c.error(message)
        severity = c.choice("severity", ("high", "medium", "low"), "a severity") or "medium"
        if not c.ok:
            continue
        standards.append(
            made(
                Standard,
                id=sid,
                standard=text,
                source=source,
                rule=rule,
                severity=severity,  # checked by choice()
                suggestion=c.text("suggestion"),
                line=row.line,
            )
        )
    return standards


def parse_personas(table: Table, problems: Problems) -> list[Persona]:
    personas: list[Persona] = []
    tags = (*OFFER_TAGS, "women_only")
    known = _known(PERSONA_COLUMNS)
    for row in table.rows:
        c = Cells(table.file, row, problems, known)
        pid, name = c.required("id"), c.required("name")
        entry = c.strict_list("entry_types", SERVICE_TYPES, "a service type")
        if not entry and c.text("entry_types") == "":
            c.required("entry_types")
        needs = c.strict_list("needs_any", tags, "an offer tag")
        avoid = c.strict_list("avoid_types", SERVICE_TYPES, "a service type")
        circumstance = c.choice("circumstance", CIRCUMSTANCES, "a circumstance")
        if not c.ok:
            continue
        personas.append(
            made(
                Persona,
                id=pid,
                name=name,
                description=c.text("description"),
                circumstance=circumstance,
                entry_types=entry,
                needs_any=needs,
                avoid_types=avoid,
                source=c.text("source"),
                line=row.line,
            )
        )
    return personas
