"""A client that sends the bot signed requests the way Slack does, for tests and the demo."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from bot.offline.call_log import ApiCall
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_payloads import (
    Origin,
    block_actions_payload,
    block_suggestion_payload,
    event_envelope,
    find_element,
    message_action_payload,
    slash_command_form,
    state_values,
    view_submission_payload,
)

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class SlackRequestSigner:
    """Signs request bodies with Slack's v0 scheme: HMAC-SHA256 of "v0:{ts}:{body}"."""

    def __init__(self, signing_secret: str) -> None:
        self._secret = signing_secret.encode()

    def signature(self, body: bytes, timestamp: int) -> str:
        """The X-Slack-Signature value for this body and timestamp."""
        base = b"v0:" + str(timestamp).encode() + b":" + body
        return "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()

    def headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """The two signing headers; `timestamp` defaults to now (pass an old one to go stale)."""
        stamp = int(time.time()) if timestamp is None else int(timestamp)
        return {
            "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": self.signature(body, stamp),
        }


@dataclass
class BotResponse:
    """The bot's HTTP answer to one request, and how long it took."""

    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    elapsed_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.status < 300

    def json(self) -> Any:
        """The body decoded as JSON (an empty body is None)."""
        return json.loads(self.body) if self.body.strip() else None


class SignedSlackClient:
    """Plays Slack: POSTs signed commands, events and interactions to the bot's /slack/events."""

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        slack_api: FakeSlackApi,
        team_id: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.events_url = app_url.rstrip("/") + "/slack/events"
        self.signer = SlackRequestSigner(signing_secret)
        self.slack_api = slack_api
        self.team_id = team_id or slack_api.team_id
        self.timeout = timeout
        self._event_serial = itertools.count(1)

    def origin(self, user: str, channel: str | None) -> Origin:
        """Who and where, with the names the fake workspace knows."""
        ws = self.slack_api.workspace
        return Origin(
            self.team_id,
            ws.team_domain,
            ws.app_id,
            user,
            self.slack_api.user_name(user),
            channel,
            self.slack_api.channel_name(channel) if channel else None,
        )

    def command(
        self,
        text: str,
        user: str = "U001",
        channel: str = "C001",
        command: str = "/unburden",
        trigger_id: str | None = None,
        timestamp: int | None = None,
    ) -> BotResponse:
        """Send a slash command, form-encoded, with a fresh response_url and trigger_id."""
        form = slash_command_form(
            self.origin(user, channel),
            command,
            text,
            self.slack_api.new_response_url(channel=channel),
            trigger_id or self.slack_api.new_trigger_id(),
        )
        return self._post(urlencode(form).encode(), FORM, timestamp)

    def event(
        self,
        event: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
    ) -> BotResponse:
        """Send an Events API event; with retry_num, as Slack's retry of an earlier delivery."""
        user = event["user"] if isinstance(event.get("user"), str) else "U001"
        envelope = event_envelope(
            self.origin(user, None),
            self.slack_api.bot_user_id,
            event,
            event_id or self.new_event_id(),
        )
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self._post(json.dumps(envelope).encode(), JSON, timestamp, headers)

    def new_event_id(self) -> str:
        """A fresh, unique event_id such as Ev0001A1B2C3."""
        return f"Ev{next(self._event_serial):04d}{secrets.token_hex(4).upper()}"

    def url_verification(self, challenge: str = "offline-challenge") -> BotResponse:
        """Send Slack's url_verification handshake; the bot should echo the challenge."""
        body = {"token": "offline", "challenge": challenge, "type": "url_verification"}
        return self._post(json.dumps(body).encode(), JSON, None)

    def block_action(
        self,
        action_id: str,
        value: str | None = None,
        user: str = "U001",
        channel: str = "C001",
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        block_id: str | None = None,
        selected_option: dict[str, Any] | None = None,
        timestamp: int | None = None,
    ) -> BotResponse:
        """Click a button (or pick an option) in a message, or in a view when `view` is given."""
        blocks = (view or message or {}).get("blocks")
        found = find_element(blocks, action_id)
        element = found[1] if found else {}
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": block_id or (found[0] if found else f"block-{action_id}"),
            "type": element.get("type") or ("static_select" if selected_option else "button"),
        }
        if selected_option is not None:
            action["selected_option"] = selected_option
        else:
            action["value"] = value if value is not None else element.get("value")
            if element.get("text"):
                action["text"] = element["text"]
        if view is not None:
            origin = self.origin(user, None)
            payload = block_actions_payload(
                origin, action, self.slack_api.new_trigger_id(view.get("id")), None, None, view
            )
        else:
            message = message or {"type": "message", "ts": f"{time.time():.6f}", "text": ""}
            payload = block_actions_payload(
                self.origin(user, channel),
                action,
                self.slack_api.new_trigger_id(),
                self.slack_api.new_response_url(channel, message.get("ts")),
                message,
                None,
            )
        return self._post_payload(payload, timestamp)

    def click(
        self,
        call: ApiCall,
        action_id: str,
        user: str = "U001",
        value: str | None = None,
        selected_option: dict[str, Any] | None = None,
        timestamp: int | None = None,
    ) -> BotResponse:
        """Click an element of a message or view the bot sent, given its recorded call."""
        view = call.response.get("view")
        if isinstance(view, dict):
            return self.block_action(
                action_id,
                value,
                user,
                view=view,
                selected_option=selected_option,
                timestamp=timestamp,
            )
        message = call.response.get("message")
        if not isinstance(message, dict):
            # Ephemeral and response_url messages come back without the message object.
            message = {
                "type": "message",
                "text": call.args.get("text", ""),
                "blocks": call.args.get("blocks", []),
                "ts": call.response.get("message_ts") or f"{time.time():.6f}",
            }
        return self.block_action(
            action_id,
            value,
            user,
            call.channel or "C001",
            message,
            selected_option=selected_option,
            timestamp=timestamp,
        )

    def view_submission(
        self,
        callback_id: str | None,
        values: dict[str, dict[str, Any]],
        user: str = "U001",
        private_metadata: str | None = None,
        view: dict[str, Any] | None = None,
        timestamp: int | None = None,
    ) -> BotResponse:
        """Submit a modal; `values` is {block_id: {action_id: state entry or plain string}}."""
        base: dict[str, Any] = (
            dict(view)
            if view
            else {
                "id": "VSUBMITTED",
                "type": "modal",
                "blocks": [],
                "hash": "0.0",
                "title": {"type": "plain_text", "text": "Modal"},
                "team_id": self.team_id,
                "app_id": self.slack_api.workspace.app_id,
            }
        )
        base.setdefault("root_view_id", base.get("id"))
        base["callback_id"] = (
            callback_id if callback_id is not None else base.get("callback_id", "")
        )
        if private_metadata is not None or "private_metadata" not in base:
            base["private_metadata"] = private_metadata or ""
        base["state"] = {"values": state_values(values)}
        payload = view_submission_payload(
            self.origin(user, None), base, self.slack_api.new_trigger_id(base.get("id"))
        )
        return self._post_payload(payload, timestamp)

    def submit(
        self,
        call: ApiCall,
        values: dict[str, dict[str, Any]],
        user: str = "U001",
        timestamp: int | None = None,
    ) -> BotResponse:
        """Submit the modal the bot opened in this recorded views.open/push/update call."""
        view = call.response.get("view")
        if not isinstance(view, dict):
            raise AssertionError(f"{call.summary()} did not open a view")
        return self.view_submission(None, values, user, view=view, timestamp=timestamp)

    def message_shortcut(
        self,
        callback_id: str,
        message: dict[str, Any],
        user: str = "U001",
        channel: str = "C001",
        timestamp: int | None = None,
    ) -> BotResponse:
        """Run a message shortcut (a message_action) on one message."""
        payload = message_action_payload(
            self.origin(user, channel),
            callback_id,
            message,
            self.slack_api.new_trigger_id(),
            self.slack_api.new_response_url(channel, message.get("ts")),
        )
        return self._post_payload(payload, timestamp)

    def block_suggestion(
        self,
        action_id: str,
        value: str,
        user: str = "U001",
        channel: str = "C001",
        view: dict[str, Any] | None = None,
        block_id: str | None = None,
        timestamp: int | None = None,
    ) -> BotResponse:
        """Ask for external select options, as Slack does while someone types."""
        found = find_element((view or {}).get("blocks"), action_id)
        payload = block_suggestion_payload(
            self.origin(user, None if view else channel),
            action_id,
            block_id or (found[0] if found else f"block-{action_id}"),
            value,
            view,
        )
        return self._post_payload(payload, timestamp)

    def interaction(self, payload: dict[str, Any], timestamp: int | None = None) -> BotResponse:
        """POST any interaction payload (say, from the replay corpus), signed and form-encoded."""
        return self._post_payload(payload, timestamp)

    def command_form(self, form: dict[str, str], timestamp: int | None = None) -> BotResponse:
        """POST any slash-command form (say, from a DM or an org-wide install), signed."""
        return self._post(urlencode(form).encode(), FORM, timestamp)

    def event_envelope(self, envelope: dict[str, Any], timestamp: int | None = None) -> BotResponse:
        """POST any Events API envelope as it is, signed."""
        return self._post(json.dumps(envelope).encode(), JSON, timestamp)

    def raw(self, body: bytes, headers: dict[str, str]) -> BotResponse:
        """POST exactly these bytes and headers (no signing), for bad-signature tests."""
        return self._send(body, headers)

    def _post_payload(self, payload: dict[str, Any], timestamp: int | None) -> BotResponse:
        # Slack sends interactions form-encoded, as one `payload` field holding JSON.
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self._post(body, FORM, timestamp)

    def _post(
        self,
        body: bytes,
        content_type: str,
        timestamp: int | None,
        extra: dict[str, str] | None = None,
    ) -> BotResponse:
        headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (offline)",
            **self.signer.headers(body, timestamp),
            **(extra or {}),
        }
        return self._send(body, headers)

    def _send(self, body: bytes, headers: dict[str, str]) -> BotResponse:
        request = urllib.request.Request(self.events_url, data=body, headers=headers, method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                status, text, answer_headers = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:
            status, text, answer_headers = error.code, error.read(), error.headers
        return BotResponse(
            status,
            text.decode("utf-8", "replace"),
            dict(answer_headers.items()),
            time.monotonic() - started,
        )
