"""The workspace's library of de-identified patient letters, read in rotation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot.domain.models import Letter
from bot.store.database import Database
from bot.store.tables import LetterRow


class LetterStore:
    """Reads and writes letters, scoped by workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, team_id: str, text: str, added_by: str) -> Letter:
        """Store a letter (its text already checked for identifiers)."""
        with self._db.transaction() as session:
            row = LetterRow(team_id=team_id, text=text, added_by=added_by)
            session.add(row)
            session.flush()
            return Letter.model_validate(row)

    def take_next(self, team_id: str, read_at: datetime) -> Letter | None:
        """The least recently read letter (never-read first, then oldest), marked read at `read_at`."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(LetterRow)
                .where(LetterRow.team_id == team_id)
                .order_by(
                    LetterRow.last_read_at.is_not(None),
                    LetterRow.last_read_at,
                    LetterRow.id,
                )
                .limit(1)
            ).first()
            if row is None:
                return None
            row.last_read_at = read_at
            row.times_read = (row.times_read or 0) + 1
            session.flush()
            return Letter.model_validate(row)

    def read_at(self, team_id: str, moment: datetime) -> Letter | None:
        """The letter marked to be read at exactly this moment (one scheduled for a meeting)."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(LetterRow).where(
                    LetterRow.team_id == team_id, LetterRow.last_read_at == moment
                )
            ).first()
            return Letter.model_validate(row) if row else None

    def count(self, team_id: str) -> int:
        """How many letters the workspace's library holds."""
        with self._db.transaction() as session:
            return int(
                session.scalar(select(func.count(LetterRow.id)).where(LetterRow.team_id == team_id))
                or 0
            )

    def all(self, team_id: str) -> list[Letter]:
        """Every letter of the workspace, oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(LetterRow).where(LetterRow.team_id == team_id).order_by(LetterRow.id)
            )
            return [Letter.model_validate(row) for row in rows]
