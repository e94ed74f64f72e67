"""The pulse form's submission: counted in the ack (one short transaction), so a second answer
or a closed round is refused in the form itself."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.pulse import PULSE_MODAL, thanks_view
from bot.errors import UserError
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Listen to the pulse form."""

    def count_answer(ack: Ack, body: dict[str, Any]) -> None:
        """Count the answer once, without the member's name, and thank them."""
        view = body["view"]
        values = view["state"]["values"]
        burnout, hours = _chosen(values, "burnout"), _chosen(values, "hours")
        if not burnout or not hours:
            missing = "burnout" if not burnout else "hours"
            ack(response_action="errors", errors={missing: "Choose one answer."})
            return
        team_id = str((body.get("team") or {}).get("id") or view.get("team_id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        try:
            counted = services.pulse.answer(
                team_id, int(view.get("private_metadata") or 0), user_id, burnout, hours
            )
        except UserError as error:
            ack(response_action="errors", errors={"burnout": error.message[:150]})
            return
        ack(response_action="update", view=thanks_view(counted))

    app.view(PULSE_MODAL)(count_answer)


def _chosen(values: dict[str, Any], block_id: str) -> str | None:
    entry = (values.get(block_id) or {}).get("value") or {}
    option = entry.get("selected_option") or {}
    return str(option["value"]) if option.get("value") else None
