"""Requests already taken in (signatures, Socket Mode envelope ids), so a replay runs once.

On PostgreSQL the keys live in the `seen_requests` table that every replica shares, and the
check is one INSERT on its primary key. SQLite is the one-process store (replicas share a
PostgreSQL), and its single writer lock is held by the work running after earlier acks, so there
the keys are kept in this process's memory: the check before an ack never waits for SQLite."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.store.database import Database
from bot.store.tables import SeenRequestRow

# Expired keys are swept at most this often per process, so a request pays for a sweep rarely.
SWEEP_EVERY_SECONDS = 60.0


class SeenRequests:
    """Remembers request keys until they expire; a key seen again before then is a replay."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._shared = not database.is_sqlite
        self._lock = threading.Lock()
        self._next_sweep = 0.0
        self._in_memory: dict[str, float] = {}  # key -> when it expires (time.monotonic)

    def first_time(self, key: str, keep: timedelta) -> bool:
        """Record `key` for `keep`; False when it is already recorded and not yet expired.

        `key` is at most 120 characters (a v0 signature is 67, an envelope id 36). On PostgreSQL
        the insert is atomic on the primary key, so two replicas given the same request cannot
        both be told True."""
        if not self._shared:
            return self._first_time_here(key, keep)
        self._sweep_now_and_then()
        try:
            # One Core INSERT, no ORM unit of work: it runs before every ack.
            with self._db.engine.begin() as connection:
                connection.execute(
                    insert(SeenRequestRow).values(request_key=key, expires_at=utcnow() + keep)
                )
            return True
        except IntegrityError:
            return not self._renew_if_expired(key, keep)

    def _first_time_here(self, key: str, keep: timedelta) -> bool:
        now = time.monotonic()
        with self._lock:
            if now >= self._next_sweep:
                self._next_sweep = now + SWEEP_EVERY_SECONDS
                self._in_memory = {k: t for k, t in self._in_memory.items() if t > now}
            expires = self._in_memory.get(key)
            if expires is not None and expires > now:
                return False
            self._in_memory[key] = now + keep.total_seconds()
            return True

    def _renew_if_expired(self, key: str, keep: timedelta) -> bool:
        """True when `key` is still live (a replay); an expired row is taken over instead."""
        now = utcnow()
        with self._db.transaction() as session:
            row = session.get(SeenRequestRow, key, with_for_update=True)
            if row is None:  # swept meanwhile: take the key afresh
                session.add(SeenRequestRow(request_key=key, expires_at=now + keep))
                return False
            if row.expires_at > now:
                return True
            row.expires_at = now + keep
            return False

    def _sweep_now_and_then(self) -> None:
        with self._lock:
            if time.monotonic() < self._next_sweep:
                return
            self._next_sweep = time.monotonic() + SWEEP_EVERY_SECONDS
        with self._db.transaction() as session:
            session.execute(delete(SeenRequestRow).where(SeenRequestRow.expires_at < utcnow()))
