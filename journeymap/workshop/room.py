"""What a workspace keeps beside the journeys: each journey's consent, the tablet tokens that
let a tablet carry on with its own journey, and the facilitator's settings.

`Room` is the part of `store.Workshop` that reads and writes them; it needs only the
workspace's `Database`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import time

from journeymap.workshop.consent import Consent, ConsentNeeded
from journeymap.workshop.database import Database

__all__ = ["Room"]


class Room:
    """Consent, tablet tokens and settings of one workspace (a base of `store.Workshop`)."""

    database: Database

    # -- consent ------------------------------------------------------------------------------

    def consent(self, code: str) -> Consent | None:
        """Her answers for this journey, or None when she has not been asked yet."""
        with self.database.read() as db:
            row = db.execute("SELECT * FROM consent WHERE journey = ?", (code,)).fetchone()
        if row is None:
            return None
        return Consent(bool(row["pool"]), bool(row["quote"]), row["keep_until"])

    @staticmethod
    def _write_consent(db: sqlite3.Connection, code: str, consent: Consent) -> None:
        db.execute(
            "INSERT INTO consent (journey, pool, quote, keep_until, given) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(journey) DO UPDATE SET pool = excluded.pool, quote = excluded.quote, "
            "keep_until = excluded.keep_until, given = excluded.given",
            (code, int(consent.pool), int(consent.quote), consent.keep_until, time.time()),
        )

    def _need_consent(self, db: sqlite3.Connection, code: str) -> None:
        if db.execute("SELECT 1 FROM consent WHERE journey = ?", (code,)).fetchone() is None:
            raise ConsentNeeded(
                "Before anything is saved, please answer the questions about what happens to "
                "your story."
            )

    def token(self, code: str) -> str:
        """The journey's tablet token: kept in the page address beside the code, so a reload
        carries on with her journey while another code typed into the address does not open
        (it needs the facilitator). An HMAC of the code with a random key of this workspace."""
        key = self.setting("tablet_key")
        if not key:
            key = secrets.token_hex(32)
            with self.database.write() as db:
                db.execute(
                    "INSERT INTO meta (key, value) VALUES ('set:tablet_key', ?) "
                    "ON CONFLICT(key) DO NOTHING",
                    (key,),
                )
            key = self.setting("tablet_key")
        seal = f"{code}:{self.setting('tablet:' + code)}".encode()
        return hmac.new(bytes.fromhex(key), seal, hashlib.sha256).hexdigest()[:24]

    def retire_token(self, code: str) -> None:
        """Make the journey's old tablet tokens stop working (she has finished and handed the
        tablet back: the browser's Back button must not reopen her journey for the next woman)."""
        self.set_setting("tablet:" + code, secrets.token_hex(8))

    # -- settings the facilitator keeps in the workspace ---------------------------------------

    def setting(self, key: str) -> str:
        """A workspace setting (e.g. 'keep_until', 'room_contact'), '' when not set."""
        with self.database.read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", ("set:" + key,)).fetchone()
        return str(row["value"]) if row else ""

    def set_setting(self, key: str, value: str) -> None:
        with self.database.write() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                ("set:" + key, value),
            )
