"""A member's message in a meeting's thread is sorted into the five questions, and each idea
can be recorded with one click (no language model configured: the deterministic sorting)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import update

from bot.domain.models import Meeting, WorkingGroup
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.privacy import default_detector
from bot.store.tables import MeetingRow
from tests.assist.meeting_support import start_meeting, thread_message
from tests.conftest import CHANNEL, MEMBERS

THREE_IDEAS = (
    "Two things from clinic today.\n"
    "- We should stop sending FYI copies of every discharge to the PCP inbox\n"
    "- The EHR could auto-fill the prior authorisation form from the chart\n"
    "- MAs could reconcile medications before the visit under a standing order"
)
MEMBER = MEMBERS[3]
SORTING_TIMEOUT = 60  # the first sort builds the identifier detector (a few seconds)


@pytest.fixture
def meeting(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> Meeting:
    """A meeting under way in the group's channel, at the stop question."""
    return start_meeting(slack, slack_api, bot, group)


def say(slack: SignedSlackClient, meeting: Meeting, text: str, **extra: Any) -> int:
    """A member writes in the meeting's thread; the bot's HTTP status."""
    thread_ts = extra.pop("thread_ts", meeting.thread_ts)
    return slack.event(thread_message(CHANNEL, MEMBER, text, thread_ts, **extra)).status


def sorted_reply(slack_api: FakeSlackApi, meeting: Meeting, since: int) -> ApiCall:
    return slack_api.wait_for(
        "chat.postMessage",
        lambda call: call.args.get("thread_ts") == meeting.thread_ts and "sorted" in call.text,
        since=since,
        timeout=SORTING_TIMEOUT,
    )


def sorted_replies(slack_api: FakeSlackApi, since: int) -> list[ApiCall]:
    return [
        call
        for call in slack_api.calls[since:]
        if call.method == "chat.postMessage" and "I sorted" in call.text
    ]


def buttons(call: ApiCall) -> list[dict[str, Any]]:
    return [
        block["accessory"]
        for block in call.args["blocks"]
        if block.get("accessory", {}).get("action_id") == "record_sorted_idea"
    ]


def test_ideas_in_a_meeting_thread_are_sorted_in_the_thread(
    slack: SignedSlackClient, slack_api: FakeSlackApi, meeting: Meeting
) -> None:
    since = slack_api.mark()

    assert say(slack, meeting, THREE_IDEAS) == 200

    reply = sorted_reply(slack_api, meeting, since)
    assert f"<@{MEMBER}>" in reply.text
    assert [b["text"]["text"] for b in buttons(reply)] == ["Record as idea"] * 3
    assert [b["value"].split("|")[0] for b in buttons(reply)] == ["stop", "automate", "delegate"]
    assert "auto-fill the prior authorisation form" in reply.text
    assert "no language model" in reply.text


def test_chat_and_other_threads_are_left_alone(
    slack: SignedSlackClient, slack_api: FakeSlackApi, meeting: Meeting
) -> None:
    since = slack_api.mark()

    statuses = [
        say(slack, meeting, "Thanks, I agree with that!"),
        say(slack, meeting, THREE_IDEAS, thread_ts="1600000000.000001"),
        say(slack, meeting, THREE_IDEAS, bot_id="B0OTHER", subtype="bot_message"),
        say(slack, meeting, THREE_IDEAS, thread_ts=None),
        say(slack, meeting, "We should stop the weekly fax report to the payer."),
    ]

    reply = sorted_reply(slack_api, meeting, since)
    time.sleep(1.0)
    assert "weekly fax report" in reply.text
    assert sorted_replies(slack_api, since) == [reply]
    # Every message is acked, or Slack would retry it and, in time, stop sending events.
    assert statuses == [200] * 5


def test_no_reply_once_the_meeting_is_closed(
    slack: SignedSlackClient, slack_api: FakeSlackApi, meeting: Meeting, bot: LocalBot
) -> None:
    default_detector()  # built now, so a wrong reply would come well within the wait below
    with bot.services.database.transaction() as session:
        session.execute(
            update(MeetingRow).where(MeetingRow.id == meeting.id).values(status="closed")
        )
    since = slack_api.mark()

    assert say(slack, meeting, THREE_IDEAS) == 200

    time.sleep(1.5)
    assert sorted_replies(slack_api, since) == []


def test_recording_a_sorted_idea_makes_it_a_micro_experiment(
    slack: SignedSlackClient, slack_api: FakeSlackApi, meeting: Meeting
) -> None:
    since = slack_api.mark()
    say(slack, meeting, THREE_IDEAS)
    reply = sorted_reply(slack_api, meeting, since)
    clicked = buttons(reply)[0]

    since = slack_api.mark()
    slack.click(reply, "record_sorted_idea", user=MEMBER, value=clicked["value"])

    recorded = slack_api.wait_for(
        "chat.postMessage", lambda call: "E-1" in call.text, since=since, timeout=60
    )
    assert recorded.args["thread_ts"] == meeting.thread_ts
    assert "stop sending FYI copies" in recorded.text
    updated = slack_api.wait_for("chat.update", since=since, timeout=10)
    assert "Recorded as *E-1*" in updated.text
    assert len(buttons(updated)) == 2
