"""The Slack Web API stand-in answers slack_sdk's real WebClient the way Slack does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.offline import FakeSlackApi, SlackRequestSigner

CHANNEL = "C0GROUP"
MEMBERS = ["U001", "U002", "U003"]


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        for user in MEMBERS:
            api.add_user(user, name=f"member{user[1:]}")
        api.add_channel(CHANNEL, "primary-care-burden", [*MEMBERS, api.bot_user_id])
        yield api


@pytest.fixture
def client(fake: FakeSlackApi) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.url)


def section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def modal(title: str, blocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": blocks or [section("Hypothesis, owner and measures")],
    }


def refusal(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


def test_a_valid_message_is_posted_and_recorded(fake: FakeSlackApi, client: WebClient) -> None:
    answer = client.chat_postMessage(
        channel=CHANNEL, text="Burden added", blocks=[section("*Prior authorisation* ~30m/day")]
    )

    call = fake.wait_for("chat.postMessage")
    assert answer["ok"] and answer["channel"] == CHANNEL
    assert call.args["blocks"][0]["text"]["text"] == "*Prior authorisation* ~30m/day"
    assert call.response["ts"] == answer["ts"]
    assert fake.texts(CHANNEL) == ["Burden added", "*Prior authorisation* ~30m/day"]


def test_message_timestamps_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel=CHANNEL, text=f"n{n}")["ts"] for n in range(5)]

    assert stamps == sorted(stamps, key=float)
    assert len(set(stamps)) == 5


def test_fifty_one_blocks_are_refused_as_invalid_blocks(
    fake: FakeSlackApi, client: WebClient
) -> None:
    blocks = [section(f"idea {n}") for n in range(51)]

    error = refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="x", blocks=blocks))

    assert error == "invalid_blocks"
    assert fake.rejected[0].problems == ["message has 51 blocks; the maximum is 50"]


def test_fifty_blocks_are_accepted(fake: FakeSlackApi, client: WebClient) -> None:
    client.chat_postMessage(
        channel=CHANNEL, text="x", blocks=[section(f"idea {n}") for n in range(50)]
    )

    assert not fake.rejected


def test_a_section_of_3001_characters_is_refused(fake: FakeSlackApi, client: WebClient) -> None:
    client.chat_postMessage(channel=CHANNEL, text="x", blocks=[section("a" * 3000)])

    error = refusal(
        lambda: client.chat_postMessage(channel=CHANNEL, text="x", blocks=[section("a" * 3001)])
    )

    assert error == "invalid_blocks"
    assert "3001 characters" in fake.rejected[0].problems[0]


def test_a_repeated_block_id_is_refused_but_a_repeated_action_id_in_other_blocks_is_not(
    fake: FakeSlackApi, client: WebClient
) -> None:
    def vote_row(block_id: str) -> dict[str, Any]:
        button = {
            "type": "button",
            "action_id": "vote",
            "value": block_id,
            "text": {"type": "plain_text", "text": "Vote"},
        }
        return {"type": "actions", "block_id": block_id, "elements": [button]}

    client.chat_postMessage(channel=CHANNEL, text="Vote", blocks=[vote_row("E-1"), vote_row("E-2")])
    error = refusal(
        lambda: client.chat_postMessage(
            channel=CHANNEL, text="Vote", blocks=[vote_row("E-1"), vote_row("E-1")]
        )
    )

    assert error == "invalid_blocks"
    assert len(fake.rejected) == 1


def test_blocks_without_text_are_accepted_with_a_warning(
    fake: FakeSlackApi, client: WebClient
) -> None:
    with pytest.warns(UserWarning, match="text"):
        client.chat_postMessage(channel=CHANNEL, blocks=[section("no fallback text")])

    call = fake.wait_for("chat.postMessage")
    assert call.ok
    assert call.warnings and call.warnings[0].startswith("missing_text")


def test_a_modal_title_of_25_characters_is_refused(fake: FakeSlackApi, client: WebClient) -> None:
    client.views_open(trigger_id=fake.new_trigger_id(), view=modal("t" * 24))

    error = refusal(
        lambda: client.views_open(trigger_id=fake.new_trigger_id(), view=modal("t" * 25))
    )

    assert error == "invalid_blocks"
    assert fake.rejected[0].problems == ["modal title has 25 characters; the maximum is 24"]


def test_a_trigger_id_opens_only_one_modal(client: WebClient, fake: FakeSlackApi) -> None:
    trigger = fake.new_trigger_id()
    opened = client.views_open(trigger_id=trigger, view=modal("New pilot"))

    error = refusal(lambda: client.views_open(trigger_id=trigger, view=modal("New pilot")))

    assert opened["view"]["id"].startswith("V")
    assert error == "exchanged_trigger_id"


def test_an_old_trigger_id_has_expired() -> None:
    with FakeSlackApi(trigger_ttl=0.05) as fake:
        client = WebClient(token=fake.bot_token, base_url=fake.url)
        trigger = fake.new_trigger_id()
        time.sleep(0.1)

        error = refusal(lambda: client.views_open(trigger_id=trigger, view=modal("Late")))

    assert error == "expired_trigger_id"


def test_a_wrong_token_is_invalid_auth(fake: FakeSlackApi) -> None:
    intruder = WebClient(token="xoxb-wrong", base_url=fake.url)

    error = refusal(lambda: intruder.chat_postMessage(channel=CHANNEL, text="hello"))

    assert error == "invalid_auth"
    assert fake.calls_to("chat.postMessage")[0].ok is False


def test_an_ephemeral_message_to_a_non_member_is_refused(
    fake: FakeSlackApi, client: WebClient
) -> None:
    fake.add_user("U0OUTSIDER", "outsider")

    error = refusal(
        lambda: client.chat_postEphemeral(channel=CHANNEL, user="U0OUTSIDER", text="Only for you")
    )

    assert error == "user_not_in_channel"


def test_updating_an_unknown_message_is_message_not_found(client: WebClient) -> None:
    posted = client.chat_postMessage(channel=CHANNEL, text="Meeting open")
    client.chat_update(channel=CHANNEL, ts=posted["ts"], text="Meeting closed")

    error = refusal(lambda: client.chat_update(channel=CHANNEL, ts="1.000001", text="x"))

    assert error == "message_not_found"


def test_a_message_cannot_be_scheduled_in_the_past(client: WebClient) -> None:
    scheduled = client.chat_scheduleMessage(
        channel=CHANNEL, text="Log your minutes", post_at=int(time.time()) + 3600
    )

    error = refusal(
        lambda: client.chat_scheduleMessage(
            channel=CHANNEL, text="Too late", post_at=int(time.time()) - 60
        )
    )

    assert scheduled["scheduled_message_id"]
    assert error == "time_in_past"


def test_rate_limit_answers_429_with_retry_after(fake: FakeSlackApi, client: WebClient) -> None:
    fake.rate_limit("chat.postMessage", times=1, retry_after=1)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=CHANNEL, text="hello")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "1"
    assert raised.value.response["error"] == "ratelimited"


def test_a_client_with_the_rate_limit_handler_retries_and_succeeds(fake: FakeSlackApi) -> None:
    fake.rate_limit("chat.postMessage", times=1, retry_after=0)
    patient = WebClient(
        token=fake.bot_token,
        base_url=fake.url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )

    answer = patient.chat_postMessage(channel=CHANNEL, text="hello")

    assert answer["ok"]
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]


def test_fail_answers_the_chosen_error_the_chosen_number_of_times(
    fake: FakeSlackApi, client: WebClient
) -> None:
    fake.fail("conversations.members", error="not_in_channel", times=2)

    errors = [refusal(lambda: client.conversations_members(channel=CHANNEL)) for _ in range(2)]

    assert errors == ["not_in_channel", "not_in_channel"]
    assert client.conversations_members(channel=CHANNEL)["ok"]


def test_conversation_members_are_paginated_with_a_cursor(
    fake: FakeSlackApi, client: WebClient
) -> None:
    everyone = [f"U{n:03d}" for n in range(1, 251)]
    fake.set_members(CHANNEL, everyone)

    pages = [page["members"] for page in client.conversations_members(channel=CHANNEL, limit=100)]

    assert [len(p) for p in pages] == [100, 100, 50]
    assert [m for page in pages for m in page] == everyone


def test_members_of_an_unknown_channel_is_channel_not_found(client: WebClient) -> None:
    assert refusal(lambda: client.conversations_members(channel="C0NOPE")) == "channel_not_found"


def test_a_direct_message_channel_is_stable_per_person(client: WebClient) -> None:
    first = client.conversations_open(users="U002")["channel"]["id"]
    second = client.conversations_open(users=["U002"])["channel"]["id"]

    assert first == second and first.startswith("D")
    assert client.conversations_open(users="U003")["channel"]["id"] != first


def test_users_info_knows_added_people(client: WebClient) -> None:
    assert client.users_info(user="U001")["user"]["name"] == "member001"
    assert refusal(lambda: client.users_info(user="U999")) == "user_not_found"


def test_a_person_without_a_display_name_has_an_empty_one_and_a_real_name(
    fake: FakeSlackApi, client: WebClient
) -> None:
    fake.add_user("U0NEW", name="priya", real_name="priya.r", display_name="")

    profile = client.users_info(user="U0NEW")["user"]["profile"]

    assert (profile["display_name"], profile["real_name"]) == ("", "priya.r")


def test_team_info_names_this_workspace_and_no_other(fake: FakeSlackApi, client: WebClient) -> None:
    fake.name_workspace("Riverside Health")

    team = client.team_info()["team"]

    assert (team["id"], team["name"], team["domain"]) == (
        fake.team_id,
        "Riverside Health",
        "unburden-test",
    )
    assert client.team_info(team=fake.team_id)["team"]["name"] == "Riverside Health"
    assert refusal(lambda: client.team_info(team="T0OTHER")) == "team_not_found"


def test_files_upload_v2_round_trip_records_the_file(fake: FakeSlackApi, client: WebClient) -> None:
    report = b"<html>leaders' report</html>" * 10

    answer = client.files_upload_v2(
        channel=CHANNEL,
        filename="report.html",
        content=report,
        title="Leaders' report",
        initial_comment="This month",
    )

    [uploaded] = fake.uploaded_files
    assert answer["file"]["id"] == uploaded.file_id
    assert (uploaded.filename, uploaded.size, uploaded.content) == (
        "report.html",
        len(report),
        report,
    )
    assert (uploaded.channel_id, uploaded.initial_comment) == (CHANNEL, "This month")
    assert fake.calls_to("upload_url")[0].args["size"] == len(report)


def test_a_response_url_post_is_recorded_in_its_channel(fake: FakeSlackApi) -> None:
    url = fake.new_response_url(channel=CHANNEL)

    WebhookClient(url).send(text="Group set up", response_type="ephemeral")

    call = fake.wait_for("response_url")
    assert (call.channel, call.args["text"]) == (CHANNEL, "Group set up")
    assert fake.texts(CHANNEL) == ["Group set up"]


def test_a_response_url_with_invalid_blocks_is_refused(fake: FakeSlackApi) -> None:
    url = fake.new_response_url(channel=CHANNEL)

    answer = WebhookClient(url).send(text="x", blocks=[{"type": "sparkles"}])

    assert answer.status_code == 400
    assert fake.rejected[0].method == "response_url"


def test_an_unknown_method_is_unknown_method(client: WebClient) -> None:
    assert refusal(lambda: client.api_call("chat.frobnicate")) == "unknown_method"


def test_wait_for_times_out_with_a_listing_of_recent_calls(
    fake: FakeSlackApi, client: WebClient
) -> None:
    client.chat_postMessage(channel=CHANNEL, text="Meeting open")

    with pytest.raises(AssertionError) as raised:
        fake.wait_for("views.open", timeout=0.2)

    message = str(raised.value)
    assert "views.open" in message
    assert "chat.postMessage" in message and "Meeting open" in message


def test_wait_for_after_skips_earlier_matches(fake: FakeSlackApi, client: WebClient) -> None:
    client.chat_postMessage(channel=CHANNEL, text="first")
    client.chat_postMessage(channel=CHANNEL, text="second")

    assert fake.wait_for("chat.postMessage", after=1).args["text"] == "second"
    assert fake.wait_for("chat.postMessage", since=fake.mark() - 1).args["text"] == "second"


def test_wait_for_ignores_refused_calls_unless_asked(fake: FakeSlackApi, client: WebClient) -> None:
    refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="x", blocks=[{"type": "?"}]))

    with pytest.raises(AssertionError):
        fake.wait_for("chat.postMessage", timeout=0.1)
    assert fake.wait_for("chat.postMessage", ok_only=False).error == "invalid_blocks"


def test_the_signer_produces_signatures_slack_sdk_accepts() -> None:
    signer = SlackRequestSigner("shh")
    body = b"command=%2Funburden&text=help"
    verifier = SignatureVerifier("shh")

    assert verifier.is_valid_request(body, signer.headers(body))
    assert not verifier.is_valid_request(body + b"x", signer.headers(body))
    assert not verifier.is_valid_request(body, signer.headers(body, int(time.time()) - 301))
    assert not SignatureVerifier("other").is_valid_request(body, signer.headers(body))
