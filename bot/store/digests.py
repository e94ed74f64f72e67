"""Claims on the weekly leaders' digest: one row per workspace and ISO week.

The row is inserted in the same transaction as the digest's outbox message (the (team_id, key)
unique constraint lets exactly one replica's insert win) and is marked sent only once that
message is posted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.outbox.messages import OutboxStatus
from bot.store.database import Database
from bot.store.tables import OutboxRow, ReminderRow

DIGEST_KIND = "digest"


class DigestClaims:
    """Which week's digest is written, and whether Slack has it yet."""

    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def database(self) -> Database:
        """The store the claims live in, for writing a claim with its outbox message."""
        return self._db

    def exists(self, team_id: str, key: str) -> bool:
        """Whether some replica already wrote this digest (a cheap check before rendering it)."""
        with self._db.transaction() as session:
            found = session.scalar(
                select(ReminderRow.id).where(ReminderRow.team_id == team_id, ReminderRow.key == key)
            )
            return found is not None

    def claim(
        self, session: Session, team_id: str, key: str, channel_id: str, due_at: datetime
    ) -> bool:
        """Take the digest `key` inside the caller's transaction; False when a replica has it."""
        try:
            with session.begin_nested():
                session.add(
                    ReminderRow(
                        team_id=team_id,
                        key=key,
                        kind=DIGEST_KIND,
                        channel_id=channel_id,
                        due_at=due_at,
                    )
                )
            return True
        except IntegrityError:
            return False

    def link(self, session: Session, team_id: str, key: str, outbox_id: int) -> None:
        """Remember which outbox message carries the digest."""
        session.execute(
            update(ReminderRow)
            .where(ReminderRow.team_id == team_id, ReminderRow.key == key)
            .values(outbox_id=outbox_id)
        )

    def mark_posted(self, now: datetime) -> int:
        """Mark sent the digests whose message is posted; returns how many."""
        with self._db.transaction() as session:
            posted = select(OutboxRow.id).where(OutboxRow.status == OutboxStatus.POSTED.value)
            result = session.execute(
                update(ReminderRow)
                .where(
                    ReminderRow.kind == DIGEST_KIND,
                    ReminderRow.sent_at.is_(None),
                    ReminderRow.outbox_id.in_(posted),
                )
                .values(sent_at=now)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def sent_at(self, team_id: str, key: str) -> datetime | None:
        """When the digest `key` reached Slack, if it has."""
        with self._db.transaction() as session:
            return session.scalar(
                select(ReminderRow.sent_at).where(
                    ReminderRow.team_id == team_id, ReminderRow.key == key
                )
            )
