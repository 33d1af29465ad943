"""The editable mapping of a directory's taxonomy terms to service types
(`data/oruk_type_map.csv`, or her own copy given with `--type-map`): the first thing the
Open Referral import asks of a service's terms, before any name or description rule."""

from __future__ import annotations

from pathlib import Path

from journeymap.labels import did_you_mean
from journeymap.problems import MapError, Problem, Problems
from journeymap.read.csvtable import read_table
from journeymap.read.oruk_records import term_key
from journeymap.read.oruk_typing import MEN_ONLY, WOMEN_ONLY
from journeymap.resources import DATA_DIR
from journeymap.vocab import SERVICE_TYPES

__all__ = ["TYPE_MAP", "read_type_map"]

#: The bundled mapping of taxonomy terms to service types; copy it to edit it (`--type-map`).
TYPE_MAP = DATA_DIR / "oruk_type_map.csv"


def read_type_map(path: str | Path | None = None) -> dict[str, str]:
    """The term → service type (or `women_only`, `men_only`) mapping from a CSV with columns
    `term, type`.

    Returns keys as `term_key` makes them. Raises `MapError` listing every bad row.
    Cost: one pass over the file.
    """
    path = Path(path) if path is not None else TYPE_MAP
    problems = Problems()
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(str(path), 1, f"cannot read the file: {exc.strerror or exc}")
        raise MapError([problem]) from exc
    table = read_table(data, str(path), problems, required=["term", "type"], optional=["note"])
    mapping: dict[str, str] = {}
    first: dict[str, int] = {}
    choices = (*SERVICE_TYPES, WOMEN_ONLY, MEN_ONLY)
    for row in table.rows if table else []:
        term, value = row.cells.get("term", ""), row.cells.get("type", "")
        target = "_".join(value.lower().replace("-", " ").split())
        if not term or not value:
            problems.error(str(path), row.line, "give both a term and a type")
            continue
        if target not in choices:
            fix = did_you_mean(value, choices, otherwise="a service type, women_only or men_only")
            problems.error(str(path), row.line, f"type '{value}' is not a service type{fix}")
            continue
        key = term_key(term)
        if key in mapping and mapping[key] != target:
            problems.error(
                str(path),
                row.line,
                f"term '{term}' is mapped to '{mapping[key]}' on line {first[key]} already",
            )
            continue
        mapping[key] = target
        first.setdefault(key, row.line)
    if problems.has_errors:
        raise MapError(problems.items)
    return mapping
