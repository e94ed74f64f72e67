"""The shared memory of requests already taken in: a key is new once until it expires."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine

from bot.store.database import Database
from bot.store.seen_requests import SeenRequests

WINDOW = timedelta(minutes=10)


@pytest.fixture
def database(database_url: str | None, tmp_path: Path) -> Iterator[Database]:
    db = Database(database_url or f"sqlite:///{tmp_path / 'seen.sqlite3'}")
    db.migrate()
    yield db
    db.dispose()


def test_a_key_is_new_once(database: Database) -> None:
    seen = SeenRequests(database)

    assert seen.first_time("v0=abc", WINDOW) is True
    assert seen.first_time("v0=abc", WINDOW) is False
    assert seen.first_time("v0=abd", WINDOW) is True


def test_two_replicas_share_what_they_have_seen(database: Database) -> None:
    # Two processes, one database: each has its own SeenRequests over the same table.
    assert SeenRequests(database).first_time("v0=abc", WINDOW) is True
    assert SeenRequests(database).first_time("v0=abc", WINDOW) is False


def test_an_expired_key_is_new_again(database: Database) -> None:
    seen = SeenRequests(database)
    with time_machine.travel("2026-11-30 10:00:00+00:00", tick=False) as clock:
        seen.first_time("envelope:1", WINDOW)
        clock.shift(WINDOW + timedelta(seconds=1))

        assert seen.first_time("envelope:1", WINDOW) is True
        assert seen.first_time("envelope:1", WINDOW) is False
