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

Before timing, the package's bytecode is written (`compileall`), as pip writes it when it
installs journeymap: in an editable install on a machine with PYTHONDONTWRITEBYTECODE set (the
CI machines set it) every command would otherwise compile each module it imports from source,
0.08–0.1 s of `check` on a national map. `--no-compile` measures without it.
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


FLOOR = """
import sys, time
from pathlib import Path
import pandas as pd
files = sorted(Path(sys.argv[1]).glob("*.csv"))
start = time.perf_counter()
for path in files:
    pd.read_csv(path, dtype=str, keep_default_na=False)
print(time.perf_counter() - start)
"""


def run_floor(folder: Path) -> float:
    """The floor in a process of its own (pandas imported first, not timed)."""
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, str(folder)], capture_output=True, text=True, check=True
    )
    return float(done.stdout)


def run_cli(folder: Path, out: Path, command: str = "report") -> float:
    """`journeymap report MAP --out F` (or `journeymap check MAP`) as a command, timed whole."""
    args = (
        ["report", str(folder), "--out", str(out)]
        if command == "report"
        else [command, str(folder)]
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "journeymap", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"journeymap {command} failed:\n{done.stderr}")
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


def measure(
    areas: int, per_area: int, repeat: int, seed: int, work: Path, lean: bool = False
) -> dict[str, float]:
    """One map size: the stage runs, and the floor and the commands side by side (floor,
    report, floor, check, each in a fresh process, `repeat` times), with the load average."""
    from journeymap.read.synth import write_synth

    folder = work / f"map-{areas}x{per_area}{'-lean' if lean else ''}"
    write_synth(folder, areas, per_area, seed, lean=lean)
    runs, floors, cli, check, loads = [], [], [], [], []
    for _ in range(repeat):
        floors.append(run_floor(folder))
        cli.append(run_cli(folder, work / "gaps.csv"))
        floors.append(run_floor(folder))
        check.append(run_cli(folder, work / "gaps.csv", "check"))
        runs.append(run_worker(folder))
        loads.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))
    medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    medians["cli_pss_mib"] = cli_memory_mib(folder, work / "gaps.csv")
    medians["cli"] = statistics.median(cli)
    medians["check"] = statistics.median(check)
    medians["floor (beside the commands)"] = statistics.median(floors)
    medians["load_avg"] = statistics.median(loads)
    medians["load_min"], medians["load_max"] = min(loads), max(loads)
    return medians


ORDER_FIRST = ["floor", "load", "graph"]
ORDER_LAST = ["all analyses + csv, one process", "all analyses + csv", "report"]
#: The commands, timed beside the floor measured in their own run (`measure`).
COMMANDS = ["floor (beside the commands)", "cli", "check"]


def table(
    results: dict[int, dict[str, float]], per_area: int, repeat: int, compiled: bool = True
) -> str:
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
    labels = {
        "report": "**whole report (in process)**",
        "cli": "**journeymap report (command)**",
        "check": "**journeymap check (command)**",
    }
    for step in [*steps, *COMMANDS]:
        floor = "floor (beside the commands)" if step in COMMANDS else "floor"
        cells = [
            f"{results[n][step]:.3f} | {results[n][step] / results[n][floor]:.1f}×" for n in sizes
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
    lines.append(
        row(
            "load average (1 min) over the runs: median (least–most)",
            [
                f"{results[n]['load_avg']:.1f} ({results[n]['load_min']:.1f}–"
                f"{results[n]['load_max']:.1f})"
                for n in sizes
            ],
        )
    )
    notes = [
        "",
        f"Medians of {repeat} runs, each in a fresh process. `× floor`: the step's time over the "
        "time pandas takes to read the same CSV files: for the stages, the floor measured in "
        "the same process; for the commands, the floor measured in a process of its own just "
        "before each command (floor, report, floor, check, in turn). "
        + (
            "The package's bytecode was written first, as pip writes it on install."
            if compiled
            else "Run with `--no-compile`: no bytecode written first."
        ),
    ]
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        growth = results[b]["report"] / results[a]["report"]
        notes.append(
            f"Whole report, {a} → {b} areas: {b / a:.0f}× the areas took {growth:.1f}× the time."
        )
    return "\n".join(lines + notes) + "\n"


def compile_package() -> None:
    """Write the bytecode of every module of journeymap, as `pip install` does."""
    import compileall

    import journeymap

    compileall.compile_dir(Path(journeymap.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--areas", type=int, nargs="+", default=[1, 10, 150])
    parser.add_argument("--per-area", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--maps",
        nargs="+",
        choices=["synth", "lean"],
        default=["synth", "lean"],
        help="which generators: synth's own maps, and the same kind with lean cells",
    )
    parser.add_argument("--lean-seed", type=int, default=7, help="seed of the lean maps (7)")
    parser.add_argument("--out", help="also write the Markdown table to this file")
    parser.add_argument("--json", help="also write the medians as JSON")
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not write the package's bytecode first (see the module's notes)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    if not args.no_compile:
        compile_package()
    tables: list[str] = []
    every: dict[str, dict[int, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as tmp:
        for kind in args.maps:
            lean = kind == "lean"
            seed = args.lean_seed if lean else args.seed
            results = every[kind] = {}
            for n in args.areas:
                print(
                    f"{kind}: {n} areas × {args.per_area} services …", file=sys.stderr, flush=True
                )
                results[n] = measure(n, args.per_area, args.repeat, seed, Path(tmp), lean)
            title = (
                f"### `journeymap synth --lean` (seed {seed}): lean cells"
                if lean
                else f"### `journeymap synth` (seed {seed})"
            )
            tables.append(
                f"{title}\n\n" + table(results, args.per_area, args.repeat, not args.no_compile)
            )
    text = "\n".join(tables)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(every, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
