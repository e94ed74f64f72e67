"""A meeting under way, started with `start` as a facilitator would, and messages in its thread."""

from __future__ import annotations

import time
from typing import Any

from bot.domain.models import Meeting, WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import FACILITATOR


def start_meeting(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> Meeting:
    """Type `start` and wait for the first question in the meeting's thread."""
    since = slack_api.mark()
    slack.command("start", user=FACILITATOR, channel=group.channel_id)
    slack_api.wait_for(
        "chat.postMessage", lambda call: bool(call.args.get("thread_ts")), since=since, timeout=30
    )
    meeting = bot.services.meetings.open_meeting(group.team_id, group.channel_id)
    assert meeting is not None and meeting.thread_ts
    return meeting


def thread_message(
    channel: str, user: str, text: str, thread_ts: str | None, **extra: Any
) -> dict[str, Any]:
    """A `message` event as Slack sends it for a reply in a thread."""
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": f"{time.time():.6f}",
        "thread_ts": thread_ts,
        **extra,
    }
