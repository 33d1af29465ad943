"""How the board report and the exports scale: the demo map's two areas copied ten times (20
areas, 614 services, 1,243 links), timed as medians of three runs and compared with the demo
itself. The numbers in the README come from this test (run it with -s to see them)."""

import statistics
import time

import pytest

from journeymap import build_graph, load_map
from journeymap.models import ServiceMap
from journeymap.outputs.brief import board_report
from journeymap.outputs.export import export_bytes

COPIES = 10


def scaled(demo: ServiceMap, copies: int) -> ServiceMap:
    """`copies` renamed copies of the demo's local areas, sharing its national services."""
    national = {s.id for s in demo.services if s.is_national}

    def rid(i: int, sid: str) -> str:
        return sid if sid in national else f"c{i}-{sid}"

    services = [s for s in demo.services if s.is_national]
    links = [k for k in demo.links if k.source in national and k.target in national]
    for i in range(copies):
        services += [
            s.model_copy(update={"id": rid(i, s.id), "area": f"{s.area} {i}"})
            for s in demo.services
            if not s.is_national
        ]
        links += [
            k.model_copy(update={"source": rid(i, k.source), "target": rid(i, k.target)})
            for k in demo.links
            if not (k.source in national and k.target in national)
        ]
    return ServiceMap(
        services=tuple(services),
        links=tuple(links),
        standards=demo.standards,
        personas=demo.personas,
    )


def median_seconds(run, times: int = 3) -> float:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


@pytest.fixture(scope="module")
def maps():
    demo = load_map("data/demo")
    big = scaled(demo, COPIES)
    return (demo, build_graph(demo)), (big, build_graph(big))


def test_board_report_of_one_area_stays_quick_on_a_large_map(maps):
    (demo, G), (big, H) = maps
    small = median_seconds(lambda: board_report(demo, G, [], areas=["Fenmoor"]))
    large = median_seconds(lambda: board_report(big, H, [], areas=["Fenmoor 0"]))
    print(
        f"\nboard report, one area: demo {small * 1000:.0f} ms, {len(big.services)} services "
        f"{large * 1000:.0f} ms (x{large / small:.1f} for x{len(big.services) / 65:.0f} services)"
    )
    assert large < 5.0  # a guard against an accidentally quadratic report, not a target


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "kumu", "xlsx"])
def test_exports_of_a_large_map(maps, fmt):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    (demo, _), (big, _) = maps
    small = median_seconds(lambda: export_bytes(demo, fmt, []))
    large = median_seconds(lambda: export_bytes(big, fmt, []))
    print(
        f"\n{fmt}: demo {small * 1000:.0f} ms, {len(big.services)} services "
        f"{large * 1000:.0f} ms (x{large / small:.1f})"
    )
    assert large < 30.0  # a guard against an accidentally quadratic writer, not a target
