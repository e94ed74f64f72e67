"""App Home: published when a member opens it, and by other features after a change."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.home import home_view
from bot.services.container import Services

log = logging.getLogger(__name__)


def publish_home(client: WebClient, services: Services, team_id: str, user_id: str) -> None:
    """Publish a member's App Home as it stands now; a Slack refusal is logged, not raised."""
    home = services.portfolio.home(team_id, user_id)
    try:
        client.views_publish(
            user_id=user_id, view=home_view(home, services.settings.unburden_command)
        )
    except SlackApiError as error:
        log.warning("views.publish failed for %s: %s", user_id, error.response.get("error"))


def register(app: App, services: Services) -> None:
    """Publish App Home on app_home_opened, after the event's ack."""

    def on_home_opened(event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("tab") not in (None, "home"):
            return
        publish_home(client, services, context.get("team_id") or "", event["user"])

    app.event("app_home_opened")(ack=ack_at_once, lazy=[on_home_opened])


def ack_at_once(ack: Ack) -> None:
    """Events need only a 200; the work happens after it."""
    ack()
