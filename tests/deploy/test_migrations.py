"""Migrations: the OAuth stores' tables come from 0002, and replicas starting together migrate once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from bot.store.database import MIGRATIONS_DIR, Database

OAUTH_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}


@pytest.fixture
def url(database_url: str | None, tmp_path: Path) -> str:
    """The test's database: SQLite under tmp_path, or a fresh PostgreSQL database."""
    return database_url or f"sqlite:///{tmp_path / 'migrations.sqlite3'}"


def test_upgrade_creates_the_oauth_stores_and_downgrade_removes_them(url: str) -> None:
    database = Database(url)
    try:
        database.migrate()
        assert set(inspect(database.engine).get_table_names()) >= OAUTH_TABLES

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")

        tables = set(inspect(database.engine).get_table_names())
        assert not OAUTH_TABLES & tables
        assert "working_groups" in tables
    finally:
        database.dispose()


def test_replicas_migrating_at_the_same_moment_both_start(database_url: str | None) -> None:
    if database_url is None:
        pytest.skip("the migration lock is PostgreSQL's advisory lock: set TEST_DATABASE_URL")
    databases = [Database(database_url) for _ in range(3)]
    barrier = threading.Barrier(len(databases))
    failures: list[BaseException] = []

    def start(database: Database) -> None:
        barrier.wait()
        try:
            database.migrate()
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=start, args=(d,)) for d in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert not [thread for thread in threads if thread.is_alive()], "a migration hung"
        assert failures == []
        with databases[0].engine.connect() as connection:
            versions = list(connection.scalars(text("SELECT version_num FROM alembic_version")))
        assert versions == [ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()]
    finally:
        for database in databases:
            database.dispose()
