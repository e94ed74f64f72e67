"""Requests that Slack did not sign, or signed too long ago, get 401 and change nothing."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient, SlackRequestSigner
from tests.conftest import CHANNEL, FACILITATOR, SIGNING_SECRET


def setup_body(slack_api: FakeSlackApi) -> bytes:
    return urlencode(
        {
            "command": "/unburden",
            "text": "setup primary care",
            "team_id": slack_api.team_id,
            "channel_id": CHANNEL,
            "user_id": FACILITATOR,
            "response_url": slack_api.new_response_url(),
            "trigger_id": "1.2.3",
        }
    ).encode()


def signed(body: bytes, secret: str, age_seconds: int = 0) -> dict[str, str]:
    """Form-post headers signed with `secret`, as if sent `age_seconds` ago."""
    headers = SlackRequestSigner(secret).headers(body, timestamp=int(time.time()) - age_seconds)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return headers


def assert_nothing_changed(bot: LocalBot, slack_api: FakeSlackApi) -> None:
    time.sleep(0.3)
    assert bot.services.groups.find(slack_api.team_id, CHANNEL) is None
    assert not slack_api.calls_to("response_url")
    assert not slack_api.calls_to("conversations.members")


def test_missing_signature_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    response = slack.raw(
        setup_body(slack_api), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.status == 401
    assert_nothing_changed(bot, slack_api)


def test_wrong_signature_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = setup_body(slack_api)
    response = slack.raw(body, headers=signed(body, "not-the-secret"))

    assert response.status == 401
    assert_nothing_changed(bot, slack_api)


def test_stale_signature_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = setup_body(slack_api)
    response = slack.raw(body, headers=signed(body, SIGNING_SECRET, age_seconds=6 * 60))

    assert response.status == 401
    assert_nothing_changed(bot, slack_api)


def test_fresh_signature_is_accepted(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = setup_body(slack_api)
    response = slack.raw(body, headers=signed(body, SIGNING_SECRET, age_seconds=4 * 60))

    assert response.status == 200
    slack_api.wait_for("response_url")
    assert bot.services.groups.find(slack_api.team_id, CHANNEL) is not None
