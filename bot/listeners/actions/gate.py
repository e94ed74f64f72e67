"""The identifier gate's two buttons: **Save without them** runs the verb on the redacted text
the button carries; **Edit** opens a form prefilled with it. Nothing was stored before."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.blocks.gate import GATE_EDIT, GATE_SAVE, gate_modal, read_gate_value
from bot.errors import InvalidInput
from bot.listeners.commands import run_verb, verb_table
from bot.listeners.context import CommandContext
from bot.slack.kit import Interaction, Kit
from bot.slack.text import SlackText


def acknowledge(ack: Ack) -> None:
    """Acked at once; the verb runs after."""
    ack()


def chosen(ix: Interaction) -> tuple[str, str]:
    """The verb and redacted text on the clicked button."""
    found = read_gate_value(ix.action_value)
    if found is None or found[0] not in verb_table():
        raise InvalidInput("That button is out of date; type the command again.")
    return found


def save_without_them(ix: Interaction) -> None:
    """Run the verb on the redacted text, as if typed so, then close the prompt."""
    verb, redacted = chosen(ix)
    # A double tap on the button saves once: the prompt's ts names the choice.
    prompt_ts = str((ix.body.get("container") or {}).get("message_ts") or "")
    if prompt_ts and not ix.services.events.first_time(
        ix.team_id, f"gate:{ix.user_id}:{prompt_ts}"
    ):
        return
    if ix.respond is not None:
        ix.respond(delete_original=True)
    ctx = CommandContext.of(ix, verb, SlackText(redacted), gated=True)
    run_verb(verb_table()[verb], ctx)


def edit(ix: Interaction) -> None:
    """Open the redacted text in a form to edit before saving."""
    verb, redacted = chosen(ix)
    ix.open_form(gate_modal(verb, redacted, ix.channel_id))


def register(app: App, kit: Kit) -> None:
    """Listen to the gate's buttons."""
    app.action(GATE_SAVE)(ack=acknowledge, lazy=[kit.lazy(save_without_them)])
    app.action(GATE_EDIT)(ack=acknowledge, lazy=[kit.lazy(edit)])
