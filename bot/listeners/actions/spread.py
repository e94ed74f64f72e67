"""The **Offer** button under an adopted pilot: the other group's channel gets the change as a
suggested experiment; the presser hears where it went."""

from __future__ import annotations

import json

from slack_bolt import Ack, App

from bot.blocks.spread import OFFER_ACTION, offered_answer, suggestion_message
from bot.slack.kit import Interaction, Kit


def acknowledge(ack: Ack) -> None:
    """A click needs only a 200; the offer follows."""
    ack()


def offer(ix: Interaction) -> None:
    """Offer the pilot to the group on the button and post the suggestion there."""
    value = json.loads(ix.action_value or "{}")
    made = ix.services.spread.offer(
        ix.team_id, ix.user_id, int(value.get("pilot") or 0), str(value.get("channel") or "")
    )
    text, blocks = suggestion_message(made, ix.command)
    ix.client.chat_postMessage(channel=made.target.channel_id, text=text, blocks=blocks)
    ix.answer(offered_answer(made))


def register(app: App, kit: Kit) -> None:
    """Listen to the Offer button."""
    app.action(OFFER_ACTION)(ack=acknowledge, lazy=[kit.lazy(offer)])
