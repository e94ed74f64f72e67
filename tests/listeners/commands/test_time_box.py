"""`start 45m` time-boxes the meeting: the five questions share the time, each question's
time-up is said once in the thread at its share, and the summary records the time spent."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.domain.models import WorkingGroup
from bot.listeners.time_box_posts import TIME_UP_KIND
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.store.tables import OutboxRow
from tests.conftest import CHANNEL
from tests.listeners.meeting_support import open_meeting, type_verb

TIME_UP = "Time is up for this question"


def pending_time_ups(bot: LocalBot) -> list[OutboxRow]:
    """Time-up notices waiting in the outbox for their time."""
    with bot.services.database.transaction() as session:
        return list(
            session.scalars(
                select(OutboxRow)
                .where(OutboxRow.kind == TIME_UP_KIND, OutboxRow.status == "pending")
                .order_by(OutboxRow.id)
            )
        )


def time_up_posts(slack_api: FakeSlackApi) -> list[Any]:
    return [c for c in slack_api.calls_to("chat.postMessage") if c.args.get("text") == TIME_UP]


def sweep(bot: LocalBot, minutes: float) -> int:
    """Run the outbox's background sweep as if `minutes` had passed."""
    assert bot.services.outbox.sender is not None
    return bot.services.outbox.sender.sweep(datetime.now(UTC) + timedelta(minutes=minutes))


def wait_for_time_ups(bot: LocalBot, count: int = 1) -> list[OutboxRow]:
    """The notices queued after the ack (the question posts first)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        rows = pending_time_ups(bot)
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    raise AssertionError("no time-up notice queued")


def test_start_45m_queues_the_first_questions_time_up_and_posts_it_once_at_its_share(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    before = datetime.now(UTC)
    type_verb(slack, slack_api, "start 45m", "chat.postMessage", count=4)

    (queued,) = wait_for_time_ups(bot)
    thread = open_meeting(bot, group).thread_ts
    assert timedelta(minutes=9) - timedelta(seconds=5) <= queued.next_attempt_at - before
    assert queued.next_attempt_at - before <= timedelta(minutes=9, seconds=30)
    note = [c for c in slack_api.calls_to("chat.postMessage") if "Time-boxed" in c.text]
    assert len(note) == 1 and note[0].args["thread_ts"] == thread
    assert "45 minutes, 9 min for each of the five questions" in note[0].text

    sweep(bot, 8)
    assert time_up_posts(slack_api) == []
    sweep(bot, 10)
    (time_up,) = time_up_posts(slack_api)
    assert time_up.args["thread_ts"] == thread
    assert "Time is up for Stop* (9 min of the 45)" in str(time_up.args["blocks"])
    assert sweep(bot, 20) == 0


def test_moving_on_withdraws_the_notice_so_each_question_hears_it_at_most_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "start 45m", "chat.postMessage", count=4)
    (first,) = wait_for_time_ups(bot)

    type_verb(slack, slack_api, "next", "chat.postMessage")

    deadline = time.monotonic() + 15
    while [r.id for r in pending_time_ups(bot)] in ([first.id], []) and time.monotonic() < deadline:
        time.sleep(0.05)
    (second,) = pending_time_ups(bot)
    assert second.id != first.id
    assert "Time is up for Automate*" in second.blocks
    sweep(bot, 10)  # 9 minutes for each question: the first's was withdrawn, the second's posts
    sweep(bot, 20)
    (posted,) = time_up_posts(slack_api)
    assert "Time is up for Automate*" in str(posted.args["blocks"])


def test_end_withdraws_the_pending_notice_and_the_summary_records_time_per_question(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "start 45m", "chat.postMessage", count=4)
    type_verb(slack, slack_api, "next", "chat.postMessage")
    wait_for_time_ups(bot)

    summary = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    assert pending_time_ups(bot) == []
    sweep(bot, 60)
    assert time_up_posts(slack_api) == []
    text = summary[0].text
    assert "Time per question: Stop <1 min (of 9 min) · Automate <1 min (of 9 min)" in text


def test_a_meeting_without_a_time_box_schedules_nothing_but_still_records_time(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "start", "chat.postMessage", count=3)

    summary = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    assert pending_time_ups(bot) == []
    sweep(bot, 60)
    assert time_up_posts(slack_api) == []
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

    type_verb(slack, slack_api, "next", "chat.postMessage")
    wait_for_time_ups(bot)

    (waiting,) = pending_time_ups(bot)  # the second question's
    assert "Time is up for Automate*" in waiting.blocks
    assert waiting.thread_ts == open_meeting(bot, group).thread_ts
