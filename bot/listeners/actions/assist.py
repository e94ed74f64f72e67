"""The "Record as idea" button under a sorted meeting-thread message.

The click is acked at once; recording (store, similar search) runs after the ack. Ideas are
recorded through the ideas feature (`services.experiments`) under the meeting's current
question, exactly as `idea <text>` would record them. The button carries the idea's text
already redacted (`Assistant.sort_message`), so the click is the member's choice to keep it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.blocks.assist import RECORD_SORTED_IDEA, mark_recorded, read_button_value
from bot.errors import InvalidInput
from bot.listeners.commands.ideas import idea_messages, post_idea
from bot.listeners.meeting_posts import tell_if_waiting
from bot.services.experiments import Proposal
from bot.slack.kit import Interaction, Kit

log = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    """The button is acked empty at once; its answer follows from the lazy work."""
    ack()


def record_sorted_idea(ix: Interaction) -> None:
    """Record the idea the button carries and mark the button as recorded."""
    parsed = read_button_value(ix.action_value)
    if parsed is None:
        raise InvalidInput(f"That button is out of date; type `{ix.command} idea <text>`.")
    group = ix.require_group()
    shown = idea_messages(ix.command)
    proposal = ix.services.experiments.propose(group, ix.user_id, parsed[1], shown=shown)
    tell_if_waiting(ix.services, post_idea(ix.services, proposal, ix.user_id), ix.answer)
    message = ix.message
    if message.get("ts") and message.get("blocks"):
        mark_button(ix, proposal, message)


def mark_button(ix: Interaction, proposal: Proposal, message: dict[str, Any]) -> None:
    """Mark the clicked button as recorded; the idea stands (and is posted) if Slack refuses,
    so the member is not told that anything failed and never records it twice."""
    action = (ix.body.get("actions") or [{}])[0]
    try:
        ix.client.chat_update(
            channel=ix.channel_id,
            ts=message["ts"],
            text=message.get("text") or proposal.experiment.short_id,
            blocks=mark_recorded(
                message["blocks"],
                str(action.get("block_id")),
                proposal.experiment.short_id,
                ix.user_id,
            ),
        )
    except SlackApiError as error:
        log.warning("sorted idea's button not marked: %s", error.response.get("error"))


def register(app: App, kit: Kit) -> None:
    """Record a sorted idea when its button is clicked."""
    app.action(RECORD_SORTED_IDEA)(ack=acknowledge, lazy=[kit.lazy(record_sorted_idea)])
