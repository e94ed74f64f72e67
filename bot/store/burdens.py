"""A group's burden inventory in the relational store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot.domain.models import Burden
from bot.store.database import Database
from bot.store.tables import BurdenRow


class BurdenStore:
    """Reads and writes burdens, scoped by workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, team_id: str, group_id: int, created_by: str, **fields: object) -> Burden:
        """Store one burden of a group; `fields` are BurdenRow columns (title, source...)."""
        with self._db.transaction() as session:
            row = BurdenRow(team_id=team_id, group_id=group_id, created_by=created_by, **fields)
            session.add(row)
            session.flush()
            return Burden.model_validate(row)

    def heaviest(self, team_id: str, group_id: int, limit: int) -> list[Burden]:
        """The group's burdens by hours a week, heaviest first; unestimated ones last, newest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(BurdenRow)
                .where(BurdenRow.team_id == team_id, BurdenRow.group_id == group_id)
                .order_by(
                    BurdenRow.hours_per_week.is_(None),
                    BurdenRow.hours_per_week.desc(),
                    BurdenRow.satisfaction_cost.desc(),
                    BurdenRow.id.desc(),
                )
                .limit(limit)
            )
            return [Burden.model_validate(row) for row in rows]

    def added_since(self, team_id: str, group_id: int, since: datetime) -> list[Burden]:
        """Burdens the group added at or after a moment (during a meeting, say), oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(BurdenRow)
                .where(
                    BurdenRow.team_id == team_id,
                    BurdenRow.group_id == group_id,
                    BurdenRow.created_at >= since,
                )
                .order_by(BurdenRow.id)
            )
            return [Burden.model_validate(row) for row in rows]

    def count(self, team_id: str, group_id: int) -> int:
        """How many burdens the group has listed."""
        with self._db.transaction() as session:
            counted = session.scalar(
                select(func.count(BurdenRow.id)).where(
                    BurdenRow.team_id == team_id, BurdenRow.group_id == group_id
                )
            )
            return int(counted or 0)
