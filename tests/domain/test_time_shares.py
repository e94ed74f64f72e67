"""`start 45m`: reading the duration, sharing it across the five questions, and the time each
question took."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.questions import Question
from bot.domain.time_box import (
    TimeBoxError,
    minutes_label,
    question_times,
    read_time_box,
    share_per_question,
)

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45m", 45), ("45 min", 45), ("45", 45), ("1h", 60), ("1h30m", 90), ("1.5h", 90), ("", None)],
)
def test_durations_are_read_in_minutes(text: str, minutes: int | None) -> None:
    assert read_time_box(text) == minutes


@pytest.mark.parametrize("text", ["soon", "45s", "2m", "5h", "m", "-45m"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(TimeBoxError):
        read_time_box(text)


@given(st.integers(min_value=5, max_value=240))
def test_the_five_shares_add_up_to_the_time_box(minutes: int) -> None:
    assert share_per_question(minutes) * 5 == timedelta(minutes=minutes)


def test_each_question_runs_until_the_next_stage_and_the_last_until_the_end() -> None:
    reached = {
        Question.AUTOMATE: T0 + timedelta(minutes=7),
        Question.STOP: T0,
        Question.DELEGATE: T0 + timedelta(minutes=19),
        Question.REVIEW: T0 + timedelta(minutes=25),
    }

    times = question_times(reached, T0 + timedelta(minutes=40), 45)

    assert [(t.question, t.spent, t.over) for t in times] == [
        (Question.STOP, timedelta(minutes=7), False),
        (Question.AUTOMATE, timedelta(minutes=12), True),
        (Question.DELEGATE, timedelta(minutes=6), False),
    ]
    assert {t.share for t in times} == {timedelta(minutes=9)}
    assert minutes_label(timedelta(seconds=20)) == "<1 min"


def test_without_a_time_box_there_is_no_share_and_nothing_runs_over() -> None:
    (stop,) = question_times({Question.STOP: T0}, T0 + timedelta(minutes=50), None)
    assert stop.share is None and not stop.over and stop.spent == timedelta(minutes=50)
