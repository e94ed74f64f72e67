"""The pulse's Answer button, and the direct messages that carry the pulse to members.

Registering also starts the pulse's periodic work (as the check-ins do), until background jobs
move to one place; Services.close stops it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.pulse import OPEN_PULSE, invitation_message, pulse_modal, reminder_message
from bot.clock import utcnow
from bot.errors import UserError
from bot.services.container import Services
from bot.services.pulse import PulseInvitation

log = logging.getLogger(__name__)


def channel_members(client: WebClient, channel_id: str) -> set[str] | None:
    """Everyone in a channel (all pages), or None when Slack will not say."""
    members: set[str] = set()
    cursor: str | None = None
    try:
        while True:
            page = client.conversations_members(channel=channel_id, cursor=cursor, limit=200)
            members.update(page.get("members", []))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return members
    except SlackApiError as error:
        log.warning(
            "conversations.members failed in %s: %s", channel_id, error.response.get("error")
        )
        return None


class SlackPulse:
    """Reaches a group's members by direct message."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def members(self, team_id: str, channel_id: str) -> list[str] | None:
        """The channel's people: the bot itself and other bots left out."""
        members = channel_members(self._client, channel_id)
        if members is None:
            return None
        try:
            me = self._client.auth_test().get("user_id")
        except SlackApiError:
            me = None
        return sorted(m for m in members if m != me and not self._is_bot(m))

    def send_invitation(self, invitation: PulseInvitation) -> None:
        """Open the member's DM and ask."""
        self._post(invitation, *invitation_message(invitation))

    def send_reminder(self, invitation: PulseInvitation) -> None:
        """Open the member's DM and remind them, once."""
        self._post(invitation, *reminder_message(invitation))

    def _post(self, invitation: PulseInvitation, text: str, blocks: list[dict[str, Any]]) -> None:
        opened = self._client.conversations_open(users=invitation.user_id)
        self._client.chat_postMessage(channel=opened["channel"]["id"], text=text, blocks=blocks)

    def _is_bot(self, user_id: str) -> bool:
        try:
            user = self._client.users_info(user=user_id).get("user") or {}
        except SlackApiError:
            return False  # asking a bot does no harm; leaving a person out would
        return bool(user.get("is_bot") or user.get("deleted"))


def register(app: App, services: Services) -> None:
    """Listen to the Answer button and start sending pulses."""

    def ack_click(ack: Ack) -> None:
        """A click needs only a 200; the form opens right after."""
        ack()

    def open_pulse_form(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Open the pulse form, unless this member already answered or the round closed."""
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        action = (body.get("actions") or [{}])[0]
        try:
            round_id = int(action.get("value") or 0)
            services.pulse.answerable(team_id, round_id, user_id, utcnow())
        except (UserError, ValueError) as error:
            message = error.message if isinstance(error, UserError) else "This pulse is unknown."
            respond(text=message, response_type="ephemeral", replace_original=False)
            return
        client.views_open(
            trigger_id=body["trigger_id"], view=pulse_modal(round_id, services.pulse.wording)
        )

    app.action(OPEN_PULSE)(ack=ack_click, lazy=[open_pulse_form])
    services.pulse.start(SlackPulse(app.client))
