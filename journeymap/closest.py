"""`difflib.get_close_matches`, with difflib's own answers, quick on a national map's lists.

Why: the "did you mean" of a message compares a mistyped id with every id of the map, in
Python: 0.04–0.4 s against 45,000 ids, so a national map with 300 mistyped link ends took 27 s
to check (under a second without them; 2.5 s now). difflib keeps a possibility only when its
`ratio()` reaches the cutoff, and `quick_ratio()` (the characters the two strings share,
counted with repeats, over their length) is never below `ratio()`. Here that bound is worked
out for the whole list at once with numpy, from each string's character counts (made once per
list and kept for the last few lists), and difflib's `ratio()` is asked of the possibilities
with the highest bounds first, stopping once no bound can reach the best found: the same
matches, in the same order, as `difflib.get_close_matches`.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["LONG", "close_matches"]

#: Lists shorter than this go straight to difflib (no numpy: a spreadsheet's vocabularies).
LONG = 2_000


def close_matches(
    word: str, possibilities: Iterable[str], n: int = 3, cutoff: float = 0.6
) -> list[str]:
    """The best `n` possibilities whose difflib ratio with `word` is at least `cutoff`, best
    first: exactly `difflib.get_close_matches(word, possibilities, n, cutoff)`.

    Cost: for lists of `LONG` or more, O(L × the word's distinct characters) in numpy plus
    difflib's ratio for the few possibilities that could match (the list's character counts
    are made once, O(total characters)); shorter lists, difflib's own O(L) in Python.
    """
    pool = tuple(possibilities)
    if len(pool) < LONG or n <= 0 or not 0.0 <= cutoff <= 1.0:
        return difflib.get_close_matches(word, pool, n, cutoff)
    return _best(word, pool, n, cutoff)


def _best(word: str, pool: tuple[str, ...], n: int, cutoff: float) -> list[str]:
    """`close_matches` through the bounds, for any length of list (tests use short ones)."""
    import numpy as np

    bound = _Counts.of(pool).quick_ratios(word)
    hopeful = np.flatnonzero(bound >= cutoff)
    order = hopeful[np.argsort(-bound[hopeful], kind="stable")]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: list[tuple[float, str]] = []  # the n best (ratio, possibility), smallest first
    for i in order.tolist():
        if len(best) == n and bound[i] < best[0][0]:
            break  # no possibility left can reach the n-th best, nor tie with it
        matcher.set_seq1(pool[i])
        item = (matcher.ratio(), pool[i])
        if item[0] < cutoff:
            continue
        if len(best) < n:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)
    return [x for _, x in sorted(best, reverse=True)]


class _Counts:
    """Each string's count of each character, as one matrix (a row per string)."""

    def __init__(self, pool: tuple[str, ...]) -> None:
        import numpy as np

        lengths = np.fromiter(map(len, pool), np.int64, len(pool))
        codes = np.frombuffer("".join(pool).encode("utf-32-le", "surrogatepass"), np.uint32)
        self.alphabet, columns = np.unique(codes, return_inverse=True)
        rows = np.repeat(np.arange(len(pool)), lengths)
        width = max(len(self.alphabet), 1)
        flat = np.bincount(rows * width + columns.ravel(), minlength=len(pool) * width)
        self.counts = flat.reshape(len(pool), width).astype(np.int32)
        self.lengths = lengths

    @staticmethod
    @lru_cache(maxsize=4)
    def of(pool: tuple[str, ...]) -> _Counts:
        return _Counts(pool)

    def quick_ratios(self, word: str) -> np.ndarray:
        """Each string's `difflib.SequenceMatcher(None, string, word).quick_ratio()`."""
        import numpy as np

        shared = np.zeros(len(self.lengths), np.int64)
        for char in set(word):
            code = ord(char)
            at = int(np.searchsorted(self.alphabet, code))
            if at < len(self.alphabet) and self.alphabet[at] == code:
                shared += np.minimum(self.counts[:, at], word.count(char))
        length = self.lengths + len(word)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratios = np.where(length > 0, 2.0 * shared / length, 1.0)
        return ratios
