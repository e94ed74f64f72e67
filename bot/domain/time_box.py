"""The meeting's time-box (`start 45m`): the time shared evenly across the five questions,
and how long each question actually took, for the summary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from bot.domain.questions import ORDER, Question

TIME_BOX_MIN_MINUTES = 5
TIME_BOX_MAX_MINUTES = 240
IDEA_QUESTIONS = tuple(q for q in ORDER if q.asks_for_ideas)
_DURATION = re.compile(
    r"^\s*(?:(?P<hours>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<minutes>\d+)\s*m(?:in(?:ute)?s?)?)?\s*$",
    re.IGNORECASE,
)


class TimeBoxError(ValueError):
    """Text after `start` that is not a duration between 5 minutes and 4 hours."""


def read_time_box(text: str) -> int | None:
    """Minutes of `45m`, `45 min`, `1h`, `1h30m` or `90` (minutes); None for no text.

    Raises TimeBoxError for anything else or a duration outside 5 minutes to 4 hours."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned.isdigit():
        minutes = int(cleaned)
    else:
        match = _DURATION.match(cleaned)
        if match is None or not (match["hours"] or match["minutes"]):
            raise TimeBoxError(f"`{cleaned[:20]}` is not a duration")
        minutes = round(float(match["hours"] or 0) * 60) + int(match["minutes"] or 0)
    if not TIME_BOX_MIN_MINUTES <= minutes <= TIME_BOX_MAX_MINUTES:
        raise TimeBoxError(
            f"a meeting's time-box is {TIME_BOX_MIN_MINUTES} minutes to "
            f"{TIME_BOX_MAX_MINUTES // 60} hours"
        )
    return minutes


def share_per_question(minutes: int) -> timedelta:
    """Each of the five questions' equal share of the time-box (45 minutes: 9 each)."""
    return timedelta(minutes=minutes) / len(IDEA_QUESTIONS)


class QuestionTime(BaseModel):
    """How long the group spent on one question, and its share when time-boxed."""

    model_config = ConfigDict(frozen=True)

    question: Question
    spent: timedelta
    share: timedelta | None = None

    @property
    def over(self) -> bool:
        """Whether the question ran past its share."""
        return self.share is not None and self.spent > self.share


def question_times(
    reached: Mapping[Question, datetime], until: datetime, time_box_minutes: int | None
) -> list[QuestionTime]:
    """Time on each question reached, in the method's order: from reaching it to reaching the
    next stage (or `until`, the meeting's end, for the last one reached)."""
    stages = sorted(reached.items(), key=lambda item: ORDER.index(item[0]))
    share = share_per_question(time_box_minutes) if time_box_minutes else None
    times = []
    for index, (question, started) in enumerate(stages):
        if not question.asks_for_ideas:
            continue
        ended = stages[index + 1][1] if index + 1 < len(stages) else until
        times.append(
            QuestionTime(question=question, spent=max(ended - started, timedelta()), share=share)
        )
    return times


def minutes_label(span: timedelta) -> str:
    """A span in whole minutes as people say it: "9 min" (under a minute reads "<1 min")."""
    minutes = span.total_seconds() / 60
    return "<1 min" if 0 < minutes < 1 else f"{round(minutes)} min"
