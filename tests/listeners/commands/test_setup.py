"""`/unburden setup <clinical setting>` makes a channel a working group."""

from __future__ import annotations

import pytest

from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS


def test_setup_names_the_setting_and_counts_members(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    response = slack.command("setup primary care", channel=CHANNEL, user=FACILITATOR)

    assert response.status == 200
    posted = slack_api.wait_for("response_url")
    assert posted.args["response_type"] == "in_channel"
    text = " ".join(slack_api.texts())
    assert "primary care" in text
    assert f"{len(MEMBERS)} members" in text
    assert "works best with 8-15" not in text
    assert slack_api.calls_to("conversations.members")


def test_setup_warns_when_the_group_is_too_small(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    slack_api.set_members(CHANNEL, ["U001", "U002", "U003", slack_api.bot_user_id])

    slack.command("setup inpatient", channel=CHANNEL, user=FACILITATOR)

    slack_api.wait_for("response_url")
    text = " ".join(slack_api.texts())
    assert "3 members" in text
    assert "8-15" in text


def test_setup_warns_when_the_group_is_too_large(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    slack_api.set_members(CHANNEL, [f"U{n:03d}" for n in range(1, 21)])

    slack.command("setup icu", channel=CHANNEL, user=FACILITATOR)

    slack_api.wait_for("response_url")
    text = " ".join(slack_api.texts())
    assert "20 members" in text
    assert "splitting" in text


def test_setup_counts_members_across_pages(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    slack_api.set_members(CHANNEL, [f"U{n:03d}" for n in range(1, 251)])

    slack.command("setup emergency", channel=CHANNEL, user=FACILITATOR)

    slack_api.wait_for("response_url")
    assert "250 members" in " ".join(slack_api.texts())


def test_setup_without_a_setting_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    slack.command("setup", channel=CHANNEL, user=FACILITATOR)

    answer = slack_api.wait_for("response_url")
    assert answer.args["response_type"] == "ephemeral"
    assert "setup primary care" in answer.args["text"]
    assert bot.services.groups.find(slack_api.team_id, CHANNEL) is None


def test_setup_again_changes_the_setting_not_the_group(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    slack.command("setup primary care", channel=CHANNEL, user=FACILITATOR)
    slack_api.wait_for("response_url")
    first = bot.services.groups.find(slack_api.team_id, CHANNEL)

    slack.command("setup family medicine", channel=CHANNEL, user=FACILITATOR)
    slack_api.wait_for("response_url", after=1)

    second = bot.services.groups.find(slack_api.team_id, CHANNEL)
    assert first is not None and second is not None
    assert second.id == first.id
    assert second.setting == "family medicine"
    assert "was primary care" in " ".join(slack_api.texts())


def test_setup_still_answers_when_slack_will_not_list_members(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    slack_api.fail("conversations.members", error="not_in_channel")

    slack.command("setup surgery", channel=CHANNEL, user=FACILITATOR)

    slack_api.wait_for("response_url")
    text = " ".join(slack_api.texts())
    assert "surgery" in text
    assert "/invite" in text


def test_setup_retries_a_rate_limited_member_count(
    slack: SignedSlackClient, slack_api: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    slack_api.rate_limit("conversations.members", times=1, retry_after=1)

    slack.command("setup primary care", channel=CHANNEL, user=FACILITATOR)

    slack_api.wait_for("response_url", timeout=10)
    assert f"{len(MEMBERS)} members" in " ".join(slack_api.texts())
    assert len(slack_api.calls_to("conversations.members")) == 2
    assert "rate-limited conversations.members" in caplog.text


def test_setup_states_the_member_count_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    slack_api.set_members(CHANNEL, ["U001", "U002", "U003", slack_api.bot_user_id])
    since = slack_api.mark()

    slack.command("setup inpatient", channel=CHANNEL, user=FACILITATOR)

    answer = slack_api.wait_for("response_url", since=since)
    shown = " ".join(
        block["text"]["text"] for block in answer.args["blocks"] if block["type"] == "section"
    )
    assert shown.count("3") == 1 and "has 3" in shown
