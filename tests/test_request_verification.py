"""The HTTP edge: requests that Slack did not sign, signed too long ago, or already received get
401; malformed (400), oversized (413) or non-Slack content types (415) change nothing either."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient, SlackRequestSigner
from bot.offline.slack_payloads import event_envelope
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


def test_a_signed_body_that_is_not_json_gets_400(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = b'{"type": "event_callback", "event": {'
    headers = signed(body, SIGNING_SECRET)
    headers["Content-Type"] = "application/json"

    response = slack.raw(body, headers=headers)

    assert response.status == 400
    assert "Traceback" not in response.body
    assert_nothing_changed(bot, slack_api)


def test_a_signed_interaction_whose_payload_is_not_json_gets_400(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = urlencode({"payload": '{"type": "block_actions", "actions": ['}).encode()

    response = slack.raw(body, headers=signed(body, SIGNING_SECRET))

    assert response.status == 400
    assert_nothing_changed(bot, slack_api)


def test_a_signed_json_body_that_is_not_an_object_gets_400(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = b'["event_callback"]'
    headers = signed(body, SIGNING_SECRET)
    headers["Content-Type"] = "application/json"

    assert slack.raw(body, headers=headers).status == 400
    assert_nothing_changed(bot, slack_api)


def test_a_signed_body_that_is_not_utf8_gets_400(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = setup_body(slack_api) + b"&note=\xff\xfe"

    assert slack.raw(body, headers=signed(body, SIGNING_SECRET)).status == 400
    assert_nothing_changed(bot, slack_api)


def test_an_unsigned_malformed_body_gets_401_before_it_is_read(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = b'{"type": "event_callback", "event": {'

    response = slack.raw(
        body,
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": "not-a-number",
            "X-Slack-Signature": "v0=0",
        },
    )

    assert response.status == 401
    assert "Traceback" not in response.body
    assert_nothing_changed(bot, slack_api)


def test_a_signed_plain_text_body_is_not_processed(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = setup_body(slack_api)
    headers = signed(body, SIGNING_SECRET)
    headers["Content-Type"] = "text/plain"

    response = slack.raw(body, headers=headers)

    assert response.status == 415
    assert_nothing_changed(bot, slack_api)


def test_a_one_megabyte_body_gets_413(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = setup_body(slack_api) + b"&padding=" + b"x" * 1024 * 1024

    response = slack.raw(body, headers=signed(body, SIGNING_SECRET))

    assert response.status == 413
    assert_nothing_changed(bot, slack_api)


def test_a_body_of_slacks_largest_message_is_accepted(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    # Slack caps a message at 40,000 characters; a command this long must still get through.
    body = setup_body(slack_api) + b"&padding=" + b"x" * 40_000

    response = slack.raw(body, headers=signed(body, SIGNING_SECRET))

    assert response.status == 200
    slack_api.wait_for("response_url")


def test_an_exact_replay_within_the_window_runs_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    body = urlencode(
        {
            "command": "/unburden",
            "text": "add Faxing referrals twice ~20m/day",
            "team_id": slack_api.team_id,
            "channel_id": CHANNEL,
            "user_id": FACILITATOR,
            "response_url": slack_api.new_response_url(),
            "trigger_id": "1.2.3",
        }
    ).encode()
    slack.command("setup primary care", channel=CHANNEL, user=FACILITATOR)
    group = wait_for_group(bot, slack_api)
    headers = signed(body, SIGNING_SECRET)

    first = slack.raw(body, headers=headers)
    replayed = slack.raw(body, headers=headers)

    assert (first.status, replayed.status) == (200, 401)
    time.sleep(0.5)
    burdens = bot.services.burdens.added_since(
        group.team_id, group.id, datetime(2000, 1, 1, tzinfo=UTC)
    )
    assert len(burdens) == 1
    assert burdens[0].title.startswith("Faxing referrals twice")


def test_slacks_own_redelivery_of_the_same_bytes_is_acked_and_dropped(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    event = {"type": "app_home_opened", "user": FACILITATOR, "tab": "home", "channel": "D0HOME"}
    body = json.dumps(
        event_envelope(slack.origin(FACILITATOR, None), "UBOT", event, "Ev9")
    ).encode()
    headers = {**signed(body, SIGNING_SECRET), "Content-Type": "application/json"}

    first = slack.raw(body, headers=headers)
    retried = slack.raw(body, headers={**headers, "X-Slack-Retry-Num": "1"})

    assert (first.status, retried.status) == (200, 200)
    slack_api.wait_for("views.publish")
    time.sleep(0.5)
    assert len(slack_api.calls_to("views.publish")) == 1


def wait_for_group(bot: LocalBot, slack_api: FakeSlackApi) -> WorkingGroup:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = bot.services.groups.find(slack_api.team_id, CHANNEL)
        if found is not None:
            return found
        time.sleep(0.05)
    raise AssertionError("setup did not make a group")
