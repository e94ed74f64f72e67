"""What goes into the outbox, and what became of it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class OutboxStatus(StrEnum):
    """Where a message stands: waiting to post, in Slack, or needing a person."""

    PENDING = "pending"
    POSTED = "posted"
    # Tried for good (or refused by Slack): waits for Post again.
    FAILED = "failed"
    # Withdrawn before posting (a `start` that lost a race, or a channel the bot is not in).
    CANCELLED = "cancelled"


# Slack refused the message itself (not the channel): what follows it need not wait for it.
CONTENT_REFUSALS = frozenset(
    {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text", "invalid_arguments"}
)


class OutgoingMessage(BaseModel):
    """One message to post in a channel, already rendered as text and Block Kit."""

    model_config = ConfigDict(frozen=True)

    channel_id: str
    kind: str  # "letter", "opening", "question", "summary", "closed", "digest", ...
    text: str
    blocks: list[dict[str, Any]] = Field(default_factory=list)
    # Posted under the meeting's thread (the opening's ts), once the opening is in Slack.
    in_meeting_thread: bool = False
    # This is the meeting's opening: its ts becomes the meeting's thread.
    opens_meeting_thread: bool = False
    # Posted no earlier than this (a notice due later); meanwhile it holds back nothing.
    post_at: datetime | None = None


class MeetingThread(BaseModel):
    """The meeting a batch of messages belongs to, and its thread's ts if already posted."""

    model_config = ConfigDict(frozen=True)

    meeting_id: int
    thread_ts: str | None = None


class Outcome(BaseModel):
    """What one delivery attempt of one message came to."""

    model_config = ConfigDict(frozen=True)

    message_id: int
    kind: str
    posted: bool
    ts: str | None = None
    error: str | None = None
    # Slack refused the content or the place; trying again as it is will not help.
    refused: bool = False


class Delivery(BaseModel):
    """The messages of one change and what became of each; `ok` when all are in Slack."""

    model_config = ConfigDict(frozen=True)

    team_id: str
    message_ids: tuple[int, ...]
    outcomes: tuple[Outcome, ...] = ()

    @property
    def ok(self) -> bool:
        """Every message of the change is posted."""
        posted = {o.message_id for o in self.outcomes if o.posted}
        return all(m in posted for m in self.message_ids)

    @property
    def first_failure(self) -> Outcome | None:
        """The first message that could not be posted, if any."""
        return next((o for o in self.outcomes if not o.posted), None)

    @property
    def waiting(self) -> tuple[int, ...]:
        """Messages not posted yet (failed, or waiting for one that failed)."""
        posted = {o.message_id for o in self.outcomes if o.posted}
        return tuple(m for m in self.message_ids if m not in posted)
