"""Help, no verb, and unknown verbs list what can be typed."""

from __future__ import annotations

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR
from tests.listeners.meeting_support import type_verb


@pytest.mark.parametrize("text", ["", "help", "HELP"])
def test_help_lists_the_verbs_privately(slack: SignedSlackClient, text: str) -> None:
    response = slack.command(text, channel=CHANNEL, user=FACILITATOR)

    assert response.status == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert "/unburden setup <clinical setting>" in str(answer["blocks"])
    assert "don't know" not in str(answer["blocks"])


def test_unknown_verb_says_what_is_wrong_and_lists_the_verbs(slack: SignedSlackClient) -> None:
    response = slack.command("frobnicate the inbox", channel=CHANNEL, user=FACILITATOR)

    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert "I don't know `frobnicate`" in str(answer["blocks"])
    assert "/unburden setup" in str(answer["blocks"])


def test_verb_is_read_whatever_its_case_and_spacing(slack: SignedSlackClient) -> None:
    response = slack.command("   Help   ", channel=CHANNEL, user=FACILITATOR)

    assert "don't know" not in str(response.json()["blocks"])


def verbs_shown(answer: dict[str, object]) -> list[str]:
    text = str(answer["blocks"])
    return [
        v
        for v in ("setup", "add", "start", "missed", "idea", "vote", "next", "end")
        if f"/unburden {v}" in text
    ]


def test_help_in_a_new_channel_shows_three_verbs_and_a_more_button(
    slack: SignedSlackClient,
) -> None:
    answer = slack.command("help", channel=CHANNEL, user=FACILITATOR).json()

    assert verbs_shown(answer) == ["setup"]
    assert "Right now you can type" in str(answer["blocks"])
    assert "'action_id': 'help_more'" in str(answer["blocks"])
    assert len(answer["blocks"]) <= 3


def test_help_in_a_group_fits_the_moment_before_and_during_a_meeting(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    before = slack.command("", channel=CHANNEL, user=FACILITATOR).json()
    assert verbs_shown(before) == ["add", "start", "missed"]

    type_verb(slack, slack_api, "start", "chat.postMessage", count=3)
    during = slack.command("typo", channel=CHANNEL, user=FACILITATOR).json()
    assert verbs_shown(during) == ["idea", "vote", "next"]
    assert "I don't know `typo`" in str(during["blocks"])


def test_more_shows_every_verb(slack: SignedSlackClient, slack_api: FakeSlackApi) -> None:
    answer = slack.command("help", channel=CHANNEL, user=FACILITATOR).json()
    message = {"ts": "1.0", "text": "help", "blocks": answer["blocks"]}
    since = slack_api.mark()

    slack.block_action("help_more", value="all", user=FACILITATOR, channel=CHANNEL, message=message)

    shown = slack_api.wait_for("response_url", since=since)
    for verb in ("setup <clinical setting>", "missed <text>", "start [45m]", "summary"):
        assert f"/unburden {verb}" in shown.text
