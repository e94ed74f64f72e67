"""Events API listeners."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.services.container import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    """Listen to the events the bot subscribes to."""

    def on_home_opened(event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("tab") not in (None, "home"):
            return
        team_id = context.get("team_id") or ""
        user_id = event["user"]
        groups = services.groups.all(team_id)
        view = home_view(
            groups,
            is_leader=services.groups.is_leader(team_id, user_id),
            command=services.settings.unburden_command,
        )
        client.views_publish(user_id=user_id, view=view)

    app.event("app_home_opened")(ack=ack_at_once, lazy=[on_home_opened])


def ack_at_once(ack: Ack) -> None:
    """Events need only a 200; the work happens after it."""
    ack()
