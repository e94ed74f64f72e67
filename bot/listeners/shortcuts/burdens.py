"""The "Add as burden" message shortcut: any message becomes a burden, through the form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.burdens import burden_modal
from bot.errors import NotAWorkingGroup, UserError
from bot.services.burdens import BurdenDraft
from bot.services.container import Services

ADD_BURDEN_SHORTCUT = "add_burden_shortcut"


def register(app: App, services: Services) -> None:
    """Listen to the message shortcut."""

    def acknowledge(ack: Ack) -> None:
        """Ack at once; the form opens after."""
        ack()

    def open_prefilled_form(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Open the burden form filled in from the message, in a working group's channel."""
        team_id = str((body.get("team") or {}).get("id") or "")
        channel_id = str((body.get("channel") or {}).get("id") or "")
        if services.groups.find(team_id, channel_id) is None:
            message = NotAWorkingGroup(services.settings.unburden_command).message
            respond(text=message, response_type="ephemeral", replace_original=False)
            return
        text = str((body.get("message") or {}).get("text") or "")
        try:
            draft = services.burdens.draft_from_text(text)
        except UserError:
            draft = BurdenDraft(title=text.strip())
        client.views_open(trigger_id=body["trigger_id"], view=burden_modal(channel_id, draft))

    app.shortcut(ADD_BURDEN_SHORTCUT)(ack=acknowledge, lazy=[open_prefilled_form])
