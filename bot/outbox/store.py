"""Outbox rows: added inside the caller's transaction, claimed under a lease, marked posted.

Claims are conditional UPDATEs (`... WHERE claimed_by IS NULL OR claimed_at < lease`), which
PostgreSQL and SQLite both serialise, so two replicas never post one message twice. A claim
taken over from a replica that died mid-post marks the message `uncertain`: the sender then
looks in the channel for it before posting again."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.outbox.messages import (
    CONTENT_REFUSALS,
    MeetingThread,
    OutboxStatus,
    OutgoingMessage,
)
from bot.store.database import Database
from bot.store.tables import MeetingRow, OutboxRow

DEFAULT_LEASE = timedelta(minutes=2)
# A message is left to the process that wrote it for this long before the sweep takes it.
SWEEP_GRACE = timedelta(seconds=5)
SWEEP_BATCH = 50


class QueuedMessage(BaseModel):
    """A claimed row, with the thread it must go under resolved."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    team_id: str
    channel_id: str
    kind: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None
    meeting_id: int | None
    notify_user_id: str | None
    attempts: int
    uncertain: bool
    notified: bool
    created_at: datetime


class OutboxStore:
    """Every workspace's outbox over the relational store."""

    def __init__(self, database: Database, lease: timedelta = DEFAULT_LEASE) -> None:
        self._db = database
        self.lease = lease

    @property
    def database(self) -> Database:
        """The store the rows live in, for callers that write a change and its messages together."""
        return self._db

    def add(
        self,
        session: Session,
        team_id: str,
        messages: Sequence[OutgoingMessage],
        thread: MeetingThread | None = None,
        notify_user_id: str | None = None,
        now: datetime | None = None,
    ) -> list[int]:
        """Write messages in the caller's transaction, each posted after the one before it
        (the first after the channel's last unposted message); returns their ids."""
        ids: list[int] = []
        opening_id = self._opening_id(session, thread) if thread else None
        previous = (
            self._last_unposted(session, team_id, messages[0].channel_id) if messages else None
        )
        for message in messages:
            row = OutboxRow(
                team_id=team_id,
                channel_id=message.channel_id,
                kind=message.kind,
                text=message.text,
                blocks=json.dumps(message.blocks),
                after_id=previous,
                notify_user_id=notify_user_id,
                status=OutboxStatus.PENDING.value,
                attempts=0,
                uncertain=False,
                notified=False,
                **({"created_at": now, "next_attempt_at": now} if now else {}),
            )
            if message.post_at is not None:
                row.next_attempt_at = message.post_at
            if message.opens_meeting_thread and thread is not None:
                row.meeting_id = thread.meeting_id
            elif message.in_meeting_thread and thread is not None:
                if thread.thread_ts:
                    row.thread_ts = thread.thread_ts
                else:
                    row.thread_of_id = opening_id
            session.add(row)
            session.flush()
            if message.opens_meeting_thread:
                opening_id = row.id
            previous = row.id
            ids.append(row.id)
        return ids

    def _opening_id(self, session: Session, thread: MeetingThread) -> int | None:
        """The outbox row of a meeting's opening, whose ts its replies wait for."""
        if thread.thread_ts:
            return None
        return session.scalar(
            select(OutboxRow.id)
            .where(OutboxRow.meeting_id == thread.meeting_id)
            .order_by(OutboxRow.id.desc())
            .limit(1)
        )

    def _last_unposted(self, session: Session, team_id: str, channel_id: str) -> int | None:
        return session.scalar(
            select(OutboxRow.id)
            .where(
                OutboxRow.team_id == team_id,
                OutboxRow.channel_id == channel_id,
                OutboxRow.status.in_([OutboxStatus.PENDING.value, OutboxStatus.FAILED.value]),
                # A message due later (a time-up notice) does not hold back what comes meanwhile.
                or_(OutboxRow.attempts > 0, OutboxRow.next_attempt_at <= utcnow()),
            )
            .order_by(OutboxRow.id.desc())
            .limit(1)
        )

    def claim(
        self,
        ids: Iterable[int] | None,
        now: datetime,
        claimant: str,
        force: bool = False,
        exclude: Iterable[int] = (),
    ) -> list[QueuedMessage]:
        """Claim the given rows (or every due row, for the sweep) whose turn has come.

        A row's turn comes once the row before it and its thread's parent are posted; `force`
        (Post again, or delivery right after the change) ignores the retry delay."""
        stale = now - self.lease
        claimable = and_(
            OutboxRow.status == OutboxStatus.PENDING.value,
            or_(OutboxRow.claimed_by.is_(None), OutboxRow.claimed_at < stale),
        )
        with self._db.transaction() as session:
            query = select(OutboxRow).where(claimable).order_by(OutboxRow.id)
            if ids is not None:
                query = query.where(OutboxRow.id.in_(list(ids)))
            else:
                query = query.where(
                    OutboxRow.next_attempt_at <= now,
                    or_(OutboxRow.attempts > 0, OutboxRow.created_at <= now - SWEEP_GRACE),
                ).limit(SWEEP_BATCH)
            if not force and ids is not None:
                query = query.where(OutboxRow.next_attempt_at <= now)
            skipped = set(exclude)
            candidates = [row for row in session.scalars(query) if row.id not in skipped]
            turns = [(row.id, self._turn(session, row)) for row in candidates]
            ready = [(row_id, thread) for row_id, thread in turns if thread is not None]
        claimed = []
        for row_id, thread in ready:
            message = self._claim_one(row_id, claimable, claimant, now)
            if message is not None:
                claimed.append(message.model_copy(update={"thread_ts": thread or None}))
        return claimed

    def _turn(self, session: Session, row: OutboxRow) -> str | None:
        """None until the row may post (the message before it is posted, or was refused for
        its content); then its thread ts ('' for none, or its parent was never posted)."""
        if row.after_id is not None:
            before = session.get(OutboxRow, row.after_id)
            if before is not None and (
                before.status == OutboxStatus.PENDING.value
                or (
                    before.status == OutboxStatus.FAILED.value
                    and before.error not in CONTENT_REFUSALS
                )
            ):
                return None
        if row.thread_ts:
            return row.thread_ts
        if row.thread_of_id is not None:
            parent = session.get(OutboxRow, row.thread_of_id)
            refused = parent is not None and parent.error in CONTENT_REFUSALS
            if parent is not None and parent.status != OutboxStatus.CANCELLED.value and not refused:
                return parent.posted_ts or None
        return ""

    def stuck(self, message_ids: Iterable[int]) -> bool:
        """Whether any of these messages waits on one that failed (rather than one in flight)."""
        with self._db.transaction() as session:
            rows = session.scalars(select(OutboxRow).where(OutboxRow.id.in_(list(message_ids))))
            return any(self._waits_on_a_failure(session, row) for row in rows)

    @staticmethod
    def _waits_on_a_failure(session: Session, row: OutboxRow) -> bool:
        """Whether the row, or any message it waits for (however far back the chain of
        messages before it and thread parents goes), failed or waits for a retry."""
        seen: set[int] = set()
        waiting = [row]
        while waiting and len(seen) < 1000:
            current = waiting.pop()
            if current.id in seen or current.status == OutboxStatus.POSTED.value:
                continue
            seen.add(current.id)
            if current.status == OutboxStatus.FAILED.value or (
                current.status == OutboxStatus.PENDING.value and current.attempts > 0
            ):
                return True
            for before_id in (current.after_id, current.thread_of_id):
                before = session.get(OutboxRow, before_id) if before_id else None
                if before is not None:
                    waiting.append(before)
        return False

    def _claim_one(
        self, row_id: int, claimable: Any, claimant: str, now: datetime
    ) -> QueuedMessage | None:
        with self._db.transaction() as session:
            result = session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == row_id, claimable)
                .values(
                    claimed_by=claimant,
                    claimed_at=now,
                    # Another process held it and never finished: it may have posted.
                    uncertain=case(
                        (OutboxRow.claimed_by.is_not(None), True), else_=OutboxRow.uncertain
                    ),
                )
                .execution_options(synchronize_session=False)
            )
            if int(getattr(result, "rowcount", 0) or 0) != 1:
                return None
            row = session.get(OutboxRow, row_id)
            assert row is not None
            session.refresh(row)
            return QueuedMessage(
                id=row.id,
                team_id=row.team_id,
                channel_id=row.channel_id,
                kind=row.kind,
                text=row.text,
                blocks=json.loads(row.blocks or "[]"),
                thread_ts=row.thread_ts,
                meeting_id=row.meeting_id,
                notify_user_id=row.notify_user_id,
                attempts=row.attempts,
                uncertain=row.uncertain,
                notified=row.notified,
                created_at=row.created_at,
            )

    def mark_posted(self, message: QueuedMessage, claimant: str, ts: str, now: datetime) -> None:
        """Record Slack's ts; an opening's ts becomes its meeting's thread in the same commit."""
        with self._db.transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == message.id, OutboxRow.claimed_by == claimant)
                .values(
                    status=OutboxStatus.POSTED.value,
                    posted_ts=ts,
                    posted_at=now,
                    thread_ts=message.thread_ts,
                    claimed_by=None,
                    claimed_at=None,
                    uncertain=False,
                    error=None,
                )
                .execution_options(synchronize_session=False)
            )
            if message.meeting_id is not None:
                session.execute(
                    update(MeetingRow)
                    .where(
                        MeetingRow.id == message.meeting_id, MeetingRow.team_id == message.team_id
                    )
                    .values(thread_ts=ts)
                )

    def mark_failed(
        self,
        message: QueuedMessage,
        claimant: str,
        error: str,
        retry_at: datetime | None,
        uncertain: bool = False,
    ) -> None:
        """Give the claim back after a failed attempt: retried at `retry_at`, or held for Post again."""
        with self._db.transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == message.id, OutboxRow.claimed_by == claimant)
                .values(
                    status=OutboxStatus.PENDING.value if retry_at else OutboxStatus.FAILED.value,
                    attempts=OutboxRow.attempts + 1,
                    next_attempt_at=retry_at or OutboxRow.next_attempt_at,
                    claimed_by=None,
                    claimed_at=None,
                    uncertain=uncertain,
                    error=error[:64],
                )
                .execution_options(synchronize_session=False)
            )

    def revise(self, message_id: int, text: str, blocks: list[dict[str, Any]]) -> bool:
        """Replace a message's content while nobody has taken it to post (the first version
        was written with the change; this one knows more); False when it is already on its way."""
        with self._db.transaction() as session:
            result = session.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.id == message_id,
                    OutboxRow.status == OutboxStatus.PENDING.value,
                    OutboxRow.claimed_by.is_(None),
                    OutboxRow.attempts == 0,
                )
                .values(text=text, blocks=json.dumps(blocks))
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0) == 1

    def mark_notified(self, message_ids: Iterable[int], notified: bool = True) -> None:
        """Remember that someone was told, so a failing message is announced once."""
        with self._db.transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(list(message_ids)))
                .values(notified=notified)
                .execution_options(synchronize_session=False)
            )

    def post_again(self, team_id: str, message_id: int, now: datetime) -> list[int]:
        """Put a failed message (and those waiting on it) back in line; returns the ids to deliver."""
        with self._db.transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.team_id == team_id,
                    OutboxRow.id == message_id,
                    OutboxRow.status == OutboxStatus.FAILED.value,
                )
                .values(status=OutboxStatus.PENDING.value, next_attempt_at=now, notified=False)
                .execution_options(synchronize_session=False)
            )
            row = session.get(OutboxRow, message_id)
            if row is None or row.team_id != team_id:
                return []
            waiting = session.scalars(
                select(OutboxRow.id)
                .where(
                    OutboxRow.team_id == team_id,
                    OutboxRow.channel_id == row.channel_id,
                    OutboxRow.status == OutboxStatus.PENDING.value,
                    OutboxRow.id >= message_id,
                )
                .order_by(OutboxRow.id)
            )
            return list(waiting)

    def cancel(self, session: Session, message_ids: Iterable[int]) -> None:
        """Withdraw messages not posted yet (their change was undone)."""
        session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(list(message_ids)),
                OutboxRow.status != OutboxStatus.POSTED.value,
            )
            .values(status=OutboxStatus.CANCELLED.value, claimed_by=None)
            .execution_options(synchronize_session=False)
        )

    def withdraw(
        self,
        session: Session,
        team_id: str,
        channel_id: str,
        kind: str,
        due_before: datetime | None = None,
    ) -> int:
        """Withdraw a channel's messages of one kind not posted yet (none being posted right
        now; with `due_before`, only those due before it), in the caller's transaction; returns
        how many."""
        due = () if due_before is None else (OutboxRow.next_attempt_at < due_before,)
        result = session.execute(
            update(OutboxRow)
            .where(*_waiting(team_id, channel_id, kind), OutboxRow.claimed_by.is_(None), *due)
            .values(status=OutboxStatus.CANCELLED.value)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def first_waiting(self, team_id: str, channel_id: str, kind: str) -> int | None:
        """The id of the channel's oldest message of this kind not posted yet, if any."""
        with self._db.transaction() as session:
            return session.scalar(
                select(OutboxRow.id)
                .where(*_waiting(team_id, channel_id, kind))
                .order_by(OutboxRow.id)
                .limit(1)
            )

    def waiting(self, team_id: str, channel_id: str, kind: str) -> bool:
        """Whether a message of this kind waits to be posted in the channel."""
        with self._db.transaction() as session:
            found = session.scalar(
                select(OutboxRow.id).where(*_waiting(team_id, channel_id, kind)).limit(1)
            )
            return found is not None

    def status(self, message_id: int) -> OutboxStatus | None:
        """Where one message stands."""
        with self._db.transaction() as session:
            value = session.scalar(select(OutboxRow.status).where(OutboxRow.id == message_id))
            return OutboxStatus(value) if value else None

    def posted_ts(self, message_id: int) -> str | None:
        """Slack's ts of a posted message."""
        with self._db.transaction() as session:
            return session.scalar(select(OutboxRow.posted_ts).where(OutboxRow.id == message_id))

    def purge_posted(self, before: datetime) -> int:
        """Forget posted and withdrawn messages older than `before`; returns how many."""
        with self._db.transaction() as session:
            result = session.execute(
                delete(OutboxRow).where(
                    OutboxRow.status.in_([OutboxStatus.POSTED.value, OutboxStatus.CANCELLED.value]),
                    OutboxRow.created_at < before,
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)


def _waiting(team_id: str, channel_id: str, kind: str) -> tuple[Any, ...]:
    """The conditions of a channel's messages of one kind not posted yet."""
    return (
        OutboxRow.team_id == team_id,
        OutboxRow.channel_id == channel_id,
        OutboxRow.kind == kind,
        OutboxRow.status.in_([OutboxStatus.PENDING.value, OutboxStatus.FAILED.value]),
    )
