"""The `Log values` button (in check-ins and pilot announcements), and check-ins sent to owners.

Registering also starts the reminder job: check-ins need the app's Web API client, and every
way the bot runs (serve, the demo, tests) builds the app once; Services.close stops it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.corrections import UNDO_LAST_VALUE, removed_answer
from bot.blocks.pilots import OPEN_LOG_MODAL, checkin_message, log_modal
from bot.clock import today
from bot.domain.pilots import CheckIn
from bot.errors import UserError
from bot.listeners.commands.pilots import require_member
from bot.services.container import Services

log = logging.getLogger(__name__)


class SlackCheckIns:
    """Sends a pilot check-in as a direct message to its owner."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def send_checkin(self, checkin: CheckIn) -> None:
        """Open the owner's DM and post the check-in with its `Log values` button."""
        opened = self._client.conversations_open(users=checkin.user_id)
        text, blocks = checkin_message(checkin)
        self._client.chat_postMessage(channel=opened["channel"]["id"], text=text, blocks=blocks)


def register(app: App, services: Services) -> None:
    """Listen to the log button and start sending check-ins."""

    def ack_click(ack: Ack) -> None:
        """A click needs only a 200; the form opens right after."""
        ack()

    def open_log_form(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Open the log form for the pilot on the button, for members of its group only."""
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        action = (body.get("actions") or [{}])[0]
        pilots = services.pilots
        try:
            pilot = pilots.pilot(team_id, f"P-{action.get('value', '')}")
            pilots.ensure_active(pilot)
            group = pilots.group_of(pilot)
            require_member(client, group.channel_id, user_id, f"log values for {pilot.short_id}")
        except UserError as error:
            respond(text=error.message, response_type="ephemeral", replace_original=False)
            return
        view = log_modal(pilot, pilots.measures(pilot), today(), user_id)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def undo_last_value(body: dict[str, Any], respond: Respond) -> None:
        """The Undo button under a log answer: remove the clicker's own last value, on record."""
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        action = (body.get("actions") or [{}])[0]
        try:
            removed = services.corrections.undo_last(team_id, user_id, f"P-{action.get('value')}")
        except UserError as error:
            respond(text=error.message, response_type="ephemeral", replace_original=False)
            return
        text, blocks = removed_answer(removed)
        respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=True)

    app.action(OPEN_LOG_MODAL)(ack=ack_click, lazy=[open_log_form])
    app.action(UNDO_LAST_VALUE)(ack=ack_click, lazy=[undo_last_value])
    services.pilots.reminders.start(SlackCheckIns(app.client))
