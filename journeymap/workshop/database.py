"""The workspace's SQLite file: made private to the user, opened in WAL mode, one transaction
per change holding the write lock from its start, and scrubbed after a deletion.

Kept apart from the journeys themselves (`workshop.store`), so the privacy and safety of the
file are read and tested in one place.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_MS", "DB_NAME", "Database"]

log = logging.getLogger("journeymap.workshop.store")

DB_NAME = "journeys.sqlite3"
BUSY_TIMEOUT_MS = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journeys (
    code TEXT PRIMARY KEY,
    circumstances TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    journey TEXT NOT NULL REFERENCES journeys(code) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    service_name TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT '',
    feeling INTEGER,
    barriers TEXT NOT NULL DEFAULT '',
    helped_onward INTEGER,
    note TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS steps_by_journey ON steps (journey, position);
CREATE TABLE IF NOT EXISTS consent (
    journey TEXT PRIMARY KEY REFERENCES journeys(code) ON DELETE CASCADE,
    pool INTEGER NOT NULL,
    quote INTEGER NOT NULL,
    keep_until TEXT NOT NULL DEFAULT '',
    given REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS drafts (
    journey TEXT PRIMARY KEY REFERENCES journeys(code) ON DELETE CASCADE,
    data TEXT NOT NULL
);
"""


class Database:
    """The database file of one workspace folder. Every call opens its own connection (cheap
    for SQLite) and closes it before returning, so one `Database` is safe to share between
    threads."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser()
        self.path = self.folder / DB_NAME
        self.prepare()

    def prepare(self) -> None:
        """Make the folder (private to the user) and the database file (mode 600), in WAL
        mode, with the tables."""
        if not self.folder.exists():
            self.folder.mkdir(parents=True, mode=0o700)
            os.chmod(self.folder, 0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(self.path, 0o600)
        with closing(self.connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    def connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA secure_delete=ON")
        db.execute("PRAGMA synchronous=FULL")  # a committed step survives a power cut
        return db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction holding the write lock from its start; committed on leaving."""
        with closing(self.connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with closing(self.connect()) as db:
            yield db

    def scrub(self) -> None:
        """Leave no trace of deleted or changed words in any file of the workspace.

        `secure_delete` has zeroed the freed space; VACUUM rebuilds the file and the checkpoint
        copies it back and truncates the write-ahead log, whose old frames still held the
        words. Retries briefly while another connection is reading. Cost: a copy of the file.
        """
        with closing(self.connect()) as db:
            db.execute("VACUUM")
            for _ in range(50):
                busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    return
                time.sleep(0.05)
        log.warning("workspace busy: the write-ahead log will be cleared at the next change")
