"""The facilitator's PIN: what opens the facilitator's tools in workshop mode, and her words
on the Journeys page.

The PIN is `$JOURNEYMAP_FACILITATOR_PIN` when that is set (compared in constant time, never
written anywhere); otherwise the facilitator sets one on first start, and the workspace keeps
only a salted scrypt hash of it (`hashlib.scrypt`, a fresh 16-byte salt; the PIN itself is in
no file). Wrong tries are counted in the workspace, so a reload, another tab or a restart
does not reset them: after `FREE_TRIES` wrong tries in a row, each next try must wait, from
`FIRST_WAIT` seconds, doubling, up to `MOST_WAIT`. The right PIN resets the count.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable, Mapping

from journeymap.workshop.store import Workshop

__all__ = [
    "FIRST_WAIT",
    "FREE_TRIES",
    "MIN_LENGTH",
    "MOST_WAIT",
    "PIN_ENV",
    "FacilitatorPin",
    "TooSoon",
]

PIN_ENV = "JOURNEYMAP_FACILITATOR_PIN"
MIN_LENGTH = 4
FREE_TRIES = 5
FIRST_WAIT = 30.0
MOST_WAIT = 15 * 60.0
#: scrypt's cost: 16 MB and about 50 ms a try; slow enough to make a stolen hash costly.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
HASH, FAILURES, LAST = "pin.hash", "pin.failures", "pin.last_failure"


class TooSoon(Exception):
    """A try came before the wait after too many wrong PINs; `seconds` is what is left."""

    def __init__(self, seconds: float):
        super().__init__(f"wait {seconds:.0f} s")
        self.seconds = seconds


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, **SCRYPT)


class FacilitatorPin:
    """The PIN of one workspace (or of the environment). `clock` is for tests."""

    def __init__(
        self,
        ws: Workshop,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.ws = ws
        self.env = os.environ if env is None else env
        self.clock = clock

    @property
    def from_env(self) -> bool:
        return bool(self.env.get(PIN_ENV))

    def is_set(self) -> bool:
        """True when there is a PIN to check (the environment's, or one set here)."""
        return self.from_env or bool(self.ws.setting(HASH))

    def set(self, pin: str) -> None:
        """Set the PIN on first start (keeps only a salted hash). ValueError when a PIN is
        already set or this one is too short; change it by deleting the workspace's setting."""
        if self.is_set():
            raise ValueError("A facilitator PIN is already set for this workspace.")
        if len(pin.strip()) < MIN_LENGTH:
            raise ValueError(f"Choose a PIN of at least {MIN_LENGTH} characters.")
        salt = secrets.token_bytes(16)
        self.ws.set_setting(HASH, f"scrypt${salt.hex()}${_hash(pin.strip(), salt).hex()}")

    def wait(self) -> float:
        """Seconds before the next try is allowed (0 when it may be tried now)."""
        failures = int(self.ws.setting(FAILURES) or 0)
        if failures < FREE_TRIES:
            return 0.0
        pause = min(MOST_WAIT, FIRST_WAIT * 2 ** (failures - FREE_TRIES))
        last = float(self.ws.setting(LAST) or 0)
        return max(0.0, last + pause - self.clock())

    def check(self, pin: str) -> bool:
        """True for the right PIN. Raises `TooSoon` (without looking at the PIN) during the
        wait after too many wrong ones. Cost: one scrypt (about 50 ms)."""
        left = self.wait()
        if left > 0:
            raise TooSoon(left)
        if self.from_env:
            right = hmac.compare_digest(pin.strip().encode(), self.env[PIN_ENV].strip().encode())
        else:
            right = self._matches(pin.strip())
        if right:
            self.ws.set_setting(FAILURES, "0")
        else:
            self.ws.set_setting(FAILURES, str(int(self.ws.setting(FAILURES) or 0) + 1))
            self.ws.set_setting(LAST, repr(self.clock()))
        return right

    def _matches(self, pin: str) -> bool:
        stored = self.ws.setting(HASH)
        if not stored:
            return False
        _kind, salt, digest = stored.split("$")
        return hmac.compare_digest(_hash(pin, bytes.fromhex(salt)), bytes.fromhex(digest))
