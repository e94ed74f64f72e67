"""App Home: published when a member opens it, and by other features after a change."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.home import home_view
from bot.services.container import Services
from bot.slack.kit import Kit
from bot.slack.members import ChannelMembers

log = logging.getLogger(__name__)


def publish_home(
    client: WebClient,
    services: Services,
    team_id: str,
    user_id: str,
    members: ChannelMembers | None = None,
) -> None:
    """Publish a member's App Home as it stands now; a Slack refusal is logged, not raised.

    A member who is not a leader sees only the working groups whose channels they are in.
    """
    channels = None
    if not services.groups.is_leader(team_id, user_id):
        groups = services.groups.all(team_id)
        channel_ids = [g.channel_id for g in groups]
        channels = channels_with_member(client, team_id, user_id, channel_ids, members)
    home = services.portfolio.home(team_id, user_id, member_channels=channels)
    facilitated = [
        g
        for g in services.facilitators.groups_facilitated(team_id, user_id)
        if channels is None or g.channel_id in channels
    ]
    try:
        client.views_publish(
            user_id=user_id,
            view=home_view(home, services.settings.unburden_command, facilitated),
        )
    except SlackApiError as error:
        log.warning("views.publish failed for %s: %s", user_id, error.response.get("error"))


def channels_with_member(
    client: WebClient,
    team_id: str,
    user_id: str,
    channel_ids: list[str],
    members: ChannelMembers | None = None,
) -> list[str]:
    """The channels, of those given, that Slack lists the member in (the kit's membership
    check); a channel the bot cannot read counts as one the member is not shown."""
    members = members or ChannelMembers()
    return [c for c in channel_ids if members.contains(client, team_id, c, user_id)]


def register(app: App, kit: Kit) -> None:
    """Publish App Home on app_home_opened, after the event's ack."""
    services = kit.services

    def on_home_opened(event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("tab") not in (None, "home"):
            return
        publish_home(client, services, context.get("team_id") or "", event["user"], kit.members)

    app.event("app_home_opened")(ack=ack_at_once, lazy=[on_home_opened])


def ack_at_once(ack: Ack) -> None:
    """Events need only a 200; the work happens after it."""
    ack()
