"""The patient-letter library: `letter add`, refusal of identifiers, rotation and scheduling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import MEMBERS
from tests.listeners.meeting_support import start_meeting, type_verb, warm_detector


@pytest.fixture(autouse=True)
def detector_built() -> None:
    """Letters are checked by the identifier detector: build it once, before the clock runs."""
    warm_detector()


def test_letter_add_keeps_a_de_identified_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "letter add You sat with my father when he was afraid.")

    assert answer.args["response_type"] == "ephemeral"
    assert "1 in all" in answer.text
    (letter,) = bot.services.letters._store.all(group.team_id)  # noqa: SLF001
    assert letter.text == "You sat with my father when he was afraid."


def test_a_letter_with_identifiers_is_refused_and_not_stored(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    text = "letter add Thanks to the team. Patient Maria Lopez, MRN 00482913, DOB 03/14/1952."

    (answer,) = type_verb(slack, slack_api, text)

    assert "Not saved" in answer.text
    assert "medical record number" in answer.text
    for identifier in ("Maria", "Lopez", "00482913", "1952"):
        assert identifier not in answer.text
    assert bot.services.letters.library_size(group.team_id) == 0


def test_an_empty_letter_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "letter add")

    assert "letter add <text>" in answer.text


def test_an_over_long_letter_is_cut_with_a_note(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "letter add " + "Thank you for your kindness. " * 150)

    assert "cut to 2800 characters" in answer.text
    (letter,) = bot.services.letters._store.all(group.team_id)  # noqa: SLF001
    assert len(letter.text) == 2800


def test_letters_rotate_least_recently_read_first(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    for text in ("First letter.", "Second letter.", "Third letter."):
        bot.services.letters.add(group.team_id, MEMBERS[1], text)
    read = []
    for _ in range(4):
        letter, _, _ = start_meeting(slack, slack_api)
        read.append(letter.text)
        type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    assert ["First" in read[0], "Second" in read[1], "Third" in read[2], "First" in read[3]] == [
        True
    ] * 4


def test_letter_schedule_schedules_the_next_letter_at_the_meeting_time(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[1], "Your nurse remembered my name.")

    (answer,) = type_verb(slack, slack_api, "letter schedule monday 08:00 America/New_York")

    scheduled = slack_api.wait_for("chat.scheduleMessage")
    assert "remembered my name" in scheduled.text
    post_at = datetime.fromtimestamp(int(scheduled.args["post_at"]), UTC)
    assert post_at.astimezone(_new_york()).strftime("%A %H:%M") == "Monday 08:00"
    assert post_at - datetime.now(UTC) <= timedelta(days=7)
    assert "Monday 08:00 (America/New_York)" in answer.text
    assert answer.args["response_type"] == "in_channel"
    stored = bot.services.groups.find(group.team_id, group.channel_id)
    assert stored is not None
    assert (stored.meeting_weekday, stored.meeting_time, stored.meeting_tz) == (
        0,
        "08:00",
        "America/New_York",
    )


def test_setting_the_time_again_replaces_the_scheduled_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    for text in ("One letter.", "Another letter."):
        bot.services.letters.add(group.team_id, MEMBERS[1], text)
    type_verb(slack, slack_api, "letter schedule monday 08:00 America/New_York")

    type_verb(slack, slack_api, "letter schedule tuesday 9am")

    assert len(slack_api.workspace.scheduled) == 1
    assert slack_api.calls_to("chat.deleteScheduledMessage")


def test_a_bad_meeting_time_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "letter schedule someday 25:00")

    assert "letter schedule monday 08:00" in answer.text
    assert not slack_api.calls_to("chat.scheduleMessage")


def _new_york():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/New_York")


def test_a_meeting_started_at_the_scheduled_time_does_not_read_a_second_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[1], "You made time for us.")
    type_verb(slack, slack_api, "letter schedule friday 07:30 Europe/London")
    post_at = datetime.fromtimestamp(
        int(slack_api.wait_for("chat.scheduleMessage").args["post_at"]), UTC
    )
    scheduled_group = bot.services.groups.find(group.team_id, group.channel_id)
    assert scheduled_group is not None

    at_meeting = bot.services.letters.already_posted(
        scheduled_group, post_at + timedelta(minutes=5)
    )
    a_day_later = bot.services.letters.already_posted(scheduled_group, post_at + timedelta(days=1))

    assert at_meeting is not None and at_meeting.text == "You made time for us."
    assert a_day_later is None
