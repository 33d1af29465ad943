"""Problems with the input, each told as `FILE:LINE: message`, and the error that carries them.

Every reader (CSV folders, uploads, Open Referral, scenarios, the workshop store) records what
it finds here and carries on, so a commissioner fixes all her mistakes in one go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["MAX_MESSAGE", "MapError", "Problem", "Problems", "one_line"]

#: Longest message told; a message quoting a huge cell keeps its start and its end (the fix).
MAX_MESSAGE = 600
#: Line breaks and other control characters in a quoted cell would break `FILE:LINE: …` lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(message: str) -> str:
    """`message` on one line of at most MAX_MESSAGE characters: control characters are shown
    escaped (a newline as \\n) and an over-long middle is cut to '…'. Cost: O(len(message))."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)
    if len(text) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2
        text = f"{text[:half]} … {text[-half:]}"
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, told where a text editor would find it."""

    file: str
    line: int
    message: str
    warning: bool = False

    def __post_init__(self) -> None:
        # Messages quote cells, and a cell may hold anything; keep every problem one line.
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {kind}{self.message}"


class MapError(Exception):
    """Raised when input has errors; carries every problem found, warnings included."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if not p.warning]
        super().__init__("\n".join(str(p) for p in errors))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


@dataclass
class Problems:
    """The growing list of problems of one load; parsers append to it and carry on."""

    items: list[Problem] = field(default_factory=list)

    def error(self, file: str, line: int, message: str) -> None:
        self.items.append(Problem(file, line, message))

    def warn(self, file: str, line: int, message: str) -> None:
        self.items.append(Problem(file, line, message, warning=True))

    @property
    def has_errors(self) -> bool:
        return any(not p.warning for p in self.items)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]
