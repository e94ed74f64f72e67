"""Alembic environment: migrations run on the connection the Database hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.store.tables import Base

target_metadata = Base.metadata
config = context.config


def run_migrations() -> None:
    """Run on a given connection (the app), or on `sqlalchemy.url` (the alembic CLI)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as own_connection:
        _run(own_connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
