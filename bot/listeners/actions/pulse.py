"""The pulse's Answer button, and the direct messages that carry the pulse to members.

The periodic sending is a background job of `serve` (bot.jobs.schedule)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.pulse import OPEN_PULSE, invitation_message, pulse_modal, reminder_message
from bot.clock import utcnow
from bot.errors import UserError
from bot.services.pulse import PulseInvitation
from bot.slack.kit import Kit
from bot.slack.members import ChannelMembers
from bot.slack.origin import read_origin
from bot.workspace_clients import WorkspaceClients

log = logging.getLogger(__name__)


class SlackPulse:
    """Reaches a group's members by direct message, with each workspace's own token."""

    def __init__(self, clients: WorkspaceClients, members: ChannelMembers) -> None:
        self._clients = clients
        self._members = members

    def members(self, team_id: str, channel_id: str) -> list[str] | None:
        """The channel's people: the bot itself and other bots left out."""
        client = self._clients.client_for(team_id)
        members = self._members.of(client, team_id, channel_id)
        if members is None:
            return None
        try:
            me = client.auth_test().get("user_id")
        except SlackApiError:
            me = None
        return sorted(m for m in members if m != me and not _is_bot(client, m))

    def send_invitation(self, invitation: PulseInvitation) -> None:
        """Open the member's DM and ask."""
        self._post(invitation, *invitation_message(invitation))

    def send_reminder(self, invitation: PulseInvitation) -> None:
        """Open the member's DM and remind them, once."""
        self._post(invitation, *reminder_message(invitation))

    def _post(self, invitation: PulseInvitation, text: str, blocks: list[dict[str, Any]]) -> None:
        client = self._clients.client_for(invitation.team_id)
        opened = client.conversations_open(users=invitation.user_id)
        client.chat_postMessage(channel=opened["channel"]["id"], text=text, blocks=blocks)


def _is_bot(client: WebClient, user_id: str) -> bool:
    """Whether a member is a bot or a deactivated account, who get no pulse."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except SlackApiError:
        return False  # asking a bot does no harm; leaving a person out would
    return bool(user.get("is_bot") or user.get("deleted"))


def register(app: App, kit: Kit) -> None:
    """Listen to the Answer button, and give the pulse its way to reach members (the sending
    itself is a background job of `serve`; tests and the demo call it directly)."""
    services = kit.services

    def ack_click(ack: Ack) -> None:
        """A click needs only a 200; the form opens right after."""
        ack()

    def open_pulse_form(
        body: dict[str, Any], client: WebClient, respond: Respond, context: Any
    ) -> None:
        """Open the pulse form, unless this member already answered or the round closed."""
        origin = read_origin(body, context)  # org-wide installs send `team: null`
        team_id, user_id = origin.team_id, origin.user_id
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
    services.pulse.attach(SlackPulse(services.clients, kit.members))
