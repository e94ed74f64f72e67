"""The signed client's requests are accepted by a real Bolt app, as Slack's would be."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.offline import FakeSlackApi, SignedSlackClient

SECRET = "client-test-secret"
CHANNEL = "C0GROUP"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        api.add_user("U001", "facilitator")
        api.add_user("U002", "nurse")
        api.add_channel(CHANNEL, "primary-care-burden", ["U001", "U002", api.bot_user_id])
        yield api


@pytest.fixture
def received() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def bolt_app(fake: FakeSlackApi, received: list[dict[str, Any]]) -> App:
    """A minimal Bolt app whose listeners note what arrived and answer through the fake."""
    app = App(signing_secret=SECRET, client=WebClient(token=fake.bot_token, base_url=fake.url))

    @app.command("/unburden")
    def on_command(ack: Any, command: dict[str, Any], respond: Any) -> None:
        received.append({"kind": "command", **command})
        ack()
        respond(f"You typed {command['text']}")

    @app.event("app_home_opened")
    def on_home(event: dict[str, Any], request: Any) -> None:
        received.append(
            {
                "kind": "event",
                "event": event,
                "retry": request.headers.get("x-slack-retry-num", [None])[0],
            }
        )

    @app.action("vote")
    def on_vote(ack: Any, body: dict[str, Any], respond: Any) -> None:
        received.append({"kind": "action", **body})
        ack()
        respond(replace_original=True, text="Vote counted")

    @app.action("add_measure")
    def on_add_measure(ack: Any, body: dict[str, Any], client: WebClient) -> None:
        received.append({"kind": "view_action", **body})
        ack()
        client.views_push(trigger_id=body["trigger_id"], view=modal("Measure"))

    @app.view("pilot_form")
    def on_submit(ack: Any, view: dict[str, Any]) -> None:
        received.append({"kind": "view", **view})
        ack()

    @app.shortcut("nominate_task")
    def on_shortcut(ack: Any, shortcut: dict[str, Any], client: WebClient) -> None:
        received.append({"kind": "shortcut", **shortcut})
        ack()
        client.views_open(trigger_id=shortcut["trigger_id"], view=modal("Nominate"))

    @app.options("owner")
    def on_options(ack: Any, payload: dict[str, Any]) -> None:
        received.append({"kind": "options", **payload})
        ack(options=[{"text": {"type": "plain_text", "text": "Dr Lee"}, "value": "U001"}])

    return app


@pytest.fixture
def slack(bolt_app: App, fake: FakeSlackApi) -> Iterator[SignedSlackClient]:
    server = make_server("127.0.0.1", 0, SlackRequestHandler(bolt_app), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield SignedSlackClient(f"http://127.0.0.1:{server.server_port}", SECRET, fake)
    server.shutdown()
    server.server_close()


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Bolt runs event listeners after the ack, so tests wait for them."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the listener never ran"
        time.sleep(0.01)


def modal(title: str, callback_id: str = "pilot_form") -> dict[str, Any]:
    button = {
        "type": "button",
        "action_id": "add_measure",
        "value": "P-3",
        "text": {"type": "plain_text", "text": "Add a measure"},
    }
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": "E-12",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [{"type": "actions", "block_id": "measures", "elements": [button]}],
    }


def test_a_slash_command_reaches_the_app_and_its_response_url_answers(
    slack: SignedSlackClient, fake: FakeSlackApi, received: list[dict[str, Any]]
) -> None:
    answer = slack.command("idea stop faxing", user="U002", channel=CHANNEL)

    posted = fake.wait_for("response_url")
    assert answer.status == 200
    assert received[0]["text"] == "idea stop faxing"
    assert (received[0]["user_name"], received[0]["channel_name"]) == (
        "nurse",
        "primary-care-burden",
    )
    assert (posted.channel, posted.args["text"]) == (CHANNEL, "You typed idea stop faxing")


def test_a_stale_or_tampered_request_is_refused(
    slack: SignedSlackClient, received: list[dict[str, Any]]
) -> None:
    stale = slack.command("help", timestamp=int(time.time()) - 600)
    body = b"command=%2Funburden&text=help"
    tampered = slack.raw(
        body,
        {
            **slack.signer.headers(b"other body"),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )

    assert (stale.status, tampered.status) == (401, 401)
    assert received == []


def test_an_event_carries_its_envelope_and_retry_headers(
    slack: SignedSlackClient, received: list[dict[str, Any]]
) -> None:
    event = {"type": "app_home_opened", "user": "U001", "tab": "home"}

    first = slack.event(event, event_id="Ev0001")
    retried = slack.event(event, event_id="Ev0001", retry_num=1)

    assert (first.status, retried.status) == (200, 200)
    wait_until(lambda: len(received) == 2)
    assert sorted(r["retry"] or "" for r in received) == ["", "1"]
    assert received[0]["event"]["user"] == "U001"


def test_clicking_a_posted_button_sends_its_value_and_can_replace_the_message(
    slack: SignedSlackClient, fake: FakeSlackApi, received: list[dict[str, Any]]
) -> None:
    button = {
        "type": "button",
        "action_id": "vote",
        "value": "E-12",
        "text": {"type": "plain_text", "text": "Vote"},
    }
    WebClient(token=fake.bot_token, base_url=fake.url).chat_postMessage(
        channel=CHANNEL,
        text="Ideas",
        blocks=[{"type": "actions", "block_id": "idea-E-12", "elements": [button]}],
    )
    posted = fake.wait_for("chat.postMessage")

    slack.click(posted, "vote", user="U002")

    fake.wait_for("response_url")
    action = received[0]["actions"][0]
    assert (action["value"], action["block_id"]) == ("E-12", "idea-E-12")
    assert received[0]["container"]["message_ts"] == posted.response["ts"]
    assert fake.message_at(CHANNEL, posted.response["ts"])["text"] == "Vote counted"


def test_a_modal_can_be_submitted_with_its_values_and_metadata(
    slack: SignedSlackClient, fake: FakeSlackApi, received: list[dict[str, Any]]
) -> None:
    client = WebClient(token=fake.bot_token, base_url=fake.url)
    client.views_open(trigger_id=fake.new_trigger_id(), view=modal("New pilot"))
    opened = fake.wait_for("views.open")

    answer = slack.submit(
        opened,
        {
            "hypothesis": {"text": "Scribes cut pajama time"},
            "start": {"date": {"type": "datepicker", "selected_date": "2025-03-01"}},
        },
    )

    assert answer.status == 200
    view = received[0]
    assert view["private_metadata"] == "E-12"
    assert view["state"]["values"]["hypothesis"]["text"]["value"] == "Scribes cut pajama time"
    assert view["state"]["values"]["start"]["date"]["selected_date"] == "2025-03-01"


def test_a_button_inside_a_modal_gives_a_trigger_that_can_push_a_view(
    slack: SignedSlackClient, fake: FakeSlackApi, received: list[dict[str, Any]]
) -> None:
    client = WebClient(token=fake.bot_token, base_url=fake.url)
    client.views_open(trigger_id=fake.new_trigger_id(), view=modal("New pilot"))

    slack.click(fake.wait_for("views.open"), "add_measure", user="U001")

    pushed = fake.wait_for("views.push")
    assert received[0]["container"]["type"] == "view"
    assert pushed.response["view"]["previous_view_id"] == received[0]["view"]["id"]


def test_a_message_shortcut_gives_a_trigger_that_opens_a_modal(
    slack: SignedSlackClient, fake: FakeSlackApi, received: list[dict[str, Any]]
) -> None:
    message = {
        "type": "message",
        "ts": "1700000000.000100",
        "user": "U002",
        "text": "We fax the same form three times",
    }

    slack.message_shortcut("nominate_task", message, user="U002", channel=CHANNEL)

    fake.wait_for("views.open")
    assert received[0]["message"]["text"] == "We fax the same form three times"
    assert received[0]["response_url"].startswith(fake.url.replace("api/", "response/"))


def test_a_block_suggestion_is_answered_with_options(
    slack: SignedSlackClient, received: list[dict[str, Any]]
) -> None:
    answer = slack.block_suggestion("owner", "le", user="U001")

    assert received[0]["value"] == "le"
    assert answer.json()["options"][0]["value"] == "U001"
