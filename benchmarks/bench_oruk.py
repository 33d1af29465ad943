"""How long `journeymap import-oruk` takes on a council-sized feed saved as one JSON file.

A real council's Open Referral UK 1.0 feed holds 740–820 services, almost all with HTML
descriptions and some with pasted base64 images of 100,000+ characters. This script makes such
a feed from the labelled test fixture (tests/data/oruk_feed.json, 206 services, repeated with
new ids and names to `--services`, and one pasted image in every 50 services), saves it as one
file, then times, `--repeat` times:

- `import + write (in process)`: `import_oruk` (reading, HTML to text, typing, checking the
  map against the contract) and `write_map` plus `left-out.csv`, in this process;
- `journeymap import-oruk (command)`: the whole command, Python start-up and imports included.

    python benchmarks/bench_oruk.py                    # 820 services, median of 5
    python benchmarks/bench_oruk.py --services 200 --repeat 1   # quick

Prints the median and the slowest run of each, in seconds of wall time, and the median CPU
time (on a shared machine the wall time also counts waiting for a core; the CPU time does not).
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
FIXTURE = ROOT / "tests" / "data" / "oruk_feed.json"
COMMAND = (sys.executable, "-m", "journeymap", "import-oruk")
PASTED = '<p><img src="data:image/png;base64,' + "iVBORw0KGgo" * 13_000 + '" /></p>'


def make_feed(services: int, folder: Path) -> Path:
    """One ORUK 1.0 page of `services` services, shaped like the fixture's."""
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))["content"]
    items = []
    for n in range(services):
        item = dict(base[n % len(base)])
        copy = n // len(base)
        item["id"] = f"{item['id']}-{copy}"
        item["name"] = f"{item['name']} ({copy + 1})" if copy else item["name"]
        if n % 50 == 7:
            item["description"] = PASTED + str(item["description"])
        items.append(item)
    feed = folder / "feed.json"
    page = {"totalElements": services, "totalPages": 1, "number": 1, "content": items}
    feed.write_text(json.dumps(page), encoding="utf-8")
    return feed


def _in_process(feed: Path, out: Path) -> tuple[float, float]:
    from journeymap.read.atomic import write_atomic
    from journeymap.read.oruk import import_oruk
    from journeymap.read.oruk_summary import LEFT_OUT, left_out_csv
    from journeymap.read.write import write_map

    start, cpu = time.perf_counter(), time.process_time()
    result = import_oruk(feed, area="Brackenford")
    write_map(result.smap, out)
    write_atomic(out / LEFT_OUT, left_out_csv(result.left_out))
    return time.perf_counter() - start, time.process_time() - cpu


def _command(feed: Path, out: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*COMMAND, str(feed), "--out", str(out), "--area", "Brackenford", "--force"],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=820)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feed = make_feed(args.services, Path(tmp))
        size = feed.stat().st_size
        print(f"feed: {args.services} services, {size / 1e6:.1f} MB, one JSON file")
        _in_process(feed, Path(tmp) / "warm")  # the first run pays for imports
        for label, run in (
            ("import + write (in process)", _in_process),
            ("journeymap import-oruk (command)", _command),
        ):
            runs = [run(feed, Path(tmp) / f"out{i}") for i in range(args.repeat)]
            wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
            print(
                f"{label:34} median {statistics.median(wall):.2f} s (slowest "
                f"{max(wall):.2f} s); CPU time median {statistics.median(cpu):.2f} s"
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
