"""Every column that holds what members typed, read and rewritten in batches for `unburden scrub`.

The columns are found from the schema, not listed by hand, so a table added later is scrubbed
too: every Text column except lists of Slack ids, plus the short String columns named below.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table, Text, select, update

from bot.store.database import Database
from bot.store.tables import Base

# Short free text kept in String columns: a group's clinical setting, who a burden falls on,
# a custom measure's name and unit.
FREE_TEXT_STRINGS = frozenset(
    {("working_groups", "setting"), ("burdens", "who"), ("pilot_measures", "name")}
    | {("pilot_measures", "unit")}
)
READ_BATCH = 1000


@dataclass(frozen=True)
class FreeTextColumn:
    """One column of free text: its table and column names."""

    table: str
    column: str


def free_text_columns() -> list[FreeTextColumn]:
    """The free-text columns of the schema, in table order."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            typed = isinstance(column.type, Text) and not column.name.endswith(("_id", "_ids"))
            if typed or (table.name, column.name) in FREE_TEXT_STRINGS:
                found.append(FreeTextColumn(table.name, column.name))
    return found


class FreeTextStore:
    """Reads a free-text column's cells and rewrites the ones that changed."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def cells(self, where: FreeTextColumn) -> Iterator[tuple[int, str]]:
        """(row id, text) of every non-empty cell of the column, by id, read in batches."""
        table, column, key = self._parts(where)
        last = None
        while True:
            query = select(key, column).where(column.is_not(None)).order_by(key).limit(READ_BATCH)
            if last is not None:
                query = query.where(key > last)
            with self._db.engine.connect() as connection:
                rows = connection.execute(query).all()
            if not rows:
                return
            for row_id, text in rows:
                if text:
                    yield int(str(row_id)), str(text)
            last = rows[-1][0]

    def rewrite(self, where: FreeTextColumn, changed: dict[int, str]) -> None:
        """Write the new text of these rows, all in one transaction."""
        if not changed:
            return
        table, column, key = self._parts(where)
        # A placeholder can be longer than what it replaces; a String column keeps its limit.
        limit = getattr(column.type, "length", None)
        with self._db.transaction() as session:
            for row_id, text in changed.items():
                value = text[:limit] if limit else text
                session.execute(update(table).where(key == row_id).values({column.name: value}))

    @staticmethod
    def _parts(where: FreeTextColumn) -> tuple[Table, Column[Any], Column[Any]]:
        table = Base.metadata.tables[where.table]
        (key,) = table.primary_key.columns
        return table, table.columns[where.column], key
