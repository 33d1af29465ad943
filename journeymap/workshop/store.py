"""The workshop store: women's journeys as they are told, saved at once to a file on this machine.

A workspace is a folder holding one SQLite database, `journeys.sqlite3`. Every change (a new
journey, a step added, changed, moved or deleted) is its own transaction, committed before the
call returns, so nothing typed is lost to a page reload, a second browser tab or a server
restart. Writers take SQLite's write lock at the start (`BEGIN IMMEDIATE`) and wait up to
`BUSY_TIMEOUT_MS` for one another, so two tabs or two app processes can write to the same
workspace safely; the database runs in WAL mode so readers never block a writer.

Privacy (DESIGN §8): the folder is made private to the user (mode 700 when journeymap creates
it) and the database file is mode 600 (SQLite gives its `-wal` and `-shm` files the same mode).
Journeys carry codes (`J01`, `J02`, …) given here, never names. Deleting a step or a journey
really removes it: `secure_delete` overwrites the freed space, then the database is rebuilt
(VACUUM) and the write-ahead log truncated, so the words are in none of the workspace's files.
Note text is never logged; log lines name journey codes only.

The file itself (modes, WAL, transactions, scrubbing) is `workshop.database`; where the
workspace is, `workshop.paths`.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from journeymap.models import Journey, Step
from journeymap.problems import MapError, Problem
from journeymap.read.load import parse_journeys
from journeymap.vocab import CIRCUMSTANCES
from journeymap.workshop.consent import CONSENT_COLUMNS, Consent, ConsentNeeded, from_columns
from journeymap.workshop.database import DB_NAME, Database
from journeymap.workshop.entries import StepEntry, WorkshopStep
from journeymap.workshop.room import Room
from journeymap.workshop.transfer import journeys_csv

__all__ = ["DB_NAME", "Consent", "ConsentNeeded", "StepEntry", "Workshop", "WorkshopStep"]

log = logging.getLogger(__name__)

CODE = re.compile(r"^J(\d+)$")


def _code(number: int) -> str:
    return f"J{number:02d}"


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _entry(row: sqlite3.Row) -> StepEntry:
    return StepEntry(
        service=row["service"],
        service_name=row["service_name"],
        place=row["place"],
        stage=row["stage"],
        feeling=row["feeling"],
        barriers=tuple(b for b in row["barriers"].split(";") if b),
        helped_onward=_bool(row["helped_onward"]),
        note=row["note"],
        extra=json.loads(row["extra"] or "{}"),
    )


class Workshop(Room):
    """One workspace's journeys. Safe to share between threads: every call opens its own
    connection (cheap for SQLite) and closes it before returning.
    """

    def __init__(self, folder: str | Path):
        self.database = Database(folder)
        self.folder, self.path = self.database.folder, self.database.path

    # -- journeys ---------------------------------------------------------------------------

    def new_journey(self, consent: Consent | None = None) -> str:
        """Start a journey; returns its code, the next of J01, J02, … (a code is never reused).

        Its consent is recorded with it when given here; else ask for it (`set_consent`) before
        the first step: no step or draft is saved without it.
        """
        with self.database.write() as db:
            code = _code(self._next_number(db))
            db.execute("INSERT INTO journeys (code, created) VALUES (?, ?)", (code, time.time()))
            self._set_next(db, int(code[1:]) + 1)
            if consent is not None:
                self._write_consent(db, code, consent)
        log.info("journey %s started", code)
        return code

    def _next_number(self, db: sqlite3.Connection) -> int:
        row = db.execute("SELECT value FROM meta WHERE key = 'next_journey'").fetchone()
        number = int(row["value"]) if row else 1
        for (code,) in db.execute("SELECT code FROM journeys"):
            match = CODE.match(code)
            if match:
                number = max(number, int(match.group(1)) + 1)
        return number

    def _set_next(self, db: sqlite3.Connection, number: int) -> None:
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('next_journey', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), excluded.value)",
            (str(number),),
        )

    def codes(self) -> list[str]:
        """Every journey's code, in the order they were started."""
        with self.database.read() as db:
            rows = db.execute("SELECT code FROM journeys ORDER BY created, code").fetchall()
        return [r["code"] for r in rows]

    def exists(self, code: str) -> bool:
        with self.database.read() as db:
            return (
                db.execute("SELECT 1 FROM journeys WHERE code = ?", (code,)).fetchone() is not None
            )

    def delete_journey(self, code: str) -> bool:
        """Remove a journey and all its steps from the workspace for good (a woman withdraws).

        Returns False when there was no such journey. Cost: a rebuild of the database file.
        """
        with self.database.write() as db:
            gone = db.execute("DELETE FROM journeys WHERE code = ?", (code,)).rowcount
        if gone:
            self.database.scrub()
            log.info("journey %s deleted", code)
        return bool(gone)

    # -- consent ------------------------------------------------------------------------------

    def set_consent(self, code: str, consent: Consent) -> None:
        """Record (or change: she can at any time) her answers. KeyError for an unknown code."""
        with self.database.write() as db:
            self._need(db, code)
            self._write_consent(db, code, consent)
        log.info("journey %s: consent recorded", code)

    def circumstances(self, code: str) -> tuple[str, ...]:
        with self.database.read() as db:
            row = db.execute(
                "SELECT circumstances FROM journeys WHERE code = ?", (code,)
            ).fetchone()
        return tuple(c for c in (row["circumstances"] if row else "").split(";") if c)

    def set_circumstances(self, code: str, circumstances: Sequence[str]) -> None:
        """Her circumstances (pregnant, mother, …), kept with the journey, not with one step."""
        unknown = [c for c in circumstances if c not in CIRCUMSTANCES]
        if unknown:
            raise ValueError(f"Unknown circumstance: {', '.join(unknown)}.")
        with self.database.write() as db:
            self._need(db, code)
            db.execute(
                "UPDATE journeys SET circumstances = ? WHERE code = ?",
                (";".join(circumstances), code),
            )

    # -- steps ------------------------------------------------------------------------------

    def steps(self, code: str) -> list[WorkshopStep]:
        """The journey's steps in order (empty for an unknown code)."""
        with self.database.read() as db:
            rows = db.execute(
                "SELECT * FROM steps WHERE journey = ? ORDER BY position, id", (code,)
            ).fetchall()
        return [WorkshopStep(r["id"], code, i, _entry(r)) for i, r in enumerate(rows, start=1)]

    def _need(self, db: sqlite3.Connection, code: str) -> None:
        if db.execute("SELECT 1 FROM journeys WHERE code = ?", (code,)).fetchone() is None:
            raise KeyError(f"There is no journey {code} in this workspace (it may be deleted).")

    def _step_row(self, db: sqlite3.Connection, step_id: int) -> sqlite3.Row:
        row = db.execute("SELECT * FROM steps WHERE id = ?", (step_id,)).fetchone()
        if row is None:
            raise KeyError("That step is no longer there (it may have been deleted elsewhere).")
        return row

    @staticmethod
    def _values(entry: StepEntry) -> tuple[object, ...]:
        return (
            entry.service.strip(),
            entry.service_name.strip(),
            entry.place.strip(),
            entry.stage,
            entry.feeling,
            ";".join(entry.barriers),
            None if entry.helped_onward is None else int(entry.helped_onward),
            entry.note.strip(),
            json.dumps(entry.extra, ensure_ascii=False),
        )

    def add_step(self, code: str, entry: StepEntry) -> int:
        """Add a step at the end of the journey (its draft is done); returns its id.

        Raises ValueError for an entry that cannot be a step, KeyError for an unknown journey,
        `ConsentNeeded` (a ValueError) before her consent is recorded.
        """
        entry.check()
        with self.database.write() as db:
            self._need(db, code)
            self._need_consent(db, code)
            (last,) = db.execute(
                "SELECT coalesce(max(position), 0) FROM steps WHERE journey = ?", (code,)
            ).fetchone()
            cur = db.execute(
                "INSERT INTO steps (journey, position, service, service_name, place, stage, "
                "feeling, barriers, helped_onward, note, extra) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (code, last + 1, *self._values(entry)),
            )
            step_id = int(cur.lastrowid or 0)
            db.execute("DELETE FROM drafts WHERE journey = ?", (code,))  # the draft is done
        log.info("journey %s: step added", code)
        return step_id

    def update_step(self, step_id: int, entry: StepEntry) -> None:
        """Change a step in place (its position stays). The old words are scrubbed."""
        entry.check()
        with self.database.write() as db:
            row = self._step_row(db, step_id)
            db.execute(
                "UPDATE steps SET service = ?, service_name = ?, place = ?, stage = ?, "
                "feeling = ?, barriers = ?, helped_onward = ?, note = ?, extra = ? WHERE id = ?",
                (*self._values(entry), step_id),
            )
            code = row["journey"]
        self.database.scrub()
        log.info("journey %s: step changed", code)

    def delete_step(self, step_id: int) -> None:
        """Delete a step; the steps after it move up. The words are scrubbed from the files."""
        with self.database.write() as db:
            row = self._step_row(db, step_id)
            db.execute("DELETE FROM steps WHERE id = ?", (step_id,))
            self._renumber(db, row["journey"])
            code = row["journey"]
        self.database.scrub()
        log.info("journey %s: step deleted", code)

    def move_step(self, step_id: int, offset: int) -> None:
        """Move a step `offset` places (-1 earlier, +1 later), stopping at either end."""
        with self.database.write() as db:
            row = self._step_row(db, step_id)
            ids = [
                r["id"]
                for r in db.execute(
                    "SELECT id FROM steps WHERE journey = ? ORDER BY position, id",
                    (row["journey"],),
                )
            ]
            here = ids.index(step_id)
            there = max(0, min(len(ids) - 1, here + offset))
            ids.insert(there, ids.pop(here))
            for position, sid in enumerate(ids, start=1):
                db.execute("UPDATE steps SET position = ? WHERE id = ?", (position, sid))

    @staticmethod
    def _renumber(db: sqlite3.Connection, code: str) -> None:
        ids = [
            r["id"]
            for r in db.execute(
                "SELECT id FROM steps WHERE journey = ? ORDER BY position, id", (code,)
            )
        ]
        for position, sid in enumerate(ids, start=1):
            db.execute("UPDATE steps SET position = ? WHERE id = ?", (position, sid))

    # -- the step being written ---------------------------------------------------------------

    def save_draft(self, code: str, entry: StepEntry) -> None:
        """Keep the half-written next step of a journey, as each answer is given.

        Not checked (it may have no place yet); replaced by the next draft and cleared when the
        step is saved. So a reload before 'Save' loses nothing either.
        """
        data = json.dumps(
            {
                "service": entry.service,
                "service_name": entry.service_name,
                "place": entry.place,
                "stage": entry.stage,
                "feeling": entry.feeling,
                "barriers": list(entry.barriers),
                "helped_onward": entry.helped_onward,
                "note": entry.note,
                "extra": entry.extra,
            },
            ensure_ascii=False,
        )
        with self.database.write() as db:
            self._need(db, code)
            self._need_consent(db, code)
            db.execute(
                "INSERT INTO drafts (journey, data) VALUES (?, ?) "
                "ON CONFLICT(journey) DO UPDATE SET data = excluded.data",
                (code, data),
            )

    def draft(self, code: str) -> StepEntry | None:
        """The journey's half-written next step, or None."""
        with self.database.read() as db:
            row = db.execute("SELECT data FROM drafts WHERE journey = ?", (code,)).fetchone()
        if row is None:
            return None
        d = json.loads(row["data"])
        return StepEntry(
            service=d.get("service", ""),
            service_name=d.get("service_name", ""),
            place=d.get("place", ""),
            stage=d.get("stage", ""),
            feeling=d.get("feeling"),
            barriers=tuple(d.get("barriers", ())),
            helped_onward=d.get("helped_onward"),
            note=d.get("note", ""),
            extra=d.get("extra", {}),
        )

    def clear_draft(self, code: str) -> None:
        with self.database.write() as db:
            db.execute("DELETE FROM drafts WHERE journey = ?", (code,))

    # -- as the data contract ---------------------------------------------------------------

    def journeys(self) -> list[Journey]:
        """Every journey as contract models (steps numbered from 1), for the export: her
        consent is in each step's extra columns (`CONSENT_COLUMNS`).

        A journey with no steps yet is left out. Cost: one read of the database per journey.
        """
        out = []
        for code in self.codes():
            consent = self.consent(code) or Consent()
            circumstances = self.circumstances(code)
            steps = tuple(
                Step(
                    journey=code,
                    step=s.step,
                    service=s.entry.service,
                    place=s.entry.place,
                    stage=s.entry.stage,
                    feeling=s.entry.feeling,
                    barriers=s.entry.barriers,
                    helped_onward=s.entry.helped_onward,
                    circumstances=circumstances if s.step == 1 else (),
                    note=s.entry.note,
                    extra={**s.entry.extra, **consent.columns()},
                )
                for s in self.steps(code)
            )
            if steps:
                out.append(Journey(code=code, steps=steps))
        return out

    def pooled_journeys(self) -> list[Journey]:
        """The journeys she said may be pooled, for pooled figures and findings; a note is kept
        only when she said her words may be quoted. Cost: as `journeys()`."""
        out = []
        for j in self.journeys():
            consent = from_columns(j.steps[0].extra) or Consent()
            if not consent.pool:
                continue
            if not consent.quote:
                j = j.model_copy(
                    update={"steps": tuple(s.model_copy(update={"note": ""}) for s in j.steps)}
                )
            out.append(j)
        return out

    def without_pool_consent(self) -> int:
        """How many journeys with steps are kept out of pooled figures (no consent to pool)."""
        return len(self.journeys()) - len(self.pooled_journeys())

    def export_csv(self) -> bytes:
        """All journeys as journeys.csv (DESIGN §3), ready to put in a map folder
        (`journeys_csv` of `journeys()`)."""
        return journeys_csv(self.journeys())

    def import_csv(
        self, data: bytes, names: Mapping[str, str] | None, file: str = "journeys.csv"
    ) -> list[str]:
        """Add the journeys of a journeys.csv to the workspace; returns their codes.

        The file is checked exactly as a map's journeys.csv is (against the map's service ids in
        `names`, id → name; None skips that check). A journey code already in the workspace is
        an error too. Consent comes from the file's consent columns (`CONSENT_COLUMNS`); a file
        without them was gathered outside journeymap and counts as consent to pool, not to
        quote, as the same file in a map folder would. On any error nothing is added and
        `MapError` lists every problem as `FILE:LINE`. All journeys go in one transaction.
        """
        journeys = parse_journeys(data, None if names is None else list(names), file)
        names = names or {}
        with self.database.write() as db:
            clashes = [
                Problem(
                    file,
                    j.steps[0].line,
                    f"journey {j.code} is already in this workspace; delete it there first, or "
                    "give this journey another code",
                )
                for j in journeys
                if db.execute("SELECT 1 FROM journeys WHERE code = ?", (j.code,)).fetchone()
            ]
            if clashes:
                raise MapError(clashes)
            highest = 0
            for j in journeys:
                db.execute(
                    "INSERT INTO journeys (code, circumstances, created) VALUES (?, ?, ?)",
                    (j.code, ";".join(j.circumstances), time.time()),
                )
                consent = from_columns(j.steps[0].extra) or Consent(pool=True)
                self._write_consent(db, j.code, consent)
                for position, s in enumerate(j.steps, start=1):
                    entry = StepEntry(
                        service=s.service,
                        service_name=names.get(s.service, ""),
                        place=s.place,
                        stage=s.stage,
                        feeling=s.feeling,
                        barriers=s.barriers,
                        helped_onward=s.helped_onward,
                        note=s.note,
                        extra={k: v for k, v in s.extra.items() if k not in CONSENT_COLUMNS},
                    )
                    db.execute(
                        "INSERT INTO steps (journey, position, service, service_name, place, "
                        "stage, feeling, barriers, helped_onward, note, extra) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (j.code, position, *self._values(entry)),
                    )
                match = CODE.match(j.code)
                if match:
                    highest = max(highest, int(match.group(1)))
            if highest:
                self._set_next(db, highest + 1)
        log.info("imported %d journeys", len(journeys))
        return [j.code for j in journeys]
