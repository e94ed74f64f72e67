"""Reminders due at a time, claimed atomically so that several replicas send each one once.

PostgreSQL hands each replica different rows with SELECT ... FOR UPDATE SKIP LOCKED. SQLite has
no row locks; there a conditional UPDATE ... WHERE claimed_by IS NULL claims a row, and the
row count says whether this replica won it. A claim older than the lease is taken over, so a
replica that died between claiming and sending does not lose the reminder."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.database import Database
from bot.store.tables import PilotRow, ReminderRow

CLAIM_LEASE = timedelta(minutes=10)
CLAIM_BATCH = 50


class Reminder(BaseModel):
    """A message due at a time: who gets it, about which pilot."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    team_id: str
    key: str
    kind: str
    pilot_id: int | None = None
    user_id: str | None = None
    channel_id: str | None = None
    due_at: datetime


class ReminderStore:
    """Reminders of every workspace; scheduling is idempotent by (team_id, key)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def schedule(
        self,
        team_id: str,
        key: str,
        kind: str,
        due_at: datetime,
        pilot_id: int | None = None,
        user_id: str | None = None,
        channel_id: str | None = None,
        session: Session | None = None,
    ) -> bool:
        """Add a reminder; False when one with this key exists (scheduled twice, or by a replica).

        With a `session`, it is written in the caller's transaction (and commits with it)."""
        row = ReminderRow(
            team_id=team_id,
            key=key,
            kind=kind,
            due_at=due_at,
            pilot_id=pilot_id,
            user_id=user_id,
            channel_id=channel_id,
        )
        if session is not None:
            taken = session.scalar(
                select(ReminderRow.id).where(ReminderRow.team_id == team_id, ReminderRow.key == key)
            )
            if taken is not None:
                return False
            session.add(row)
            session.flush()
            return True
        try:
            with self._db.transaction() as own:
                own.add(row)
            return True
        except IntegrityError:
            return False

    def claim_due(
        self, kind: str, now: datetime, claimant: str, limit: int = CLAIM_BATCH
    ) -> list[Reminder]:
        """Claim unsent reminders of one kind due by `now` for this replica, and no other's.

        The kind matters: the weekly digest keeps its claims in the same table."""
        stale = now - CLAIM_LEASE
        claimable = and_(
            ReminderRow.kind == kind,
            ReminderRow.sent_at.is_(None),
            ReminderRow.due_at <= now,
            or_(ReminderRow.claimed_by.is_(None), ReminderRow.claimed_at < stale),
        )
        if not self._db.is_sqlite:
            with self._db.transaction() as session:
                rows = session.scalars(
                    select(ReminderRow)
                    .where(claimable)
                    .order_by(ReminderRow.due_at)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                ).all()
                for row in rows:
                    row.claimed_by, row.claimed_at = claimant, now
                return [Reminder.model_validate(row) for row in rows]
        with self._db.transaction() as session:
            candidates = session.scalars(
                select(ReminderRow).where(claimable).order_by(ReminderRow.due_at).limit(limit)
            ).all()
            found = [Reminder.model_validate(row) for row in candidates]
        return [
            reminder for reminder in found if self._claim_one(reminder.id, claimable, claimant, now)
        ]

    def _claim_one(self, reminder_id: int, claimable: object, claimant: str, now: datetime) -> bool:
        """Claim one row if it is still claimable; the row count tells who won."""
        with self._db.transaction() as session:
            result = session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, claimable)  # type: ignore[arg-type]
                .values(claimed_by=claimant, claimed_at=now)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0) == 1

    def mark_sent(self, reminder_id: int, claimant: str, now: datetime) -> None:
        """Record that this replica sent (or deliberately skipped) the reminder."""
        with self._db.transaction() as session:
            session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, ReminderRow.claimed_by == claimant)
                .values(sent_at=now)
                .execution_options(synchronize_session=False)
            )

    def release(self, reminder_id: int, claimant: str) -> None:
        """Give a claim back after a failed send, so the next run tries again."""
        with self._db.transaction() as session:
            session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, ReminderRow.claimed_by == claimant)
                .values(claimed_by=None, claimed_at=None)
                .execution_options(synchronize_session=False)
            )

    def cancel_for_pilot(self, team_id: str, pilot_id: int) -> int:
        """Drop a pilot's unsent reminders (it was adopted or abandoned); returns how many."""
        with self._db.transaction() as session:
            result = session.execute(
                delete(ReminderRow).where(
                    ReminderRow.team_id == team_id,
                    ReminderRow.pilot_id == pilot_id,
                    ReminderRow.sent_at.is_(None),
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def pending(self, team_id: str, pilot_id: int) -> list[Reminder]:
        """A pilot's unsent reminders, soonest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(ReminderRow)
                .join(PilotRow, PilotRow.id == ReminderRow.pilot_id)
                .where(
                    ReminderRow.team_id == team_id,
                    PilotRow.team_id == team_id,
                    ReminderRow.pilot_id == pilot_id,
                    ReminderRow.sent_at.is_(None),
                )
                .order_by(ReminderRow.due_at)
            )
            return [Reminder.model_validate(row) for row in rows]
