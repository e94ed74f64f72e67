"""Facilitators named for each working group, in the relational store."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.store.database import Database
from bot.store.tables import FacilitatorRow, MeetingRow


class FacilitatorStore:
    """Who was named facilitator of which group (whoever ran `start` is one without a row)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def name(self, team_id: str, group_id: int, user_id: str, named_by: str) -> bool:
        """Name a facilitator; False when they already were one."""
        try:
            with self._db.transaction() as session:
                session.add(
                    FacilitatorRow(
                        team_id=team_id, group_id=group_id, user_id=user_id, named_by=named_by
                    )
                )
            return True
        except IntegrityError:
            return False

    def named(self, team_id: str, group_id: int) -> list[str]:
        """The user ids named facilitator of the group, oldest first."""
        with self._db.transaction() as session:
            return list(
                session.scalars(
                    select(FacilitatorRow.user_id)
                    .where(FacilitatorRow.team_id == team_id, FacilitatorRow.group_id == group_id)
                    .order_by(FacilitatorRow.id)
                )
            )

    def groups_of(self, team_id: str, user_id: str) -> set[int]:
        """The ids of the groups the member facilitates: named, or having started a meeting."""
        with self._db.transaction() as session:
            named = session.scalars(
                select(FacilitatorRow.group_id).where(
                    FacilitatorRow.team_id == team_id, FacilitatorRow.user_id == user_id
                )
            )
            started = session.scalars(
                select(MeetingRow.group_id).where(
                    MeetingRow.team_id == team_id, MeetingRow.started_by == user_id
                )
            )
            return {*named, *started}
