"""The patient-letter library: `letter add`, refusal of identifiers, rotation and scheduling."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.models import WorkingGroup
from bot.listeners.meeting_posts import LETTER_TEXT
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.services.letters import SCHEDULED_LETTER
from bot.settings import Settings
from bot.store.tables import OutboxRow
from tests.conftest import CHANNEL, MEMBERS
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


def waiting_letters(bot: LocalBot) -> list[OutboxRow]:
    """Letters waiting in the outbox for the group's meeting time."""
    with bot.services.database.transaction() as session:
        return list(
            session.scalars(
                select(OutboxRow).where(
                    OutboxRow.kind == SCHEDULED_LETTER, OutboxRow.status == "pending"
                )
            )
        )


def letter_posts(slack_api: FakeSlackApi) -> list[ApiCall]:
    """Letters the bot posted in the group's channel."""
    return [
        c
        for c in slack_api.calls_to("chat.postMessage")
        if c.ok and c.args.get("text") == LETTER_TEXT and c.channel == CHANNEL
    ]


def sweep_at(bot: LocalBot, moment: datetime) -> int:
    """The outbox's background sweep, run as if at `moment`."""
    assert bot.services.outbox.sender is not None
    return bot.services.outbox.sender.sweep(moment)


def test_letter_schedule_posts_the_next_letter_once_at_the_meeting_time(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[1], "Your nurse remembered my name.")

    (answer,) = type_verb(slack, slack_api, "letter schedule monday 08:00 America/New_York")

    (waiting,) = waiting_letters(bot)
    post_at = waiting.next_attempt_at
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
    sweep_at(bot, post_at - timedelta(minutes=1))
    assert letter_posts(slack_api) == []
    sweep_at(bot, post_at + timedelta(seconds=30))
    sweep_at(bot, post_at + timedelta(minutes=2))
    (posted,) = letter_posts(slack_api)
    assert "remembered my name" in posted.text and "thread_ts" not in posted.args


def test_a_letter_waiting_for_the_meeting_time_survives_a_restart(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    settings: Settings,
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[1], "You listened to my son.")
    type_verb(slack, slack_api, "letter schedule friday 07:30 Europe/London")
    (waiting,) = waiting_letters(bot)
    bot.stop()

    with LocalBot(settings) as restarted:
        sweep_at(restarted, waiting.next_attempt_at + timedelta(minutes=1))
        sweep_at(restarted, waiting.next_attempt_at + timedelta(minutes=2))

    (posted,) = letter_posts(slack_api)
    assert "listened to my son" in posted.text


def test_setting_the_time_again_replaces_the_waiting_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    for text in ("One letter.", "Another letter."):
        bot.services.letters.add(group.team_id, MEMBERS[1], text)
    type_verb(slack, slack_api, "letter schedule monday 08:00 America/New_York")

    type_verb(slack, slack_api, "letter schedule tuesday 9am")

    (waiting,) = waiting_letters(bot)
    sweep_at(bot, waiting.next_attempt_at + timedelta(days=7))
    (posted,) = letter_posts(slack_api)
    assert "Another letter." in posted.text


def test_letter_schedule_off_withdraws_the_waiting_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[1], "Thank you for calling back.")
    type_verb(slack, slack_api, "letter schedule monday 08:00 America/New_York")

    (answer,) = type_verb(slack, slack_api, "letter schedule off")

    assert "no regular meeting time" in answer.text
    assert waiting_letters(bot) == []
    sweep_at(bot, datetime.now(UTC) + timedelta(days=8))
    assert letter_posts(slack_api) == []
    type_verb(slack, slack_api, "start", "chat.postMessage", count=3)
    type_verb(slack, slack_api, "end", "chat.postMessage", count=2)
    time.sleep(1.0)  # time for a wrongful letter to be lined up after the summary
    assert waiting_letters(bot) == []  # no meeting time: the next meeting lines up nothing


def test_the_end_of_a_meeting_lines_up_the_next_letter_for_the_meeting_time(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    for text in ("First letter.", "Second letter."):
        bot.services.letters.add(group.team_id, MEMBERS[1], text)
    type_verb(slack, slack_api, "letter schedule monday 08:00 America/New_York")
    (first,) = waiting_letters(bot)
    sweep_at(bot, first.next_attempt_at + timedelta(minutes=1))
    sweep_at(bot, first.next_attempt_at + timedelta(minutes=2))
    assert len(letter_posts(slack_api)) == 1

    start_meeting(slack, slack_api)
    type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    deadline = time.monotonic() + 10  # lined up just after the summary is posted
    while not waiting_letters(bot) and time.monotonic() < deadline:
        time.sleep(0.05)
    (following,) = waiting_letters(bot)
    assert following.id != first.id


def test_a_bad_meeting_time_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "letter schedule someday 25:00")

    assert "letter schedule monday 08:00" in answer.text
    assert waiting_letters(bot) == []


def test_a_12_hour_time_is_taken_and_a_zone_abbreviation_names_the_zone_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (refused,) = type_verb(slack, slack_api, "letter schedule mon 8:00 pm EST")

    # 8:00 pm is read as 20:00; EST is named as what was not understood, with its zone.
    assert "`EST` is an abbreviation" in refused.text
    assert "`/unburden letter schedule monday 20:00 America/New_York`" in refused.text

    (taken,) = type_verb(slack, slack_api, "letter schedule mon 8:00 pm America/New_York")
    assert "Monday 20:00 (America/New_York)" in taken.text


def _new_york():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/New_York")


def test_a_meeting_started_at_the_scheduled_time_does_not_read_a_second_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[1], "You made time for us.")
    type_verb(slack, slack_api, "letter schedule friday 07:30 Europe/London")
    (waiting,) = waiting_letters(bot)
    post_at = waiting.next_attempt_at
    scheduled_group = bot.services.groups.find(group.team_id, group.channel_id)
    assert scheduled_group is not None

    at_meeting = bot.services.letters.already_posted(
        scheduled_group, post_at + timedelta(minutes=5)
    )
    a_day_later = bot.services.letters.already_posted(scheduled_group, post_at + timedelta(days=1))

    assert at_meeting is not None and at_meeting.text == "You made time for us."
    assert a_day_later is None


def _schedule_in(slack: SignedSlackClient, slack_api: FakeSlackApi, hours: int) -> None:
    """`letter schedule` for the weekday and time `hours` from now, in UTC."""
    at = datetime.now(UTC) + timedelta(hours=hours)
    type_verb(slack, slack_api, f"letter schedule {at.strftime('%A').lower()} {at:%H:%M} UTC")


def test_a_meeting_started_early_withdraws_the_letter_waiting_for_its_regular_time(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    """The facilitator starts an hour early: the opening reads a letter, and the one waiting
    for the regular time does not land in the middle of the meeting."""
    for text in ("First letter.", "Second letter."):
        bot.services.letters.add(group.team_id, MEMBERS[1], text)
    _schedule_in(slack, slack_api, hours=1)
    (waiting,) = waiting_letters(bot)

    start_meeting(slack, slack_api)

    assert waiting_letters(bot) == []
    sweep_at(bot, waiting.next_attempt_at + timedelta(minutes=1))
    assert len(letter_posts(slack_api)) == 1  # the opening's, not a second one


def test_a_meeting_days_before_the_regular_time_leaves_its_letter_waiting(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    for text in ("First letter.", "Second letter."):
        bot.services.letters.add(group.team_id, MEMBERS[1], text)
    _schedule_in(slack, slack_api, hours=3 * 24)
    (waiting,) = waiting_letters(bot)

    start_meeting(slack, slack_api)

    assert [row.id for row in waiting_letters(bot)] == [waiting.id]


def test_a_meeting_started_early_and_ended_lines_up_next_weeks_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    """The meeting held two hours early was this week's: the next letter is for next week."""
    for text in ("First letter.", "Second letter."):
        bot.services.letters.add(group.team_id, MEMBERS[1], text)
    _schedule_in(slack, slack_api, hours=2)
    start_meeting(slack, slack_api)
    type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    deadline = time.monotonic() + 10
    while not waiting_letters(bot) and time.monotonic() < deadline:
        time.sleep(0.05)
    (following,) = waiting_letters(bot)
    assert following.next_attempt_at - datetime.now(UTC) > timedelta(days=6)


def test_a_time_set_during_a_meeting_keeps_its_letter_for_the_meeting_after(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[1], "First letter.")
    start_meeting(slack, slack_api)

    _schedule_in(slack, slack_api, hours=1)  # within the meeting now running, or near it

    (waiting,) = waiting_letters(bot)
    assert waiting.next_attempt_at - datetime.now(UTC) > timedelta(days=6)
