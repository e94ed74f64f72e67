"""The shared memory of requests already taken in: a key is new once until it expires."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

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
    if database.is_sqlite:
        pytest.skip("replicas share a PostgreSQL (set TEST_DATABASE_URL); SQLite is one process")
    # Two processes, one database: each has its own SeenRequests over the same table.
    assert SeenRequests(database).first_time("v0=abc", WINDOW) is True
    assert SeenRequests(database).first_time("v0=abc", WINDOW) is False


def test_an_expired_key_is_new_again(database: Database) -> None:
    seen = SeenRequests(database)
    seen.first_time("envelope:1", timedelta(seconds=0.2))
    time.sleep(0.3)

    assert seen.first_time("envelope:1", WINDOW) is True
    assert seen.first_time("envelope:1", WINDOW) is False
