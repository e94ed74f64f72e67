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
    """Publish a member's App Home as it stands now; a Slack refusal is logged, not raised.

    A member who is not a leader sees only the working groups whose channels they are in.
    """
    channels = None
    if not services.groups.is_leader(team_id, user_id):
        groups = services.groups.all(team_id)
        channels = channels_with_member(client, user_id, [g.channel_id for g in groups])
    home = services.portfolio.home(team_id, user_id, member_channels=channels)
    try:
        client.views_publish(
            user_id=user_id, view=home_view(home, services.settings.unburden_command)
        )
    except SlackApiError as error:
        log.warning("views.publish failed for %s: %s", user_id, error.response.get("error"))


def channels_with_member(client: WebClient, user_id: str, channel_ids: list[str]) -> list[str]:
    """The channels, of those given, that Slack lists the member in (conversations.members);
    a channel the bot cannot read counts as one the member is not shown."""
    found = []
    for channel_id in channel_ids:
        cursor: str | None = None
        try:
            while True:
                page = client.conversations_members(channel=channel_id, cursor=cursor, limit=1000)
                if user_id in page.get("members", []):
                    found.append(channel_id)
                    break
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning(
                "conversations.members failed in %s: %s", channel_id, error.response.get("error")
            )
    return found


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
