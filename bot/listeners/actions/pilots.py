"""The `Log values` button (in check-ins and pilot announcements).

Check-ins themselves are sent by `serve`'s background jobs (bot.jobs), each workspace with its
own token."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.pilots import OPEN_LOG_MODAL, log_modal
from bot.clock import today
from bot.errors import UserError
from bot.listeners.commands.pilots import require_member
from bot.services.container import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    """Listen to the log button."""

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

    app.action(OPEN_LOG_MODAL)(ack=ack_click, lazy=[open_log_form])
