"""Playing Slack over Socket Mode in tests: envelopes out on the bot's socket, acks back."""

from __future__ import annotations

from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_payloads import Origin
from bot.offline.socket_mode import Ack, SocketModeStandIn
from tests.conftest import CHANNEL, FACILITATOR


class SocketSlack:
    """Plays Slack over Socket Mode: sends envelopes on the bot's connection, waits for acks."""

    def __init__(self, slack_api: FakeSlackApi, stand_in: SocketModeStandIn) -> None:
        self.slack_api = slack_api
        self.stand_in = stand_in

    def origin(self, user: str, channel: str | None) -> Origin:
        """Who and where, with the names the fake workspace knows."""
        ws = self.slack_api.workspace
        return Origin(
            self.slack_api.team_id,
            ws.team_domain,
            ws.app_id,
            user,
            self.slack_api.user_name(user),
            channel,
            self.slack_api.channel_name(channel) if channel else None,
        )

    def command(self, text: str, user: str = FACILITATOR, channel: str = CHANNEL) -> str:
        """Send `/unburden <text>` as a slash_commands envelope; returns its envelope id."""
        return self.stand_in.command(
            self.origin(user, channel),
            text,
            self.slack_api.new_response_url(channel=channel),
            self.slack_api.new_trigger_id(),
            "/unburden",
        )

    def type_verb(self, text: str, user: str = FACILITATOR, channel: str = CHANNEL) -> Ack:
        """Send a command and wait for its ack (which must come within Slack's 3 seconds)."""
        ack = self.stand_in.wait_for_ack(self.command(text, user, channel))
        assert ack.in_time, f"{text!r} acked after {ack.seconds:.1f} s, past Slack's limit"
        return ack
