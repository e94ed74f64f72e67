"""The "Add as burden" message shortcut: any message becomes a burden, through the form.

The message's text is decoded from Slack's escaping and prefilled with patient identifiers
already replaced (`[NAME]`...): the form's ack checks whatever the member then types."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.blocks.burdens import burden_modal
from bot.errors import UserError
from bot.services.burdens import BurdenDraft
from bot.slack.kit import Interaction, Kit

ADD_BURDEN_SHORTCUT = "add_burden_shortcut"


def acknowledge(ack: Ack) -> None:
    """Ack at once; the form opens after."""
    ack()


def open_prefilled_form(ix: Interaction) -> None:
    """Open the burden form filled in from the message, in a working group's channel."""
    ix.require_group()
    text = ix.decode(str(ix.message.get("text") or "")).plain
    checked = ix.kit.gate.check(text)
    if checked is not None:
        text = checked.redacted
    try:
        draft = ix.services.burdens.draft_from_text(text)
    except UserError:
        draft = BurdenDraft(title=text.strip())
    ix.open_form(burden_modal(ix.channel_id, draft))


def register(app: App, kit: Kit) -> None:
    """Listen to the message shortcut."""
    app.shortcut(ADD_BURDEN_SHORTCUT)(ack=acknowledge, lazy=[kit.lazy(open_prefilled_form)])
