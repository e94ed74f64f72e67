"""Named locks that hold across every process on one relational store.

Some steps read the store and then tell Slack what they read (a ballot re-rendered from the
stored votes): two replicas doing that at once can send the older reading last. Holding a named
lock around the read and the send makes those steps take turns, on one replica or many."""

from __future__ import annotations

import fcntl
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.store.database import Database

# A SQLite store's locks are files beside it; names share this many of them (a hash picks one),
# so the folder stays small however many ballots a workspace has posted.
LOCK_FILES = 64


class NamedLocks:
    """Locks by name: PostgreSQL advisory locks, or `flock` on files beside a SQLite store."""

    def __init__(self, database: Database) -> None:
        self._database = database
        parsed = make_url(database.url)
        folder: Path | None = None
        if database.is_sqlite and parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).with_name(Path(parsed.database).name + ".locks")
        self._folder = folder
        self._local = threading.Lock()  # an in-memory store lives in one process only

    @contextmanager
    def hold(self, name: str) -> Iterator[None]:
        """Wait for the lock called `name` and hold it for the block; released on any exit."""
        digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
        if not self._database.is_sqlite:
            with self._database.engine.connect() as connection, connection.begin():
                key = int.from_bytes(digest, "big", signed=True)  # bigint, as PostgreSQL wants
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
                yield
            return
        if self._folder is None:
            with self._local:
                yield
            return
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{int.from_bytes(digest, 'big') % LOCK_FILES}.lock"
        # flock belongs to the open file, so each holder opens its own: threads take turns too.
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
