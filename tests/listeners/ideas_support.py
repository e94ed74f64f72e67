"""Helpers shared by the idea and vote tests: an open meeting at a question, and typing a verb."""

from __future__ import annotations

from bot.domain.models import Meeting, WorkingGroup
from bot.domain.questions import ORDER, Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR


def open_meeting(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    stage: Question = Question.STOP,
) -> Meeting:
    """Type `start`, then `next` until the meeting is at `stage`, as a facilitator would."""
    type_meeting_verbs(slack, slack_api, group, ["start", *["next"] * ORDER.index(stage)])
    meeting = bot.services.experiments.store.open_meeting(group.team_id, group.id)
    assert meeting is not None and meeting.stage is stage
    return meeting


def type_meeting_verbs(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup, verbs: list[str]
) -> None:
    """Type `start` or `next` verbs one after the other, each time waiting for its question."""
    for verb in verbs:
        since = slack_api.mark()
        slack.command(verb, user=FACILITATOR, channel=group.channel_id)
        # Each verb ends by posting its question in the meeting's thread.
        slack_api.wait_for(
            "chat.postMessage", lambda call: bool(call.args.get("thread_ts")), since=since
        )


def pause(slack: SignedSlackClient, slack_api: FakeSlackApi) -> None:
    """Type `pause`: the checklist pause."""
    since = slack_api.mark()
    slack.command("pause", user=FACILITATOR, channel=CHANNEL)
    slack_api.wait_for("response_url", since=since)


def propose(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    text: str,
    user: str = FACILITATOR,
    channel: str | None = None,
) -> ApiCall:
    """Type `/unburden idea <text>` and wait for the idea's answer in the channel."""
    since = slack_api.mark()
    slack.command(f"idea {text}", user=user, channel=channel or CHANNEL)
    return slack_api.wait_for("chat.postMessage", since=since, timeout=60)


def refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, text: str, user: str = FACILITATOR
) -> ApiCall:
    """Type a command expected to be refused, and wait for the ephemeral answer."""
    since = slack_api.mark()
    slack.command(text, user=user, channel=CHANNEL)
    answer = slack_api.wait_for("response_url", since=since, timeout=30)
    assert answer.args["response_type"] == "ephemeral"
    return answer
