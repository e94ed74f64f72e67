"""The "Record as idea" button under a sorted meeting-thread message.

The click is acked at once; recording (store, similar search) runs after the ack. Ideas are
recorded through the ideas feature (`services.experiments`) under the meeting's current
question, exactly as `idea <text>` would record them: the method takes ideas question by question."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.answers import apology
from bot.blocks.assist import RECORD_SORTED_IDEA, mark_recorded, read_button_value
from bot.blocks.ideas import idea_blocks, idea_text
from bot.errors import UserError
from bot.services.container import Services

log = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    """The button is acked empty at once; its answer follows from the lazy work."""
    ack()


def _ephemeral(respond: Respond, text: str) -> None:
    respond(text=text, response_type="ephemeral", replace_original=False)


def register(app: App, services: Services) -> None:
    """Record a sorted idea when its button is clicked."""
    command = services.settings.unburden_command

    def record_sorted_idea(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        action = (body.get("actions") or [{}])[0]
        team_id = str((body.get("team") or {}).get("id") or "")
        channel_id = str((body.get("channel") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        parsed = read_button_value(str(action.get("value") or ""))
        experiments = getattr(services, "experiments", None)
        if parsed is None or experiments is None:
            _ephemeral(
                respond,
                f"Recording ideas from here is not available; type `{command} idea <text>`.",
            )
            return
        try:
            group = services.groups.require(team_id, channel_id)
            proposal = experiments.propose(group, user_id, parsed[1])
            look = experiments.look_alikes(proposal)
        except UserError as error:
            _ephemeral(respond, error.message)
            return
        except Exception as error:  # noqa: BLE001 - the member must hear back whatever failed
            reference = uuid.uuid4().hex[:8]
            log.error(
                "record_sorted_idea failed (ref %s, team %s)", reference, team_id, exc_info=error
            )
            _ephemeral(respond, apology(reference))
            return
        client.chat_postMessage(
            channel=channel_id,
            thread_ts=proposal.meeting.thread_ts,
            text=idea_text(look),
            blocks=idea_blocks(look, command),
        )
        message = body.get("message") or {}
        if message.get("ts") and message.get("blocks"):
            client.chat_update(
                channel=channel_id,
                ts=message["ts"],
                text=message.get("text") or idea_text(look),
                blocks=mark_recorded(
                    message["blocks"],
                    str(action.get("block_id")),
                    proposal.experiment.short_id,
                    user_id,
                ),
            )

    app.action(RECORD_SORTED_IDEA)(ack=acknowledge, lazy=[record_sorted_idea])
