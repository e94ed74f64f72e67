"""Slack retries an event it did not see acked; the bot handles each event once."""

from __future__ import annotations

import time

from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import FACILITATOR


def home_opened() -> dict[str, str]:
    return {"type": "app_home_opened", "user": FACILITATOR, "channel": "D0HOME", "tab": "home"}


def test_home_tab_is_published_when_opened(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    response = slack.event(home_opened(), event_id="Ev001")

    assert response.status == 200
    published = slack_api.wait_for("views.publish")
    assert published.args["user_id"] == FACILITATOR
    assert "setup primary care" in str(published.args["view"])


def test_a_retried_event_is_processed_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    slack.event(home_opened(), event_id="Ev002")
    slack_api.wait_for("views.publish")

    for retry in (1, 2, 3):
        response = slack.event(home_opened(), event_id="Ev002", retry_num=retry)
        assert response.status == 200

    time.sleep(0.5)
    assert len(slack_api.calls_to("views.publish")) == 1


def test_distinct_events_are_each_processed(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    slack.event(home_opened(), event_id="Ev003")
    slack.event(home_opened(), event_id="Ev004")

    slack_api.wait_for("views.publish", after=1)
    assert len(slack_api.calls_to("views.publish")) == 2
