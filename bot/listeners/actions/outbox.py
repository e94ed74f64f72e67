"""**Post again**: the facilitator's button on a message the group must see that Slack did not take."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.blocks.outbox import POST_AGAIN, failed_post_blocks, failed_post_text
from bot.errors import UserError
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Listen to Post again."""

    def acknowledge(ack: Ack) -> None:
        """Acked empty at once; the post follows."""
        ack()

    def post_again(body: dict[str, Any], respond: Respond) -> None:
        """Post the message (and what waits on it) now, and say how it went."""
        team_id = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
        value = str(((body.get("actions") or [{}])[0]).get("value") or "")
        try:
            if not value.isdigit():
                raise UserError("That button is out of date.")
            delivery = services.outbox.post_again(team_id, int(value))
        except UserError as error:
            respond(text=error.message, response_type="ephemeral", replace_original=True)
            return
        failure = delivery.first_failure
        if delivery.ok or failure is None:
            respond(text="Posted.", response_type="ephemeral", replace_original=True)
            return
        retrying = not failure.refused
        respond(
            text=failed_post_text(failure.kind, failure.error, retrying),
            blocks=failed_post_blocks(failure.kind, failure.error, retrying, failure.message_id),
            response_type="ephemeral",
            replace_original=True,
        )

    app.action(POST_AGAIN)(ack=acknowledge, lazy=[post_again])
