"""**Post again**: the button on a message the group must see that Slack did not take."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.blocks.outbox import POST_AGAIN, failed_post_blocks, failed_post_text
from bot.errors import InvalidInput
from bot.slack.kit import Interaction, Kit


def acknowledge(ack: Ack) -> None:
    """Acked empty at once; the post follows."""
    ack()


def post_again(ix: Interaction) -> None:
    """Post the message (and what waits on it) now, and say how it went."""
    if not ix.action_value.isdigit():
        raise InvalidInput("That button is out of date.")
    delivery = ix.services.outbox.post_again(ix.team_id, int(ix.action_value))
    failure = delivery.first_failure
    if delivery.ok or failure is None:
        ix.answer("Posted.")
        return
    retrying = not failure.refused
    ix.answer(
        failed_post_text(failure.kind, failure.error, retrying),
        failed_post_blocks(failure.kind, failure.error, retrying, failure.message_id),
    )


def register(app: App, kit: Kit) -> None:
    """Listen to Post again."""
    app.action(POST_AGAIN)(ack=acknowledge, lazy=[kit.lazy(post_again)])
