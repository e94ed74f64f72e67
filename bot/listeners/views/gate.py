"""The identifier gate's Edit form: the member's edited text is checked again in the ack, then
the verb runs on it after the ack, in the channel where it was typed."""

from __future__ import annotations

import dataclasses
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.gate import GATE_MODAL
from bot.errors import InvalidInput
from bot.listeners.commands import run_verb, verb_table
from bot.listeners.context import CommandContext
from bot.slack.kit import Interaction, Kit, accept
from bot.slack.text import SlackText, without_controls


def edited(ix: Interaction) -> str:
    """The text in the Edit form."""
    values = (ix.view.get("state") or {}).get("values") or {}
    return without_controls(str((values.get("text") or {}).get("value", {}).get("value") or ""))


def register(app: App, kit: Kit) -> None:
    """Listen to the Edit form's submission."""

    def check_edit(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
        """Refuse, next to the field, text that still holds identifiers; accept it once."""
        ix = kit.interaction(body, client, None, context)
        if not edited(ix).strip():
            ack(response_action="errors", errors={"text": "Type the text to save."})
            return
        errors = kit.gate.field_errors({"text": edited(ix)})
        if errors:
            ack(response_action="errors", errors=errors)
            return
        if kit.claim_submission(ix):
            accept(context)
        ack()

    def save_edited(ix: Interaction) -> None:
        """Run the verb on the edited text, in the channel it was first typed in."""
        meta = ix.metadata()
        verb = str(meta.get("verb") or "")
        if verb not in verb_table():
            raise InvalidInput("That form is out of date; type the command again.")
        where = dataclasses.replace(ix.origin, channel_id=str(meta.get("channel") or ""))
        ix = dataclasses.replace(ix, origin=where)
        ctx = CommandContext.of(ix, verb, SlackText(edited(ix)), gated=True)
        run_verb(verb_table()[verb], ctx)

    app.view(GATE_MODAL)(ack=check_edit, lazy=[kit.lazy(save_edited, "save_edited")])
