"""Posting a meeting's messages to the channel, shared by the verbs and the buttons.

The opening is a top-level message; its ts becomes the meeting's thread, under which every
question and the summary are posted, so the channel stays readable on a phone."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assist.models import IdeaDiscussion, StageSummary
from bot.blocks.letters import letter_already_posted_blocks, letter_blocks, no_letter_blocks
from bot.blocks.meeting import (
    meeting_closed_blocks,
    opening_blocks,
    opening_text,
    question_blocks,
    question_text,
    summary_messages,
    summary_text,
)
from bot.domain.meetings import MeetingSummary
from bot.domain.models import ExperimentStatus, Letter, WorkingGroup
from bot.domain.questions import Question
from bot.errors import UserError
from bot.listeners.time_box_posts import after_question, before_question, with_time_spent
from bot.services.container import Services
from bot.services.letters import ScheduledLetter
from bot.services.meetings import MeetingOpened, QuestionPrompt

log = logging.getLogger(__name__)

# Slack errors that mean the bot cannot post in the channel at all.
_NOT_IN_CHANNEL = {"not_in_channel", "channel_not_found", "is_archived"}
# The fallback text of a letter; it also tells our scheduled letters from other scheduled messages.
LETTER_TEXT = "A letter from a patient"


def post_start(services: Services, client: WebClient, opened: MeetingOpened) -> None:
    """Post the letter of the day, the opening and the first question, in that order."""
    meeting = opened.first.meeting
    command = services.settings.unburden_command
    if opened.letter_already_posted:
        first_blocks = letter_already_posted_blocks()
    elif opened.letter is not None:
        first_blocks = letter_blocks(opened.letter)
    else:
        first_blocks = no_letter_blocks(command)
    try:
        client.chat_postMessage(
            channel=meeting.channel_id,
            text=LETTER_TEXT if opened.letter else "No patient letter yet",
            blocks=first_blocks,
        )
    except SlackApiError as error:
        if error.response.get("error") in _NOT_IN_CHANNEL:
            services.meetings.end(meeting.team_id, meeting.channel_id, meeting.id)
            raise UserError(
                "I can't post in this channel: invite me with `/invite @Unburden`, then "
                f"`{command} start` again."
            ) from None
        raise
    opening = client.chat_postMessage(
        channel=meeting.channel_id,
        text=opening_text(opened),
        blocks=opening_blocks(opened, command),
    )
    threaded = services.meetings.set_thread(meeting, str(opening["ts"]))
    post_question(services, client, opened.first.model_copy(update={"meeting": threaded}))


def post_question(services: Services, client: WebClient, prompt: QuestionPrompt) -> None:
    """Post a question in the meeting's thread."""
    meeting = prompt.meeting
    due = before_question(services, client, prompt)
    client.chat_postMessage(
        channel=meeting.channel_id,
        thread_ts=meeting.thread_ts,
        text=question_text(prompt),
        blocks=question_blocks(prompt, services.settings.unburden_command),
    )
    after_question(services, client, prompt, due)


def post_summary(services: Services, client: WebClient, summary: MeetingSummary) -> None:
    """Post the summary under the meeting's thread, in as many messages as it needs."""
    meeting = summary.meeting
    command = services.settings.unburden_command
    messages = summary_messages(summary, command, stage_summaries(services, summary))
    for blocks in with_time_spent(services, client, summary, messages):
        client.chat_postMessage(
            channel=meeting.channel_id,
            thread_ts=meeting.thread_ts,
            text=summary_text(summary),
            blocks=blocks,
        )
    client.chat_postMessage(
        channel=meeting.channel_id,
        text=summary_text(summary),
        blocks=meeting_closed_blocks(summary),
    )
    schedule_following_letter(services, client, summary.group)


def stage_summaries(services: Services, summary: MeetingSummary) -> dict[Question, StageSummary]:
    """Each question's discussion in a few sentences naming its disagreements: a language
    model's wording when one is configured, else the counted template."""
    return {
        question: services.assistant.summarise_stage(
            question,
            [
                IdeaDiscussion(
                    short_id=t.idea.short_id,
                    text=t.idea.text,
                    votes=t.votes,
                    concern_count=t.concerns,
                    settle_by_pilot=t.idea.status is ExperimentStatus.SETTLE_BY_PILOT,
                )
                for t in tallies
            ],
        )
        for question, tallies in summary.by_question()
    }


def schedule_letter(client: WebClient, channel_id: str, scheduled: ScheduledLetter) -> None:
    """Replace any letter already scheduled in the channel by this one, due at the meeting time."""
    for pending in _pending(client, channel_id):
        client.chat_deleteScheduledMessage(channel=channel_id, scheduled_message_id=pending)
    if scheduled.letter is not None:
        _schedule(client, channel_id, scheduled.letter, scheduled.post_at)


def schedule_following_letter(services: Services, client: WebClient, group: WorkingGroup) -> None:
    """After a meeting, line up the next letter for the group's regular time, if it has one
    and none is waiting; a failure here must not spoil the summary, so it is only logged."""
    if group.meeting_weekday is None:
        return
    try:
        if _pending(client, group.channel_id):
            return
        scheduled = services.letters.next_scheduled(group)
        if scheduled.letter is not None:
            _schedule(client, group.channel_id, scheduled.letter, scheduled.post_at)
    except (SlackApiError, UserError) as error:
        log.warning("could not schedule the next letter for group %s: %s", group.id, type(error))


def _pending(client: WebClient, channel_id: str) -> list[str]:
    listed = client.chat_scheduledMessages_list(channel=channel_id)
    messages: list[dict[str, Any]] = listed.get("scheduled_messages", [])
    return [str(m["id"]) for m in messages if m.get("text") == LETTER_TEXT]


def _schedule(client: WebClient, channel_id: str, letter: Letter, post_at: datetime) -> None:
    client.chat_scheduleMessage(
        channel=channel_id,
        post_at=int(post_at.timestamp()),
        text=LETTER_TEXT,
        blocks=letter_blocks(letter),
    )
