"""The time-box in the meeting's thread: each question's time-up notice waits in the outbox,
due at the question's share of the time, and the background sweep posts it once, in the
thread (behind the opening when Slack has not taken that yet), retried like every post and
kept across restarts; moving on or ending the meeting withdraws the notice not yet due."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.blocks import Blocks
from bot.blocks.time_box import TIME_UP_TEXT, time_box_note, time_spent_blocks, time_up_blocks
from bot.domain.meetings import MeetingSummary
from bot.domain.models import Meeting
from bot.domain.questions import ORDER
from bot.outbox import MeetingThread, OutgoingMessage
from bot.services.container import Services
from bot.services.meetings import QuestionPrompt
from bot.services.time_box import TimeUp

log = logging.getLogger(__name__)

# Outbox kinds of the time-box's messages, queued while the opening waits to be posted.
TIME_BOX_KIND = "time_box"
TIME_UP_KIND = "time_up"


def before_question(services: Services, prompt: QuestionPrompt) -> TimeUp | None:
    """Before a question is posted: withdraw the last question's notice and note the stage
    time; returns this question's notice when the meeting is time-boxed."""
    meeting = prompt.meeting
    due = services.time_box.question_posted(meeting, prompt.question)
    withdraw_time_up(services, meeting)
    return due


def after_question(services: Services, prompt: QuestionPrompt, due: TimeUp | None) -> None:
    """After a question is posted in a time-boxed meeting: say so once at the first question
    (posted now), and queue this question's time-up notice for its share (posted when due)."""
    if due is None:
        return
    meeting = prompt.meeting
    command = services.settings.unburden_command
    messages = []
    if prompt.question is ORDER[0]:
        text, blocks = time_box_note(due)
        messages.append(_in_thread(meeting.channel_id, TIME_BOX_KIND, text, blocks))
    messages.append(
        _in_thread(
            meeting.channel_id,
            TIME_UP_KIND,
            TIME_UP_TEXT,
            time_up_blocks(due, command),
            post_at=due.due_at,
        )
    )
    thread = MeetingThread(meeting_id=meeting.id, thread_ts=meeting.thread_ts)
    ids = services.outbox.write(meeting.team_id, messages, thread)
    if meeting.thread_ts is not None and len(ids) > 1:
        services.outbox.deliver(meeting.team_id, ids[:1])  # the note now; the notice when due


def _in_thread(
    channel_id: str, kind: str, text: str, blocks: Blocks, post_at: datetime | None = None
) -> OutgoingMessage:
    return OutgoingMessage(
        channel_id=channel_id,
        kind=kind,
        text=text,
        blocks=blocks,
        in_meeting_thread=True,
        post_at=post_at,
    )


def withdraw_time_up(services: Services, meeting: Meeting) -> None:
    """Withdraw the meeting's time-up notice not yet posted (the meeting moved on or ended)."""
    services.outbox.withdraw(meeting.team_id, meeting.channel_id, TIME_UP_KIND)


def with_time_spent(
    services: Services, summary: MeetingSummary, messages: list[Blocks]
) -> list[Blocks]:
    """The summary's messages with the time per question added to the first one, once any
    pending notice is withdrawn (the meeting is over)."""
    withdraw_time_up(services, summary.meeting)
    spent = time_spent_blocks(services.time_box.times(summary.meeting))
    if not messages or not spent:
        return messages
    return [[*messages[0], *spent], *messages[1:]]
