"""The **Offer** button under an adopted pilot: the other group's channel gets the change as a
suggested experiment; the presser hears where it went."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.spread import OFFER_ACTION, offered_answer, suggestion_message
from bot.listeners.actions.ideas import answering
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Listen to the Offer button."""
    command = services.settings.unburden_command

    def acknowledge(ack: Ack) -> None:
        """A click needs only a 200; the offer follows."""
        ack()

    def offer(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Offer the pilot to the group on the button and post the suggestion there."""
        value = json.loads((body.get("actions") or [{}])[0].get("value") or "{}")
        made = services.spread.offer(
            str((body.get("team") or {}).get("id") or ""),
            str((body.get("user") or {}).get("id") or ""),
            int(value.get("pilot") or 0),
            str(value.get("channel") or ""),
        )
        text, blocks = suggestion_message(made, command)
        client.chat_postMessage(channel=made.target.channel_id, text=text, blocks=blocks)
        respond(text=offered_answer(made), response_type="ephemeral", replace_original=False)

    app.action(OFFER_ACTION)(ack=acknowledge, lazy=[answering(offer)])
