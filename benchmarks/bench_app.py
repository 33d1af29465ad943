"""How long the app takes to rerun when a commissioner changes a filter or a page.

Runs the real app headless with Streamlit's AppTest (the whole script, every widget, every
chart built), on the demo map and on a synthetic area of 500 services, and reports the median
of several reruns for each interaction. The first run (reading the files and finding the
gaps, then cached) is reported apart. AppTest adds its own overhead, so these are upper
bounds of what the server spends; the browser's drawing time is not included.

    python benchmarks/bench_app.py            # demo map and a 500-service area
    python benchmarks/bench_app.py --repeat 9 --services 0   # demo map only

Writes benchmarks/out/bench_app.json (git-ignored) as well as printing a table.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TYPES = [
    "gp",
    "pharmacy",
    "midwifery",
    "domestic_abuse",
    "womens_centre",
    "probation",
    "housing",
    "outreach",
    "mental_health",
    "childrens_social_care",
    "hospital",
    "other",
]


def synthetic_area(folder: Path, services: int, seed: int = 7) -> None:
    """One area of `services` services (3% treatment) with about 2.4 links each, seeded."""
    rng = random.Random(seed)
    rows = []
    for i in range(services):
        kind = "drug_alcohol_treatment" if i % 33 == 0 else rng.choice(TYPES)
        women = "yes" if rng.random() < 0.15 else "no"
        rows.append([f"s{i}", f"Big Area Service {i}", kind, "Bigshire", women])
    links = []
    for _ in range(int(services * 2.4)):
        a, b = rng.sample(range(services), 2)
        kind = rng.choices(["referral", "co_location", "joint_working"], [6, 1, 2])[0]
        links.append([f"s{a}", f"s{b}", kind, rng.choice(["yes", "no"]), rng.choice(["yes", "no"])])

    def write(name: str, header: list[str], body: list[list[str]]) -> None:
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(header)
        w.writerows(body)
        (folder / name).write_text(out.getvalue())

    folder.mkdir(parents=True, exist_ok=True)
    write("services.csv", ["id", "name", "type", "area", "women_only"], rows)
    write("links.csv", ["from", "to", "kind", "two_way", "formal"], links)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench(map_dir: Path | None, repeat: int, label: str) -> dict[str, object]:
    st.cache_data.clear()
    st.cache_resource.clear()
    sys.argv = ["app.py", *(["--map", str(map_dir)] if map_dir else [])]
    at = AppTest.from_file(APP, default_timeout=600)
    first = timed(at.run)
    assert not at.exception, at.exception
    areas = at.selectbox(key="overview_area").options

    def page(name: str) -> Callable[[], object]:
        return lambda: at.switch_page(f"journeymap/ui/pages/{name}.py").run()

    # warm every page once (positions and per-area figures are computed once, then cached)
    first_pages = {
        name: timed(page(name))
        for name in ("network", "gaps", "standards", "service", "scenarios", "edit")
    }
    page("overview")()

    results: dict[str, list[float]] = {}

    def record(name: str, action: Callable[[], object]) -> None:
        results.setdefault(name, []).append(timed(action))
        assert not at.exception, (name, at.exception)

    for i in range(repeat):
        area = areas[i % len(areas)]
        record(
            "overview: change area",
            lambda a=area: at.selectbox(key="overview_area").select(a).run(),
        )
        record("page: overview → network", page("network"))
        record(
            "network: formal links only", lambda: at.checkbox(key="network_formal").check().run()
        )
        record(
            "network: all links again", lambda: at.checkbox(key="network_formal").uncheck().run()
        )
        record("page: network → gaps", page("gaps"))
        record(
            "gaps: severity high",
            lambda: at.multiselect(key="gaps_severities").select("high").run(),
        )
        record(
            "gaps: all severities",
            lambda: at.multiselect(key="gaps_severities").unselect("high").run(),
        )
        record("page: gaps → standards", page("standards"))
        record("page: standards → service", page("service"))
        record("page: service → overview", page("overview"))
        record("page: overview → what if", page("scenarios"))
        record("page: what if → edit map", page("edit"))
        record("page: edit map → overview", page("overview"))
    medians = {name: statistics.median(times) for name, times in results.items()}
    every = [t for times in results.values() for t in times]
    return {
        "map": label,
        "repeat": repeat,
        "first_run_s": first,
        "first_visit_s": first_pages,
        "median_s": medians,
        "overall_median_s": statistics.median(every),
        "worst_median_s": max(medians.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--services", type=int, default=500, help="0 to skip the large area")
    parser.add_argument(
        "--map", type=Path, action="append", default=[], help="also measure this map folder"
    )
    args = parser.parse_args(argv)
    runs = [bench(None, args.repeat, "demo (65 services)")]
    for folder in args.map:
        runs.append(bench(folder, max(3, args.repeat // 2), str(folder)))
    if args.services:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "big"
            synthetic_area(folder, args.services)
            runs.append(bench(folder, max(3, args.repeat // 2), f"one area of {args.services}"))
    for run in runs:
        print(f"\n{run['map']}: first run {run['first_run_s']:.2f} s")
        for name, t in run["first_visit_s"].items():  # type: ignore[union-attr]
            print(f"  first visit to {name:<10} {t * 1000:7.0f} ms")
        for name, t in run["median_s"].items():  # type: ignore[union-attr]
            print(f"  {name:<32} {t * 1000:7.0f} ms (median of {run['repeat']})")
        print(f"  overall median rerun {run['overall_median_s'] * 1000:.0f} ms, "
              f"slowest interaction {run['worst_median_s'] * 1000:.0f} ms")  # fmt: skip
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_app.json").write_text(json.dumps(runs, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
