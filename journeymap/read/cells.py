"""Typed reading of one row's cells, where a bad cell becomes a `FILE:LINE` problem.

Every file of a map (and every scenario entry) is read through `Cells`, so a yes/no, a service
type or a `;`-list means the same wherever it is written, with the same message when it is
wrong. A bad cell never raises: it is recorded and the row carries on, so a commissioner sees
all her mistakes at once.

Each kind of cell also has a *plain reading* here (`PLAIN_YES_NO`, `plain_list`,
`plain_number`, membership of a `vocabulary`): the value of a cell written exactly as the
contract spells it, or None. `Cells` tries the plain reading first and only then looks closer,
so a loader that builds plainly right rows straight from the plain readings (as `load` does,
for speed on national maps) cannot read a cell differently from `Cells`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from journeymap.labels import did_you_mean
from journeymap.problems import Problems
from journeymap.read.csvtable import Row
from journeymap.vocab import normalise_token, suggest

__all__ = [
    "BOOLEAN_WORDS",
    "FALSE_WORDS",
    "ID_PATTERN",
    "JOURNEY_CODE",
    "LATITUDE_LIMIT",
    "LIST_SEPARATOR",
    "LONGITUDE_LIMIT",
    "PLAIN_YES_NO",
    "SPACES",
    "TRUE_WORDS",
    "Cells",
    "extra_columns",
    "plain_list",
    "plain_number",
    "vocabulary",
]

#: A service id: letters, digits, `-`, `_` and `.` (DESIGN §3).
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
#: A journey code such as J07: short, letters and digits, never a name.
JOURNEY_CODE = re.compile(r"^[A-Za-z0-9_-]{1,12}$")
#: The words of a yes/no cell, as `Cells.boolean` reads them once lower-cased.
BOOLEAN_WORDS: dict[str, bool] = {
    **dict.fromkeys(("yes", "y", "true", "1"), True),
    **dict.fromkeys(("no", "n", "false", "0"), False),
}
TRUE_WORDS = frozenset(word for word, value in BOOLEAN_WORDS.items() if value)
FALSE_WORDS = frozenset(word for word, value in BOOLEAN_WORDS.items() if not value)
#: A yes/no cell whose blank means no, read plainly: one of the words as written, or blank.
PLAIN_YES_NO: dict[str, bool] = {"": False, **BOOLEAN_WORDS}
#: How far from 0 a latitude and a longitude may be, in decimal degrees (WGS84).
LATITUDE_LIMIT, LONGITUDE_LIMIT = 90, 180
#: Every character `str.strip` and `str.split` take for a space (`str.isspace`, all of
#: Unicode), so that a check on a whole file or column can look for each of them at once.
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
#: What separates the values of a list cell (offers, barriers, circumstances).
LIST_SEPARATOR = ";"


@functools.cache
def vocabulary(choices: tuple[str, ...]) -> frozenset[str]:
    """The codes of a vocabulary as a set, made once: a plainly written cell is one of them."""
    return frozenset(choices)


def plain_list(text: str, known: frozenset[str]) -> tuple[str, ...] | None:
    """The values of a list cell written plainly (each a known code exactly, each once, no
    blanks), else None for `Cells` to read it closer. A blank cell is the empty list."""
    if not text:
        return ()
    values = tuple(text.split(LIST_SEPARATOR))
    if known.issuperset(values) and len(set(values)) == len(values):
        return values
    return None


def plain_number(text: str, limit: float) -> float | None:
    """The number in `text` when it is one between -`limit` and `limit`, else None (blank
    included) for `Cells` to say what is wrong with it."""
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if -limit <= number <= limit else None


#: Extra columns of each header seen, so that a file of 100,000 rows works them out once.
_EXTRA: dict[tuple[tuple[str, ...], frozenset[str]], tuple[str, ...]] = {}


def extra_columns(header: Iterable[str], known: frozenset[str]) -> tuple[str, ...]:
    """The columns of `header` the contract does not know, in the file's order (kept, never
    dropped). Remembered per header, so a large file works them out once."""
    key = (tuple(header), known)
    columns = _EXTRA.get(key)
    if columns is None:
        if len(_EXTRA) > 256:
            _EXTRA.clear()
        columns = _EXTRA[key] = tuple(k for k in key[0] if k not in known)
    return columns


#: `normalise_token`, remembered: a column holds few distinct values over many rows.
_normal = functools.lru_cache(maxsize=4096)(normalise_token)


class Cells:
    """Typed access to one row's cells; a bad cell becomes a problem, never an exception."""

    def __init__(self, file: str, row: Row, problems: Problems, known: Iterable[str]):
        self.file, self.line, self.row, self.problems = file, row.line, row.cells, problems
        self.known = known if isinstance(known, frozenset) else frozenset(known)
        self._start = len(problems.items)

    @property
    def ok(self) -> bool:
        """True while no error has been recorded for this row."""
        items = self.problems.items
        return len(items) == self._start or all(p.warning for p in items[self._start :])

    def error(self, message: str) -> None:
        self.problems.error(self.file, self.line, message)

    def warn(self, message: str) -> None:
        self.problems.warn(self.file, self.line, message)

    def text(self, col: str) -> str:
        return self.row.get(col, "")

    def required(self, col: str) -> str:
        value = self.text(col)
        if not value:
            self.error(f"'{col}' is empty; every row needs one")
        return value

    def boolean(self, col: str, default: bool | None = False) -> bool | None:
        value = self.text(col)
        if not value:
            return default
        word = BOOLEAN_WORDS.get(value.lower())
        if word is not None:
            return word
        self.error(f"{col} '{value}' is not yes or no (use yes/no, y/n, true/false or 1/0)")
        return default

    def integer(self, col: str, low: int | None = None, high: int | None = None) -> int | None:
        value = self.text(col).replace(",", "")  # "1,200" as Excel formats it
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if number != number or not number.is_integer():
            self.error(f"{col} '{self.text(col)}' is not a whole number")
            return None
        result = int(number)
        if (low is not None and result < low) or (high is not None and result > high):
            span = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.error(f"{col} {result} is out of range (it should be {span})")
            return None
        return result

    def coordinate(self, col: str, limit: float) -> float | None:
        value = self.text(col)
        number = plain_number(value, limit)
        if number is not None or not value:
            return number
        try:
            float(value)
        except ValueError:
            self.error(f"{col} '{value}' is not a number in decimal degrees (e.g. 52.63)")
            return None
        self.error(f"{col} {value} is out of range (it must be between -{limit:g} and {limit:g})")
        return None

    def choice(self, col: str, choices: tuple[str, ...], what: str) -> str:
        raw = self.text(col)
        if raw in vocabulary(choices):
            return raw
        value = _normal(raw)
        if not raw or value in choices:
            return value
        fix = did_you_mean(raw, choices, otherwise=f"one of: {', '.join(choices)}")
        self.error(f"{col} '{raw}' is not {what}{fix}")
        return ""

    def tags(self, col: str, choices: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A `;`-list; unknown values are kept as custom ones with a warning, never dropped."""
        plain = plain_list(self.text(col), vocabulary(choices))
        if plain is not None:
            return plain
        values: dict[str, None] = {}
        for raw in self.text(col).split(LIST_SEPARATOR):
            if not raw.strip():
                continue
            value = _normal(raw)
            if value not in choices:
                hint = suggest(raw, choices)
                fix = f"did you mean '{hint}'? " if hint else ""
                self.warn(f"'{raw.strip()}' is not a known {what}; {fix}kept as a custom value")
            values[value] = None
        return tuple(values)

    def strict_list(self, col: str, choices: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A `;`-list whose every value must be known (used where a typo would change results)."""
        values: list[str] = []
        for raw in self.text(col).split(LIST_SEPARATOR):
            if raw.strip():
                value = _normal(raw)
                if value in choices:
                    values.append(value)
                else:
                    self.error(f"{col} '{raw.strip()}' is not {what}{did_you_mean(raw, choices)}")
        return tuple(values)

    def extra(self) -> dict[str, str]:
        """The cells of columns the contract does not know, in the file's column order."""
        return {k: self.row[k] for k in extra_columns(self.row, self.known)}
