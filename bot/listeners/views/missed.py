"""The "Missed opportunity" form: an empty text or one holding patient identifiers is refused
in the form; storing and the channel's confirmation follow after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.missed import (
    BURDEN_ACTION,
    BURDEN_BLOCK,
    MISSED_MODAL,
    TEXT_ACTION,
    TEXT_BLOCK,
    missed_blocks,
    missed_text,
)
from bot.slack.kit import Interaction, Kit, accept
from bot.slack.text import without_controls


def typed(view: dict[str, Any]) -> str:
    """What the member typed in the form, without control characters."""
    values = (view.get("state") or {}).get("values") or {}
    entry = (values.get(TEXT_BLOCK) or {}).get(TEXT_ACTION) or {}
    return without_controls(str(entry.get("value") or "")).strip()


def chosen_burden(view: dict[str, Any]) -> int | None:
    """The burden picked in the form, if any."""
    values = (view.get("state") or {}).get("values") or {}
    option = ((values.get(BURDEN_BLOCK) or {}).get(BURDEN_ACTION) or {}).get("selected_option")
    return int(option["value"]) if option and option.get("value") else None


def register(app: App, kit: Kit) -> None:
    """Listen to the form's submissions."""

    def check(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """Refuse, in the form, an empty text or one with patient identifiers."""
        ix = kit.interaction(body, client, None, context)
        text = typed(ix.view)
        if not text:
            ack(
                response_action="errors", errors={TEXT_BLOCK: "Say what valuable work goes undone."}
            )
            return
        errors = kit.gate.field_errors({TEXT_BLOCK: text})
        if errors:
            ack(response_action="errors", errors=errors)
            return
        if not kit.claim_submission(ix):
            ack()  # the same form again: it was recorded the first time
            return
        accept(context)
        ack()

    def record(ix: Interaction) -> None:
        """Store it and tell the channel; a refusal is answered by the kit."""
        channel_id = str(ix.view.get("private_metadata") or "")
        recorded = ix.services.missed.record(
            ix.team_id, channel_id, ix.user_id, typed(ix.view), chosen_burden(ix.view)
        )
        ix.client.chat_postMessage(
            channel=channel_id,
            text=missed_text(recorded),
            blocks=missed_blocks(recorded, ix.user_id, ix.command),
        )

    app.view(MISSED_MODAL)(ack=check, lazy=[kit.lazy(record)])
