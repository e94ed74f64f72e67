"""The "Missed opportunity" form: an empty form is refused in the form; the check for patient
identifiers, storing and the channel's confirmation follow after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.missed import (
    BURDEN_ACTION,
    BURDEN_BLOCK,
    MISSED_MODAL,
    TEXT_ACTION,
    TEXT_BLOCK,
    missed_blocks,
    missed_text,
)
from bot.errors import UserError
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Listen to the form's submissions."""
    command = services.settings.unburden_command

    def check(ack: Ack, body: dict[str, Any]) -> None:
        """Refuse, in the form, an empty text."""
        if not typed(body["view"]):
            ack(
                response_action="errors", errors={TEXT_BLOCK: "Say what valuable work goes undone."}
            )
            return
        ack()

    def record(body: dict[str, Any], client: WebClient) -> None:
        """Store it and tell the channel; a refusal is told to the member alone."""
        channel_id, user_id = body["view"]["private_metadata"], body["user"]["id"]
        team_id = str((body.get("team") or {}).get("id") or body["view"].get("team_id") or "")
        try:
            recorded = services.missed.record(
                team_id, channel_id, user_id, typed(body["view"]), chosen_burden(body["view"])
            )
        except UserError as error:
            try:
                client.chat_postEphemeral(channel=channel_id, user=user_id, text=error.message)
            except SlackApiError:
                client.chat_postMessage(channel=user_id, text=error.message)
            return
        client.chat_postMessage(
            channel=channel_id,
            text=missed_text(recorded),
            blocks=missed_blocks(recorded, user_id, command),
        )

    app.view(MISSED_MODAL)(ack=check, lazy=[record])


def typed(view: dict[str, Any]) -> str:
    """What the member typed in the form."""
    values = (view.get("state") or {}).get("values") or {}
    return str(((values.get(TEXT_BLOCK) or {}).get(TEXT_ACTION) or {}).get("value") or "").strip()


def chosen_burden(view: dict[str, Any]) -> int | None:
    """The burden picked in the form, if any."""
    values = (view.get("state") or {}).get("values") or {}
    entry = (values.get(BURDEN_BLOCK) or {}).get(BURDEN_ACTION) or {}
    option = entry.get("selected_option") or {}
    return int(option["value"]) if option.get("value") else None
