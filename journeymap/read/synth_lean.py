"""A synthetic map with lean cells: the same kind of map as `synth`, written as tersely as the
contract allows.

Why: a benchmark that divides journeymap's time by the time pandas takes to read the same
files can be helped by files that are slow to read. `synth`'s services carry long ids, names,
providers, coordinates, references and an offer list on most rows; a council's own list may
hold little more than the required columns. This writes the map `synth` lays out (the same
areas, types, links and journeys) with short ids (`s1`, `s2`, …) and names, only the columns
the analyses read (no provider, coordinates, notes or references), and offers kept only on
treatment services, where the analyses look for them. The floor is then about a third of
`synth`'s, so the ratio cannot lean on it (benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.vocab import TREATMENT_TYPES

__all__ = ["LEAN_JOURNEY_FIELDS", "LEAN_LINK_FIELDS", "LEAN_SERVICE_FIELDS", "lean_rows"]

LEAN_SERVICE_FIELDS = ["id", "name", "type", "area", "women_only", "offers"]
LEAN_LINK_FIELDS = ["from", "to", "kind", "two_way", "formal"]
LEAN_JOURNEY_FIELDS = ["journey", "step", "service", "place", "stage", "barriers"]


def lean_rows(
    services: Sequence[Sequence[str]],
    links: Sequence[Sequence[str]],
    steps: Sequence[Sequence[str]],
) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """`synth`'s rows (services in `SERVICE_FIELDS` order, links in `LINK_FIELDS` order,
    journey steps in `JOURNEY_FIELDS` order) rewritten lean, ids renamed throughout.
    Cost: linear in the rows."""
    short = {row[0]: f"s{i + 1}" for i, row in enumerate(services)}
    lean_services = [
        [
            short[sid],
            f"S{i + 1}",
            stype,
            area,
            women_only,
            offers if stype in TREATMENT_TYPES else "",
        ]
        for i, (sid, _name, stype, area, _provider, women_only, offers, *_rest) in enumerate(
            services
        )
    ]
    lean_links = [
        [short[a], short[b], kind, two_way, formal] for a, b, kind, two_way, formal, *_ in links
    ]
    lean_steps = [
        [code, number, short.get(service, ""), place, stage, barriers]
        for code, number, service, place, stage, _feeling, barriers, *_ in steps
    ]
    return lean_services, lean_links, lean_steps
