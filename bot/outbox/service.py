"""The outbox as services use it: write messages with a change, deliver them, post again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.errors import InvalidInput
from bot.outbox.messages import Delivery, MeetingThread, OutboxStatus, OutgoingMessage
from bot.outbox.sender import OutboxSender
from bot.outbox.store import OutboxStore


class Outbox:
    """One door for the messages the group must see."""

    def __init__(self, store: OutboxStore, sender: OutboxSender | None = None) -> None:
        self.store = store
        self.sender = sender

    def add(
        self,
        session: Session,
        team_id: str,
        messages: Sequence[OutgoingMessage],
        thread: MeetingThread | None = None,
        notify_user_id: str | None = None,
        now: datetime | None = None,
    ) -> list[int]:
        """Write messages inside the caller's transaction (the change they show commits with them)."""
        return self.store.add(session, team_id, messages, thread, notify_user_id, now)

    def write(
        self,
        team_id: str,
        messages: Sequence[OutgoingMessage],
        thread: MeetingThread | None = None,
        notify_user_id: str | None = None,
    ) -> list[int]:
        """Write messages in a transaction of their own, to post when due (the sweep)."""
        with self.store.database.transaction() as session:
            return self.add(session, team_id, messages, thread, notify_user_id)

    def post(
        self,
        team_id: str,
        messages: Sequence[OutgoingMessage],
        thread: MeetingThread | None = None,
        notify_user_id: str | None = None,
    ) -> Delivery:
        """Write messages that show a change already saved, and post them now."""
        return self.deliver(team_id, self.write(team_id, messages, thread, notify_user_id))

    def revise(self, message_id: int, message: OutgoingMessage) -> bool:
        """Give a message written with its change fuller content before it is posted; False
        (the first version stands) when it is already being posted."""
        return self.store.revise(message_id, message.text, message.blocks)

    def deliver(self, team_id: str, message_ids: Sequence[int]) -> Delivery:
        """Post them now; without a sender (a CLI run) they wait for `serve`'s sweep."""
        if self.sender is None or not message_ids:
            return Delivery(team_id=team_id, message_ids=tuple(message_ids))
        delivery = self.sender.deliver(team_id, message_ids)
        return delivery

    def post_again(self, team_id: str, message_id: int) -> Delivery:
        """Post a message that failed (and what waits on it) now; a message already posted says so."""
        status = self.store.status(message_id)
        if status is OutboxStatus.POSTED:
            raise InvalidInput("That message is already posted.")
        if status is None or status is OutboxStatus.CANCELLED:
            raise InvalidInput("That message is no longer waiting to be posted.")
        ids = self.store.post_again(team_id, message_id, utcnow())
        if not ids:
            raise InvalidInput("That message is no longer waiting to be posted.")
        return self.deliver(team_id, ids)

    def withdraw(self, team_id: str, channel_id: str, kind: str) -> int:
        """Withdraw a channel's messages of one kind still waiting (a notice no longer due)."""
        with self.store.database.transaction() as session:
            return self.store.withdraw(session, team_id, channel_id, kind)

    def replace(
        self,
        team_id: str,
        channel_id: str,
        kind: str,
        messages: Sequence[OutgoingMessage],
        notify_user_id: str | None = None,
    ) -> list[int]:
        """Withdraw the channel's waiting messages of this kind and write these instead, in one
        transaction (a letter for the meeting time that changed); they post when due."""
        with self.store.database.transaction() as session:
            self.store.withdraw(session, team_id, channel_id, kind)
            return self.add(session, team_id, messages, notify_user_id=notify_user_id)

    def first_waiting(self, team_id: str, channel_id: str, kind: str) -> int | None:
        """The oldest message of this kind the channel still waits for, if any."""
        return self.store.first_waiting(team_id, channel_id, kind)

    def waiting(self, team_id: str, channel_id: str, kind: str) -> bool:
        """Whether a message of this kind waits to be posted in the channel."""
        return self.store.waiting(team_id, channel_id, kind)

    def sweep(self) -> int:
        """Post what is due (the background job); returns how many were posted."""
        return self.sender.sweep() if self.sender is not None else 0

    def mark_told(self, delivery: Delivery, told: bool = True) -> None:
        """The person who made the change was told about what failed: no second notice
        (`told=False` undoes it when telling them failed, so the background sweep tells them)."""
        self.store.mark_notified(delivery.waiting, told)
