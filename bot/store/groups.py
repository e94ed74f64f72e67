"""Working groups, leaders and processed Slack events in the relational store."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.domain.models import WorkingGroup
from bot.store.database import Database
from bot.store.tables import LeaderRow, ProcessedEventRow, WorkingGroupRow


class GroupStore:
    """Reads and writes working groups, scoped by workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def upsert(
        self, team_id: str, channel_id: str, setting: str, user_id: str
    ) -> tuple[WorkingGroup, bool]:
        """Make the channel a group for `setting`, or change its setting; True when it is new."""
        try:
            return self._upsert(team_id, channel_id, setting, user_id)
        except IntegrityError:
            # Two set-ups of one channel raced; the other inserted first, so this one updates.
            return self._upsert(team_id, channel_id, setting, user_id)

    def _upsert(
        self, team_id: str, channel_id: str, setting: str, user_id: str
    ) -> tuple[WorkingGroup, bool]:
        with self._db.transaction() as session:
            row = session.scalars(
                select(WorkingGroupRow).where(
                    WorkingGroupRow.team_id == team_id, WorkingGroupRow.channel_id == channel_id
                )
            ).one_or_none()
            created = row is None
            if row is None:
                row = WorkingGroupRow(team_id=team_id, channel_id=channel_id, created_by=user_id)
                session.add(row)
            row.setting = setting
            session.flush()
            return WorkingGroup.model_validate(row), created

    def by_channel(self, team_id: str, channel_id: str) -> WorkingGroup | None:
        """The group that works in this channel, if any."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(WorkingGroupRow).where(
                    WorkingGroupRow.team_id == team_id, WorkingGroupRow.channel_id == channel_id
                )
            ).one_or_none()
            return WorkingGroup.model_validate(row) if row else None

    def by_id(self, team_id: str, group_id: int) -> WorkingGroup | None:
        """The group with this id in this workspace, if any."""
        with self._db.transaction() as session:
            row = session.get(WorkingGroupRow, group_id)
            if row is None or row.team_id != team_id:
                return None
            return WorkingGroup.model_validate(row)

    def all(self, team_id: str) -> list[WorkingGroup]:
        """Every group of the workspace, oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(WorkingGroupRow)
                .where(WorkingGroupRow.team_id == team_id)
                .order_by(WorkingGroupRow.id)
            )
            return [WorkingGroup.model_validate(row) for row in rows]

    def every_workspace(self) -> list[WorkingGroup]:
        """Groups of all workspaces, for the operator's report (never shown in Slack)."""
        with self._db.transaction() as session:
            rows = session.scalars(select(WorkingGroupRow).order_by(WorkingGroupRow.id))
            return [WorkingGroup.model_validate(row) for row in rows]

    def update(self, team_id: str, group_id: int, **changes: object) -> WorkingGroup:
        """Change some fields of a group (pause flag, meeting time...)."""
        with self._db.transaction() as session:
            row = session.get(WorkingGroupRow, group_id)
            if row is None or row.team_id != team_id:
                raise LookupError(f"group {group_id} not in workspace")
            for name, value in changes.items():
                setattr(row, name, value)
            session.flush()
            return WorkingGroup.model_validate(row)


class LeaderStore:
    """Who holds the leaders' view in each workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def grant(self, team_id: str, user_id: str, granted_by: str) -> None:
        """Make a member a leader of the workspace (idempotent)."""
        with self._db.transaction() as session:
            exists = session.scalars(
                select(LeaderRow).where(LeaderRow.team_id == team_id, LeaderRow.user_id == user_id)
            ).first()
            if exists is None:
                session.add(LeaderRow(team_id=team_id, user_id=user_id, granted_by=granted_by))

    def is_leader(self, team_id: str, user_id: str) -> bool:
        """Whether the member was granted the leaders' view."""
        with self._db.transaction() as session:
            return (
                session.scalars(
                    select(LeaderRow.id).where(
                        LeaderRow.team_id == team_id, LeaderRow.user_id == user_id
                    )
                ).first()
                is not None
            )


class ProcessedEvents:
    """Remembers Slack event ids so that a retried delivery is handled once, across replicas."""

    def __init__(self, database: Database, keep: timedelta = timedelta(days=2)) -> None:
        self._db = database
        self._keep = keep

    def first_time(self, team_id: str, event_id: str) -> bool:
        """Record the event; False when it was already recorded (a retry or a second replica)."""
        try:
            with self._db.transaction() as session:
                session.add(ProcessedEventRow(event_key=f"{team_id}:{event_id}"))
            return True
        except IntegrityError:
            return False

    def forget(self, team_id: str, event_id: str) -> None:
        """Forget one recorded id, so its next delivery is handled (a refused form's claim)."""
        with self._db.transaction() as session:
            session.execute(
                delete(ProcessedEventRow).where(
                    ProcessedEventRow.event_key == f"{team_id}:{event_id}"
                )
            )

    def forget_old(self) -> int:
        """Drop ids older than Slack's retry window; returns how many were dropped."""
        with self._db.transaction() as session:
            result = session.execute(
                delete(ProcessedEventRow).where(
                    ProcessedEventRow.received_at < utcnow() - self._keep
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)
