"""`closest.close_matches` gives difflib's own answers, and a national map's "did you mean"
hints are the ones difflib gave, only sooner."""

from __future__ import annotations

import csv
import difflib
import random

import pytest

from journeymap import closest
from journeymap.closest import close_matches
from journeymap.problems import MapError
from journeymap.read.load import load_map
from journeymap.read.synth import write_synth

LETTERS = "abs019-_ éZ"


def word(rng: random.Random) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(0, 8)))


def test_the_same_matches_as_difflib_on_many_random_lists() -> None:
    rng = random.Random(18)
    for _ in range(2000):
        pool = [word(rng) for _ in range(rng.choice([0, 1, 3, 40, 300]))]
        pool += pool[: rng.choice([0, 2])]  # the same possibility twice
        typed = word(rng)
        n, cutoff = rng.choice([1, 2, 3]), rng.choice([0.0, 0.4, 0.6, 0.75, 1.0])
        expected = difflib.get_close_matches(typed, pool, n, cutoff)
        assert closest._best(typed, tuple(pool), n, cutoff) == expected, (typed, pool, n, cutoff)


def test_a_long_list_goes_through_the_bounds_and_agrees_with_difflib() -> None:
    ids = [f"s{i}" for i in range(5000)] + ["ashcombe-gp", "ashcombe-gp-2", "fenmoor-idva"]
    assert len(ids) >= closest.LONG
    for typed in ["s1234x", "s99", "ashcombe-gpp", "fenmor-idva", "zzzz", "", "s"]:
        for n, cutoff in [(1, 0.6), (2, 0.75), (3, 0.0)]:
            assert close_matches(typed, ids, n, cutoff) == difflib.get_close_matches(
                typed, ids, n, cutoff
            )


def test_bad_arguments_are_refused_as_difflib_refuses_them() -> None:
    ids = [f"s{i}" for i in range(closest.LONG)]
    with pytest.raises(ValueError, match="n must be > 0"):
        close_matches("s1", ids, 0)
    with pytest.raises(ValueError, match="cutoff must be in"):
        close_matches("s1", ids, 1, 1.5)


def test_a_large_maps_mistyped_link_ends_get_the_hints_difflib_gave(tmp_path, monkeypatch):
    """3,000 services; 40 link ends mistyped. Every message is the same with the bounds as
    with difflib alone (closest.LONG raised past the map, as before this module)."""
    write_synth(tmp_path, 10, 300, 3, lean=True)
    path = tmp_path / "links.csv"
    rows = list(csv.reader(path.open(newline="")))
    for i in range(1, 41):
        rows[i * 50][0] += "x" if i % 2 else ""
        rows[i * 50][1] = rows[i * 50][1][:-1] + "q"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)

    def messages() -> list[str]:
        with pytest.raises(MapError) as caught:
            load_map(tmp_path)
        return [str(p) for p in caught.value.errors]

    fast = messages()
    monkeypatch.setattr(closest, "LONG", 10**9)
    assert fast == messages()
    assert len(fast) >= 40 and any("did you mean" in m for m in fast)
