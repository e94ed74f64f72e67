"""Claims on the weekly leaders' digest: one row per workspace and ISO week, inserted by the
replica that sends it; the (team_id, key) unique constraint lets exactly one insert win."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from bot.store.database import Database
from bot.store.tables import ReminderRow

DIGEST_KIND = "digest"


class DigestClaims:
    """Who sends which week's digest, across replicas."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def claim(
        self,
        team_id: str,
        key: str,
        channel_id: str,
        due_at: datetime,
        claimant: str,
        now: datetime,
    ) -> bool:
        """Take the digest `key` for this replica; False when another replica already has it.

        The row is written as sent at claim time, so the pilots' reminder sweep, which picks up
        unsent rows, never mistakes a digest for a check-in; a failed send releases it."""
        try:
            with self._db.transaction() as session:
                session.add(
                    ReminderRow(
                        team_id=team_id,
                        key=key,
                        kind=DIGEST_KIND,
                        channel_id=channel_id,
                        due_at=due_at,
                        claimed_by=claimant,
                        claimed_at=now,
                        sent_at=now,
                    )
                )
            return True
        except IntegrityError:
            return False

    def release(self, team_id: str, key: str, claimant: str) -> None:
        """Give the claim back after a failed send, so the next run tries again."""
        with self._db.transaction() as session:
            session.execute(
                delete(ReminderRow).where(
                    ReminderRow.team_id == team_id,
                    ReminderRow.key == key,
                    ReminderRow.claimed_by == claimant,
                )
            )
