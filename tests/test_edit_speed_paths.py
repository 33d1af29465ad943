"""The quick paths behind an edited cell on a national map give what the plain code gives:
`table_csv` joins a plainly written table at C speed (else quotes cell by cell), and
`map_changes` skips services and links equal in every field (and all the links when none
changed)."""

from __future__ import annotations

import random

from journeymap.models import Link, Service, ServiceMap
from journeymap.read import mapdiff, spreadsheet
from journeymap.read.mapdiff import map_changes
from journeymap.read.spreadsheet import table_csv

CELLS = ["a", "b c", "", "x,y", 'say "hi"', "two\nlines", "cr\r", "'quoted", "'=guarded", "=1"]


def cell_by_cell(header: list[str], rows: list[list[str]]) -> bytes:
    return "".join(spreadsheet._line(r) for r in [header, *rows]).encode()


def test_a_table_is_written_as_cell_by_cell_quoting_writes_it() -> None:
    rng = random.Random(3)
    plain_seen = 0
    for _ in range(500):
        width = rng.randint(1, 4)
        pool = CELLS[: rng.choice([3, len(CELLS)])]  # often only cells that need nothing
        header = [f"h{i}" for i in range(width)]
        rows = [[rng.choice(pool) for _ in range(width)] for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.1 and rows:
            rows[0] = rows[0][:-1]  # a short row
        plain_seen += spreadsheet._plainly([header, *rows], width) is not None
        assert table_csv(header, rows) == cell_by_cell(header, rows), (header, rows)
    assert plain_seen > 100


def test_changes_are_the_same_as_comparing_every_field(monkeypatch) -> None:
    rng = random.Random(9)
    for _ in range(100):
        services = [
            Service(id=f"s{i}", name=f"S{i}", type="gp", area="A", postcode=rng.choice(["", "AB1"]))
            for i in range(8)
        ]
        links = [
            Link(
                source=f"s{rng.randrange(8)}",
                target=f"s{rng.randrange(8)}",
                kind=rng.choice(["referral", "co_location"]),
                formal=rng.random() < 0.5,
            )
            for _ in range(10)
        ]
        old = ServiceMap(services=tuple(services), links=tuple(links))
        # Each model a copy, as a second reading of the files makes it: equal, not the same.
        new_services = [s.model_copy() for s in services]
        new_links = [k.model_copy() for k in links]
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(8)
            new_services[i] = new_services[i].model_copy(update={"name": f"New {i}"})
        if rng.random() < 0.5:
            j = rng.randrange(10)
            new_links[j] = new_links[j].model_copy(update={"formal": not new_links[j].formal})
        if rng.random() < 0.3:
            new_links.pop()
        new = ServiceMap(services=tuple(new_services), links=tuple(new_links))
        quick = map_changes(old, new)
        with monkeypatch.context() as every_field:  # no model taken as equal to another
            every_field.setattr(mapdiff, "vars", lambda model: {"never": object()}, raising=False)
            assert quick == map_changes(old, new)
    assert map_changes(old, old).empty
