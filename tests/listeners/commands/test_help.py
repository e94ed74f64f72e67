"""Help, no verb, and unknown verbs list what can be typed."""

from __future__ import annotations

import pytest

from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR


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
