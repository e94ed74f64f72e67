"""The time-box in the meeting's thread: each question's time-up notice is scheduled with
Slack (`chat.scheduleMessage`), so it appears once at its time, even if this bot restarts;
moving on or ending the meeting withdraws the notice not yet due. While the opening still
waits in the outbox (Slack failed it), the notice waits there behind it instead."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

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


def before_question(services: Services, client: WebClient, prompt: QuestionPrompt) -> TimeUp | None:
    """Before a question is posted: withdraw the last question's notice and note the stage
    time; returns this question's notice when the meeting is time-boxed. A Slack failure here
    must not stop the question, so it is only logged."""
    meeting = prompt.meeting
    due = services.time_box.question_posted(meeting, prompt.question)
    try:
        withdraw_time_up(services, client, meeting)
    except SlackApiError as error:
        log.warning("could not withdraw time-up notices: %s", error.response.get("error"))
    return due


def after_question(
    services: Services, client: WebClient, prompt: QuestionPrompt, due: TimeUp | None
) -> None:
    """After a question is posted in a time-boxed meeting: say so once at the first question,
    and schedule this question's time-up notice for its share."""
    if due is None:
        return
    meeting = prompt.meeting
    if meeting.thread_ts is None:
        queue_time_box(services, prompt, due)
        return
    try:
        if prompt.question is ORDER[0]:
            text, blocks = time_box_note(due)
            client.chat_postMessage(
                channel=meeting.channel_id, thread_ts=meeting.thread_ts, text=text, blocks=blocks
            )
        client.chat_scheduleMessage(
            channel=meeting.channel_id,
            thread_ts=meeting.thread_ts,
            post_at=int(due.due_at.timestamp()),
            text=TIME_UP_TEXT,
            blocks=time_up_blocks(due, services.settings.unburden_command),
        )
    except SlackApiError as error:
        log.warning(
            "time-box notice failed for meeting %s: %s", meeting.id, error.response.get("error")
        )


def queue_time_box(services: Services, prompt: QuestionPrompt, due: TimeUp) -> None:
    """The opening is still waiting in the outbox, so Slack cannot schedule a reply to it yet:
    queue the note and the notice behind it instead; the notice posts at its time (the
    outbox's sweep), in the thread, unless moving on withdraws it first."""
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
    with services.database.transaction() as session:
        services.outbox.add(
            session, meeting.team_id, messages, MeetingThread(meeting_id=meeting.id)
        )


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


def withdraw_time_up(services: Services, client: WebClient, meeting: Meeting) -> None:
    """Withdraw the channel's time-up notices not yet due: queued in the outbox (the opening
    was waiting) or scheduled with Slack."""
    channel_id = meeting.channel_id
    services.outbox.withdraw(meeting.team_id, channel_id, TIME_UP_KIND)
    listed = client.chat_scheduledMessages_list(channel=channel_id)
    pending: list[dict[str, Any]] = listed.get("scheduled_messages", [])
    for message in pending:
        if message.get("text") == TIME_UP_TEXT:
            client.chat_deleteScheduledMessage(
                channel=channel_id, scheduled_message_id=message["id"]
            )


def with_time_spent(
    services: Services, client: WebClient | None, summary: MeetingSummary, messages: list[Blocks]
) -> list[Blocks]:
    """The summary's messages with the time per question added to the first one, once any
    pending notice is withdrawn (the meeting is over; without a client nothing is withdrawn)."""
    if client is not None:
        try:
            withdraw_time_up(services, client, summary.meeting)
        except SlackApiError as error:
            log.warning("could not withdraw time-up notices: %s", error.response.get("error"))
    spent = time_spent_blocks(services.time_box.times(summary.meeting))
    if not messages or not spent:
        return messages
    return [[*messages[0], *spent], *messages[1:]]
