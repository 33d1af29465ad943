"""How long does `journeymap plan` take? The demo map, and one synthetic 300-service area.

    python benchmarks/bench_plan.py --repeat 3

Each run is `journeymap plan MAP --area A --out DIR` as a command (Python start-up, loading,
every candidate change analysed, the comparisons and the files written), in a fresh process;
the figure is the median of `--repeat` runs, with and without `--quick`. The synthetic map
is written first with `journeymap synth --areas 1 --per-area 300 --seed 1` (not timed).
Targets (issue 17): the demo plan under 10 s, a 300-service area under 60 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _jm(*args: str) -> list[str]:
    return [sys.executable, "-m", "journeymap", *args]


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-area", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        synth = Path(tmp) / "synth"
        subprocess.run(
            _jm(
                "synth",
                "--areas",
                "1",
                "--per-area",
                str(args.per_area),
                "--seed",
                "1",
                "--out",
                str(synth),
            ),
            check=True,
            capture_output=True,
        )
        area = next(
            line.split(",")[3]
            for line in (synth / "services.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
            if ",national," not in line
        )
        cases = [
            ("demo map, Fenmoor", str(ROOT / "data" / "demo"), "Fenmoor"),
            (f"synthetic, {args.per_area} services", str(synth), area),
        ]
        print("| map | plan (s) | plan --quick (s) |")
        print("|---|---|---|")
        for label, folder, name in cases:
            row = []
            for quick in ([], ["--quick"]):
                cmd = _jm("plan", folder, "--area", name, "--out", str(Path(tmp) / "out"), *quick)
                row.append(statistics.median(_time(cmd) for _ in range(args.repeat)))
            print(f"| {label} | {row[0]:.1f} | {row[1]:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
