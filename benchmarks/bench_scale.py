"""How fast is journeymap on maps of 1, 10 and 150 areas? A plain script: no special tools.

    python benchmarks/bench_scale.py --areas 1 10 150 --per-area 300 --repeat 5

For each size it writes a synthetic map (`journeymap synth`, not timed), then runs each
measurement `--repeat` times, every run in a fresh Python process so that nothing is cached
between runs and the memory figure is that run's own:

- floor: pandas reading the same CSV files (dtype=str, keep_default_na=False) and nothing
  else: the least any tool that reads these files must spend;
- load, graph: `load_map` (every cell checked) and `build_graph`;
- each analysis of `journeymap.analyse.ANALYSES`, alone on a freshly built graph (so each
  pays for whatever it shares with others, such as the search from treatment);
- report: load + graph + every analysis + the report CSV, as `journeymap report` does it
  (the analyses in one process per core, up to 4, from 1,000 services: `parallel.py`);
  peak memory is that process's peak resident size, and that of the largest of its worker
  processes (which counts the pages it shares with the first in full);
- cli: `journeymap report MAP --out F` run as a command, Python start-up included; and, in a
  run of its own, the peak memory of the command and its worker processes together, each
  shared page counted once (psutil's proportional set size, sampled every 0.1 s).

Each figure is the median of the runs, in seconds and as a multiple of the floor. The table
is printed (and written with `--out`) in Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes or KiB


def worker(folder: str) -> dict[str, float]:
    """One run in this (fresh) process: the whole report first, then the parts."""
    from journeymap.analyse import ANALYSES, find_gaps
    from journeymap.graph.build import build_graph
    from journeymap.outputs.report import report_csv
    from journeymap.read.load import load_map
    from journeymap.runtime.gcpause import gc_paused
    from journeymap.runtime.parallel import auto_workers

    out: dict[str, float] = {}
    first = time.perf_counter()
    smap = load_map(folder)
    loaded = time.perf_counter()
    G = build_graph(smap)
    built = time.perf_counter()
    workers = auto_workers(len(smap.services))
    findings = find_gaps(smap, G, workers=workers)
    data = report_csv(findings)
    done = time.perf_counter()
    out["peak_mib"] = _peak_mib()
    out["worker_peak_mib"] = _peak_mib(resource.RUSAGE_CHILDREN)
    out["workers"] = workers
    out["report"] = done - first
    out["findings"] = len(findings)
    out["report_bytes"] = len(data)
    out["services"], out["links"] = len(smap.services), len(smap.links)
    del G, findings, data

    import pandas as pd  # after the memory figure: journeymap report does not load pandas

    files = sorted(Path(folder).glob("*.csv"))
    start = time.perf_counter()
    for path in files:
        pd.read_csv(path, dtype=str, keep_default_na=False)
    out["floor"] = time.perf_counter() - start

    start = time.perf_counter()
    smap = load_map(folder)
    out["load"] = time.perf_counter() - start
    start = time.perf_counter()
    build_graph(smap)
    out["graph"] = time.perf_counter() - start
    out["load (first run)"], out["graph (first run)"] = loaded - first, built - loaded
    for name, analysis in ANALYSES.items():
        G = build_graph(smap)  # fresh, so nothing is shared from the analysis before
        with gc_paused():
            start = time.perf_counter()
            analysis(smap, G)
            out[f"analysis: {name}"] = time.perf_counter() - start
    G = build_graph(smap)
    start = time.perf_counter()
    report_csv(find_gaps(smap, G))
    out["all analyses + csv, one process"] = time.perf_counter() - start
    G = build_graph(smap)
    start = time.perf_counter()
    report_csv(find_gaps(smap, G, workers=workers))
    out["all analyses + csv"] = time.perf_counter() - start
    return out


def run_worker(folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark run failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


def run_cli(folder: Path, out: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "journeymap", "report", str(folder), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"journeymap report failed:\n{done.stderr}")
    return elapsed


def cli_memory_mib(folder: Path, out: Path) -> float:
    """The peak memory of `journeymap report` and its worker processes together, each page
    counted once (the sum of psutil's proportional set sizes, sampled every 0.1 s), in a run of
    its own: sampling takes CPU that would slow a timed run."""
    import psutil

    command = [sys.executable, "-m", "journeymap", "report", str(folder), "--out", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    try:
        main = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                every = [main, *main.children(recursive=True)]
                peak = max(peak, sum(p.memory_full_info().pss for p in every))
            except psutil.Error:
                pass  # a process ended while it was being read
            time.sleep(0.1)
    finally:
        proc.wait()
    if proc.returncode != 0:
        raise SystemExit("journeymap report failed (run it by hand to see why)")
    return peak / (1024 * 1024)


def measure(areas: int, per_area: int, repeat: int, seed: int, work: Path) -> dict[str, float]:
    from journeymap.read.synth import write_synth

    folder = work / f"map-{areas}x{per_area}"
    write_synth(folder, areas, per_area, seed)
    runs = [run_worker(folder) for _ in range(repeat)]
    cli = [run_cli(folder, work / "gaps.csv") for _ in range(repeat)]
    medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    medians["cli_pss_mib"] = cli_memory_mib(folder, work / "gaps.csv")
    medians["cli"] = statistics.median(cli)
    medians["load_avg"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return medians


ORDER_FIRST = ["floor", "load", "graph"]
ORDER_LAST = ["all analyses + csv, one process", "all analyses + csv", "report", "cli"]


def table(results: dict[int, dict[str, float]], per_area: int, repeat: int) -> str:
    sizes = sorted(results)
    first = results[sizes[0]]
    steps = [
        *ORDER_FIRST,
        *[k for k in first if k.startswith("analysis: ")],
        *ORDER_LAST,
    ]
    head = "| step | " + " | ".join(f"{n} × {per_area}: s | × floor" for n in sizes) + " |"
    rule = "|---|" + "---:|---:|" * len(sizes)
    lines = [head, rule]

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(f"{c} | " for c in cells) + "|"

    lines.append(
        row(
            "services / links",
            [f"{int(results[n]['services']):,} / {int(results[n]['links']):,}" for n in sizes],
        )
    )
    labels = {"report": "**whole report (in process)**", "cli": "**journeymap report (command)**"}
    for step in steps:
        cells = [
            f"{results[n][step]:.3f} | {results[n][step] / results[n]['floor']:.1f}×" for n in sizes
        ]
        lines.append(f"| {labels.get(step, step)} | " + " | ".join(cells) + " |")
    lines.append(row("processes for the analyses", [f"{results[n]['workers']:.0f}" for n in sizes]))
    lines.append(row("peak memory (report)", [f"{results[n]['peak_mib']:.0f} MiB" for n in sizes]))
    lines.append(
        row(
            "peak memory of a worker process (shared pages counted)",
            [f"{results[n]['worker_peak_mib']:.0f} MiB" for n in sizes],
        )
    )
    lines.append(
        row(
            "peak memory, the command and its workers together (each page once)",
            [f"{results[n]['cli_pss_mib']:.0f} MiB" for n in sizes],
        )
    )
    lines.append(row("findings", [f"{int(results[n]['findings']):,}" for n in sizes]))
    lines.append(row("load average at the end", [f"{results[n]['load_avg']:.1f}" for n in sizes]))
    notes = [
        "",
        f"Medians of {repeat} runs, each in a fresh process. `× floor`: the step's time over the "
        "time pandas takes to read the same CSV files.",
    ]
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        growth = results[b]["report"] / results[a]["report"]
        notes.append(
            f"Whole report, {a} → {b} areas: {b / a:.0f}× the areas took {growth:.1f}× the time."
        )
    return "\n".join(lines + notes) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--areas", type=int, nargs="+", default=[1, 10, 150])
    parser.add_argument("--per-area", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="also write the Markdown table to this file")
    parser.add_argument("--json", help="also write the medians as JSON")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    results = {}
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as tmp:
        for n in args.areas:
            print(f"{n} areas × {args.per_area} services …", file=sys.stderr, flush=True)
            results[n] = measure(n, args.per_area, args.repeat, args.seed, Path(tmp))
    text = table(results, args.per_area, args.repeat)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
