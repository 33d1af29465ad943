"""What a report of a national-scale map loads beyond the start-up (see test_startup.py): each
module is part of the time `journeymap report` takes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_report_on_the_fast_path_does_not_load_numpy_ma(tmp_path: Path) -> None:
    # np.unique imports numpy.ma on its first call (10-20 ms); fastreach.unique does not.
    code = (
        "import sys\n"
        "from journeymap.read.synth import write_synth\n"
        "from journeymap.read.load import load_map\n"
        "from journeymap.analyse import find_gaps\n"
        "from journeymap.graph import fastreach\n"
        f"write_synth({str(tmp_path)!r}, 8, 300, 3, lean=True)\n"
        f"smap = load_map({str(tmp_path)!r})\n"
        "assert len(smap.services) >= fastreach.SMALL, len(smap.services)\n"
        "findings = find_gaps(smap)\n"
        "print(len(findings) > 0, 'numpy' in sys.modules, 'numpy.ma' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "False"]
