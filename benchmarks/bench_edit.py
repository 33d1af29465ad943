"""How long a page rerun takes while a commissioner edits and saves the demo map.

Runs the real app headless with Streamlit's AppTest on a copy of the demo map in a temporary
folder, and times each interaction of the Edit map page as a rerun of the whole script: a cell
changed in the services table (sent as the browser sends it), a link added through the form,
Save (the files written, the history kept, and the page drawn again on the new map, whose
gaps are found afresh), the Network page after the save, and Undo. The median of `--repeat`
rounds is reported; AppTest adds its own overhead, so these are upper bounds of the server's
time, without the browser's drawing.

    python benchmarks/bench_edit.py              # 5 rounds
    python benchmarks/bench_edit.py --repeat 9

Writes benchmarks/out/bench_edit.json (git-ignored) as well as printing a table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from journeymap.read.load import load_map

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
EDIT = "journeymap/ui/pages/edit.py"
NETWORK = "journeymap/ui/pages/network.py"
LIMIT = 0.5


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _edit_cell(at: AppTest, value: str) -> None:
    editor = next(d for d in at.dataframe if (d.key or "").startswith("edit_services_"))
    states = at._tree.get_widget_states()
    delta = {"edited_rows": {"0": {"description": value}}}
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(delta)))
    at._run(states)


def _button(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()


def _add_link(at: AppTest, source: str, target: str, note: str) -> None:
    at.selectbox(key="link_from").set_value(source)
    at.selectbox(key="link_to").set_value(target)
    at.text_input(key="link_note").input(note)
    _button(at, "Add the link")


def bench(repeat: int) -> dict[str, list[float]]:
    st.cache_data.clear()
    st.cache_resource.clear()
    work = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    folder = work / "demo"
    shutil.copytree(ROOT / "data" / "demo", folder)
    argv, sys.argv = sys.argv, ["app.py", "--map", str(folder)]
    results: dict[str, list[float]] = {}
    try:
        at = AppTest.from_file(APP, default_timeout=600)
        at.run()
        at.switch_page(EDIT).run()
        ids = [s.id for s in load_map(folder).services]

        def record(name: str, action: Callable[[], object]) -> None:
            results.setdefault(name, []).append(timed(action))
            assert not at.exception, (name, [e.value for e in at.exception])

        for i in range(repeat):
            record("edit: change a cell", lambda i=i: _edit_cell(at, f"edited {i}"))
            record(
                "edit: add a link (form)",
                lambda i=i: _add_link(at, ids[0], ids[-1], f"bench {i}"),
            )
            record("edit: save (write, history, new map analysed)", lambda: _button(at, "Save"))
            record("page: edit → network (after the save)", lambda: at.switch_page(NETWORK).run())
            record("page: network → edit", lambda: at.switch_page(EDIT).run())
            record("edit: undo", lambda: _button(at, "Undo the last save"))
    finally:
        sys.argv = argv
        shutil.rmtree(work, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = bench(args.repeat)
    rows = {name: statistics.median(times) for name, times in results.items()}
    width = max(map(len, rows))
    print(f"{'rerun (demo map)':<{width}}  median s   max s")
    for name, median in rows.items():
        flag = "" if median < LIMIT else f"  over {LIMIT} s"
        print(f"{name:<{width}}  {median:8.3f}  {max(results[name]):6.3f}{flag}")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_edit.json").write_text(
        json.dumps({"repeat": args.repeat, "median": rows, "all": results}, indent=2)
    )


if __name__ == "__main__":
    main()
