"""Missed opportunities in the relational store, scoped by workspace."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.domain.missed import MissedListing, MissedOpportunity
from bot.store.database import Database
from bot.store.tables import BurdenRow, MissedOpportunityRow, WorkingGroupRow


class MissedStore:
    """Reads and writes a group's missed opportunities."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(
        self, team_id: str, group_id: int, recorded_by: str, text: str, burden_id: int | None
    ) -> MissedOpportunity:
        """Store one missed opportunity of a group."""
        with self._db.transaction() as session:
            row = MissedOpportunityRow(
                team_id=team_id,
                group_id=group_id,
                recorded_by=recorded_by,
                text=text,
                burden_id=burden_id,
            )
            session.add(row)
            session.flush()
            return MissedOpportunity.model_validate(row)

    def listings(self, team_id: str, group_ids: Sequence[int]) -> list[MissedListing]:
        """The groups' missed opportunities with setting, channel and burden title, newest first."""
        if not group_ids:
            return []
        with self._db.transaction() as session:
            rows = session.execute(
                select(
                    WorkingGroupRow.setting,
                    WorkingGroupRow.channel_id,
                    MissedOpportunityRow.text,
                    BurdenRow.title,
                    MissedOpportunityRow.created_at,
                )
                .join(WorkingGroupRow, WorkingGroupRow.id == MissedOpportunityRow.group_id)
                .outerjoin(BurdenRow, BurdenRow.id == MissedOpportunityRow.burden_id)
                .where(
                    MissedOpportunityRow.team_id == team_id,
                    MissedOpportunityRow.group_id.in_(list(group_ids)),
                )
                .order_by(MissedOpportunityRow.created_at.desc(), MissedOpportunityRow.id.desc())
            )
            return [
                MissedListing(
                    setting=setting,
                    channel_id=channel_id,
                    text=text,
                    burden_title=title,
                    created_at=created_at,
                )
                for setting, channel_id, text, title, created_at in rows
            ]
