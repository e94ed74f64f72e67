"""`start 45m` time-boxes the meeting: the five questions share the time, each question's
time-up is said once in the thread at its share, and the summary records the time spent."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL
from tests.listeners.meeting_support import open_meeting, type_verb

TIME_UP = "Time is up for this question"


def pending_time_ups(slack_api: FakeSlackApi) -> list[dict[str, Any]]:
    return [m for m in slack_api.workspace.scheduled.values() if m["text"] == TIME_UP]


def test_start_45m_schedules_the_first_questions_time_up_in_the_thread(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    before = time.time()
    posted = type_verb(slack, slack_api, "start 45m", "chat.scheduleMessage")

    (scheduled,) = posted
    thread = open_meeting(bot, group).thread_ts
    assert scheduled.args["thread_ts"] == thread and scheduled.channel == CHANNEL
    assert before + 9 * 60 - 5 <= int(scheduled.args["post_at"]) <= time.time() + 9 * 60 + 5
    assert "Time is up for Stop* (9 min of the 45)" in scheduled.text
    note = [c for c in slack_api.calls_to("chat.postMessage") if "Time-boxed" in c.text]
    assert len(note) == 1 and note[0].args["thread_ts"] == thread
    assert "45 minutes, 9 min for each of the five questions" in note[0].text
    assert len(pending_time_ups(slack_api)) == 1


def test_moving_on_withdraws_the_notice_so_each_question_hears_it_at_most_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "start 45m", "chat.scheduleMessage")
    (first,) = pending_time_ups(slack_api)

    type_verb(slack, slack_api, "next", "chat.scheduleMessage")

    (second,) = pending_time_ups(slack_api)
    assert second["id"] != first["id"]
    deleted = slack_api.calls_to("chat.deleteScheduledMessage")
    assert [c.args["scheduled_message_id"] for c in deleted] == [first["id"]]
    automate = slack_api.calls_to("chat.scheduleMessage")[-1]
    assert "Time is up for Automate*" in automate.text


def test_end_withdraws_the_pending_notice_and_the_summary_records_time_per_question(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "start 45m", "chat.scheduleMessage")
    type_verb(slack, slack_api, "next", "chat.scheduleMessage")

    summary = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    assert pending_time_ups(slack_api) == []
    text = summary[0].text
    assert "Time per question: Stop <1 min (of 9 min) · Automate <1 min (of 9 min)" in text


def test_a_meeting_without_a_time_box_schedules_nothing_but_still_records_time(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "start", "chat.postMessage", count=3)

    summary = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    assert slack_api.calls_to("chat.scheduleMessage") == []
    assert "Time per question: Stop <1 min" in summary[0].text and "(of" not in summary[0].text


def test_start_with_something_that_is_not_a_duration_is_refused_and_starts_nothing(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "start soon")

    assert answer.args["response_type"] == "ephemeral"
    assert "`/unburden start 45m`" in answer.text
    assert bot.services.meetings.open_meeting(group.team_id, CHANNEL) is None


def opening_waits_in_the_outbox(slack: SignedSlackClient, slack_api: FakeSlackApi) -> None:
    """`start 45m` while Slack fails the first post for good: the opening waits in the outbox."""
    slack_api.fail("chat.postMessage", "internal_error", times=3, status=500)
    answer = type_verb(slack, slack_api, "start 45m", "response_url")
    assert "not posted yet" in answer[0].text


def sweep(bot: LocalBot, minutes: float) -> int:
    """Run the outbox's background sweep as if `minutes` had passed."""
    assert bot.services.outbox.sender is not None
    return bot.services.outbox.sender.sweep(datetime.now(UTC) + timedelta(minutes=minutes))


def test_a_time_up_waits_behind_an_opening_still_in_the_outbox_and_posts_once_at_its_time(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    opening_waits_in_the_outbox(slack, slack_api)
    assert open_meeting(bot, group).thread_ts is None

    assert sweep(bot, 1) == 4  # letter, opening, first question, the time-box note
    thread = open_meeting(bot, group).thread_ts
    note = [c for c in slack_api.calls_to("chat.postMessage") if "Time-boxed" in c.text]
    assert len(note) == 1 and note[0].args["thread_ts"] == thread
    assert not [c for c in slack_api.calls_to("chat.postMessage") if c.args.get("text") == TIME_UP]

    assert sweep(bot, 10) == 1  # 9 minutes for the first question
    (time_up,) = [
        c for c in slack_api.calls_to("chat.postMessage") if c.args.get("text") == TIME_UP
    ]
    assert time_up.args["thread_ts"] == thread
    assert "Time is up for Stop* (9 min of the 45)" in str(time_up.args["blocks"])
    assert sweep(bot, 20) == 0


def test_moving_on_withdraws_a_time_up_still_waiting_in_the_outbox(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    opening_waits_in_the_outbox(slack, slack_api)
    assert sweep(bot, 1) == 4

    (scheduled,) = type_verb(slack, slack_api, "next", "chat.scheduleMessage")

    assert sweep(bot, 10) == 0
    assert not [c for c in slack_api.calls_to("chat.postMessage") if c.args.get("text") == TIME_UP]
    assert len(pending_time_ups(slack_api)) == 1  # the second question's, with Slack
    assert scheduled.args["thread_ts"] == open_meeting(bot, group).thread_ts
    assert "Time is up for Automate*" in scheduled.text
