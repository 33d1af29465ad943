"""`mapview.area_view` on many random sheets, against its definition written out row by row:
the area's services (and those with no area), the links with an end among them by id or by
name, and the links neither of whose ends is a service; the same with `link_ends` kept."""

from __future__ import annotations

import random

from journeymap.read.mapedit import EDITABLE, Sheet
from journeymap.read.mapview import area_view, link_ends
from journeymap.vocab import NATIONAL

SERVICE_COLUMNS = tuple(c for part in EDITABLE["services.csv"] for c in part)
LINK_COLUMNS = tuple(c for part in EDITABLE["links.csv"] for c in part)


def sheet(columns: tuple[str, ...], rows: list[dict[str, str]]) -> Sheet:
    return Sheet(columns, tuple(tuple(r.get(c, "") for c in columns) for r in rows))


def by_definition(services: list[dict[str, str]], links: list[dict[str, str]], area: str):
    def here(s: dict[str, str]) -> bool:
        if not s["area"]:
            return True
        return s["area"].lower() == NATIONAL if area.lower() == NATIONAL else s["area"] == area

    mine = [p for p, s in enumerate(services) if here(s)]
    ends = {services[p][c] for p in mine for c in ("id", "name")} - {""}
    known = {s[c] for s in services for c in ("id", "name")} - {""}
    touching = [
        p
        for p, k in enumerate(links)
        if k["from"] in ends or k["to"] in ends or (k["from"] not in known and k["to"] not in known)
    ]
    return tuple(mine), tuple(touching)


def test_an_areas_rows_are_those_of_the_definition_on_random_sheets() -> None:
    rng = random.Random(7)
    for _ in range(200):
        services = [
            {
                "id": rng.choice([f"s{i}", f"s{i}", ""]),
                "name": rng.choice([f"Name {i}", f"Name {i % 3}", ""]),
                "area": rng.choice(["A", "B", "national", "National", ""]),
            }
            for i in range(rng.randint(0, 12))
        ]
        texts = [s[c] for s in services for c in ("id", "name")] + ["nowhere", ""]
        links = [
            {"from": rng.choice(texts), "to": rng.choice(texts)} for _ in range(rng.randint(0, 20))
        ]
        s_sheet, l_sheet = sheet(SERVICE_COLUMNS, services), sheet(LINK_COLUMNS, links)
        ends = link_ends(s_sheet, l_sheet)
        for area in ("A", "B", "national", "Nowhere"):
            view = area_view(s_sheet, l_sheet, area)
            assert (view.services, view.links) == by_definition(services, links, area)
            assert area_view(s_sheet, l_sheet, area, ends) == view
