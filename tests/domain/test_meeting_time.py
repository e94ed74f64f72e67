"""A group's weekly meeting slot, read from `monday 08:00 America/New_York`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.meeting_time import MeetingTimeError, read_meeting_time


def test_the_next_slot_is_in_the_groups_time_zone() -> None:
    slot = read_meeting_time("monday 08:00 America/New_York", "UTC")
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # a Tuesday

    after = slot.next_after(now)

    assert after.isoformat() == "2026-11-30T08:00:00-05:00"


def test_a_slot_later_today_is_today() -> None:
    slot = read_meeting_time("tue 5pm", "Europe/London")

    after = slot.next_after(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))

    assert after.isoformat() == "2026-11-24T17:00:00+00:00"


def test_a_meeting_started_a_little_late_is_nearest_to_its_slot() -> None:
    slot = read_meeting_time("monday 08:00", "UTC")

    nearest = slot.nearest_to(datetime(2026, 11, 30, 8, 20, tzinfo=UTC))

    assert nearest == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("someday 08:00", "not a weekday"),
        ("monday 25:00", "not a time"),
        ("monday 08:00 Mars/Olympus", "not a time zone"),
        ("monday", "Give a weekday"),
        ("monday 8:00 pm PST", "`PST` is an abbreviation; give the zone's name, `America/Los"),
    ],
)
def test_a_bad_slot_says_which_part_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(MeetingTimeError, match=problem):
        read_meeting_time(text, "UTC")
