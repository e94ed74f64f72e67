"""The meeting's time-box: `start 45m` shares the time across the five questions, each
question's time-up notice is due at its share, and the summary says how long each took."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.domain.models import Meeting
from bot.domain.questions import Question
from bot.domain.time_box import (
    QuestionTime,
    TimeBoxError,
    question_times,
    read_time_box,
    share_per_question,
)
from bot.errors import InvalidInput
from bot.services.meetings import MeetingOpened, MeetingPosts, MeetingService, Posted
from bot.store.time_box import TimeBoxStore


class TimeUp(BaseModel):
    """A question's time-up notice: which question, its share and when it falls due."""

    model_config = ConfigDict(frozen=True)

    meeting: Meeting
    question: Question
    minutes: int  # the whole meeting's time-box
    share: timedelta
    due_at: datetime


class TimeBoxService:
    """Starts time-boxed meetings and keeps when each question was reached."""

    def __init__(self, store: TimeBoxStore, meetings: MeetingService, command: str) -> None:
        self._store = store
        self._meetings = meetings
        self._command = command

    def start(
        self, team_id: str, channel_id: str, user_id: str, text: str, posts: MeetingPosts
    ) -> tuple[Posted[MeetingOpened], TimeUp | None]:
        """`start [45m]`: open the meeting (posted through the outbox), time-boxed when a
        duration is given; the first stage is noted as reached when the meeting started. Returns
        the start and the first question's time-up notice when time-boxed.

        Raises InvalidInput, with nothing started, for text that is not a duration."""
        try:
            minutes = read_time_box(text)
        except TimeBoxError as error:
            raise InvalidInput(
                f"{str(error).capitalize()}. Type `{self._command} start 45m` to share 45 "
                f"minutes across the five questions, or `{self._command} start` for no time-box."
            ) from None

        def time_box(session: Session, meeting: Meeting) -> None:
            # Written with the meeting, so the first stage is noted before its question posts.
            self._store.opened(session, meeting.id, minutes, meeting.stage, meeting.started_at)

        started = self._meetings.start(team_id, channel_id, user_id, posts, time_box)
        first = started.change.first
        due = self._due(first.meeting, first.question, first.meeting.started_at, minutes)
        return started, due

    def question_posted(
        self, meeting: Meeting, question: Question, now: datetime | None = None
    ) -> TimeUp | None:
        """Record that the meeting reached `question`; its time-up notice when time-boxed."""
        moment = now or utcnow()
        self._store.reached(meeting.id, question, moment)
        return self._due(
            meeting, question, moment, self._store.minutes(meeting.team_id, meeting.id)
        )

    def _due(
        self, meeting: Meeting, question: Question, moment: datetime, minutes: int | None
    ) -> TimeUp | None:
        """The question's time-up notice, reached at `moment`, when the meeting is time-boxed."""
        if minutes is None or not question.asks_for_ideas:
            return None
        share = share_per_question(minutes)
        return TimeUp(
            meeting=meeting, question=question, minutes=minutes, share=share, due_at=moment + share
        )

    def times(self, meeting: Meeting, until: datetime | None = None) -> list[QuestionTime]:
        """How long each question reached took, with its share when time-boxed."""
        return question_times(
            self._store.stages(meeting.id),
            until or meeting.ended_at or utcnow(),
            self._store.minutes(meeting.team_id, meeting.id),
        )
