"""A meeting's messages as the channel sees them, shared by the verbs and the buttons.

The meeting service writes these into the outbox with the change they show. The opening is a
top-level message; its ts becomes the meeting's thread, under which every question and the
summary are posted, so the channel stays readable on a phone."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.assist.models import IdeaDiscussion, StageSummary
from bot.blocks import Blocks
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
from bot.blocks.outbox import failed_post_blocks, failed_post_text
from bot.clock import utcnow
from bot.domain.meetings import MeetingSummary
from bot.domain.models import ExperimentStatus, WorkingGroup
from bot.domain.questions import Question
from bot.errors import UserError
from bot.listeners.time_box_posts import after_question, before_question, with_time_spent
from bot.outbox import Delivery, OutgoingMessage
from bot.services.container import Services
from bot.services.letters import EARLY_START_WINDOW, SCHEDULED_LETTER, ScheduledLetter
from bot.services.meetings import SUMMARY, MeetingOpened, Posted, QuestionPrompt
from bot.services.time_box import TimeUp

log = logging.getLogger(__name__)

# The fallback text of a letter.
LETTER_TEXT = "A letter from a patient"
# The outbox's kind of a letter waiting for the group's meeting time.


class MeetingMessages:
    """Renders each meeting change as the messages the group sees (MeetingPosts)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._command = services.settings.unburden_command

    def opening(self, opened: MeetingOpened) -> list[OutgoingMessage]:
        """The letter of the day (or a note), then the opening that starts the thread."""
        channel = opened.group.channel_id
        if opened.letter_already_posted:
            first_blocks = letter_already_posted_blocks()
        elif opened.letter is not None:
            first_blocks = letter_blocks(opened.letter)
        else:
            first_blocks = no_letter_blocks(self._command)
        return [
            OutgoingMessage(
                channel_id=channel,
                kind="letter",
                text=LETTER_TEXT if opened.letter else "No patient letter yet",
                blocks=first_blocks,
            ),
            OutgoingMessage(
                channel_id=channel,
                kind="opening",
                text=opening_text(opened),
                blocks=opening_blocks(opened, self._command),
                opens_meeting_thread=True,
            ),
        ]

    def question(self, prompt: QuestionPrompt) -> list[OutgoingMessage]:
        """The question in the meeting's thread."""
        return [
            OutgoingMessage(
                channel_id=prompt.meeting.channel_id,
                kind="question",
                text=question_text(prompt),
                blocks=question_blocks(prompt, self._command),
                in_meeting_thread=True,
            )
        ]

    def summary(self, summary: MeetingSummary) -> list[OutgoingMessage]:
        """The summary in the thread, in as many messages as it needs, then the closed note."""
        channel = summary.meeting.channel_id
        stages = stage_summaries(self._services, summary)
        messages = [
            OutgoingMessage(
                channel_id=channel,
                kind=SUMMARY,
                text=summary_text(summary),
                blocks=blocks,
                in_meeting_thread=True,
            )
            for blocks in with_time_spent(
                self._services,
                summary,
                summary_messages(summary, self._command, stages),
            )
        ]
        messages.append(
            OutgoingMessage(
                channel_id=channel,
                kind="closed",
                text=summary_text(summary),
                blocks=meeting_closed_blocks(summary),
            )
        )
        return messages


class NextQuestionMessages(MeetingMessages):
    """The messages of `next`: rendering the question (before the transaction that writes it
    to the outbox, so before it is posted) notes when the meeting reached the stage and
    withdraws the last question's time-up notice; `due` is this question's notice, if any."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.due: TimeUp | None = None

    def question(self, prompt: QuestionPrompt) -> list[OutgoingMessage]:
        """The question in the meeting's thread, once its stage is noted."""
        self.due = before_question(self._services, prompt)
        return super().question(prompt)


def after_start(services: Services, started: Posted[MeetingOpened], due: TimeUp | None) -> None:
    """Once the first question is out, a time-boxed meeting says so in its thread and schedules
    the first question's time-up notice (its stage was noted as of the meeting's start)."""
    after_question(services, _in_thread(services, started.change.first), due)


def after_next(services: Services, moved: Posted[QuestionPrompt], due: TimeUp | None) -> None:
    """Once a question is out, schedule its time-up notice when the meeting is time-boxed."""
    after_question(services, _in_thread(services, moved.change), due)


def _in_thread(services: Services, prompt: QuestionPrompt) -> QuestionPrompt:
    """The prompt with the meeting's thread as it is now (the outbox sets it on posting)."""
    meeting = prompt.meeting
    current = services.meetings.open_meeting(meeting.team_id, meeting.channel_id)
    if current is None or current.id != meeting.id:
        return prompt
    return prompt.model_copy(update={"meeting": current})


def after_summary(services: Services, summary: MeetingSummary) -> None:
    """Once a meeting is closed, line up the next letter for the group's regular time."""
    schedule_following_letter(services, summary.group)


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


def schedule_letter(
    services: Services,
    channel_id: str,
    scheduled: ScheduledLetter,
    notify_user_id: str | None = None,
) -> None:
    """Replace any letter waiting for the channel's meeting time by this one: it waits in the
    outbox and the background sweep posts it at `post_at`, with the workspace's token."""
    messages = []
    if scheduled.letter is not None:
        messages.append(
            OutgoingMessage(
                channel_id=channel_id,
                kind=SCHEDULED_LETTER,
                text=LETTER_TEXT,
                blocks=letter_blocks(scheduled.letter),
                post_at=scheduled.post_at,
            )
        )
    services.outbox.replace(
        scheduled.group.team_id, channel_id, SCHEDULED_LETTER, messages, notify_user_id
    )


def withdraw_letter(services: Services, group: WorkingGroup) -> None:
    """Withdraw the letter waiting for the group's meeting time (the schedule was turned off)."""
    services.outbox.withdraw(group.team_id, group.channel_id, SCHEDULED_LETTER)


def schedule_following_letter(services: Services, group: WorkingGroup) -> None:
    """After a meeting, line up the next letter for the group's regular time, if it has one
    and none is waiting; a failure here must not spoil the summary, so it is only logged."""
    if group.meeting_weekday is None:
        return
    try:
        if services.outbox.waiting(group.team_id, group.channel_id, SCHEDULED_LETTER):
            return
        # The meeting just held covers a slot in the next hours (it started early): next week's.
        following = services.letters.next_scheduled(group, utcnow() + EARLY_START_WINDOW)
        schedule_letter(services, group.channel_id, following)
    except UserError as error:
        log.warning("could not schedule the next letter for group %s: %s", group.id, error)


Answer = Callable[[str, Blocks], None]


def tell_if_waiting(services: Services, delivery: Delivery, answer: Answer) -> None:
    """Tell the person who made the change, in one line with Post again, when a message the
    group must see is saved but not posted yet (it is retried in the background meanwhile)."""
    failure = delivery.first_failure
    if delivery.ok or not delivery.message_ids:
        return
    message_id = failure.message_id if failure else delivery.waiting[0]
    kind = failure.kind if failure else "message"
    error = failure.error if failure else None
    retrying = not (failure and failure.refused)
    # Marked first, so a background sweep running meanwhile does not tell them a second time;
    # if the answer cannot be given, the sweep is left to tell them.
    services.outbox.mark_told(delivery)
    try:
        answer(
            failed_post_text(kind, error, retrying),
            failed_post_blocks(kind, error, retrying, message_id),
        )
    except Exception:
        services.outbox.mark_told(delivery, told=False)
        raise
