"""The leaders' buttons (App Home and the summary): **Send me the summary** and **Get the
report**. Home-tab clicks carry no response_url, so answers go to the member's DM."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.portfolio import GET_REPORT, SEND_SUMMARY
from bot.errors import UserError
from bot.listeners.commands.leaders import deliver_summary
from bot.listeners.events.home import channels_with_member
from bot.listeners.report_delivery import send_report
from bot.services.container import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    """Listen to the two leaders' buttons."""

    def acknowledge(ack: Ack) -> None:
        """A click needs only a 200; the summary or report follows."""
        ack()

    def summary_now(body: dict[str, Any], client: WebClient) -> None:
        """Send the presser the summary of the groups they may see."""
        team, user = _team(body), _user(body)
        channels: list[str] = []
        if not services.groups.is_leader(team, user):
            groups = services.groups.all(team)
            channels = channels_with_member(client, user, [g.channel_id for g in groups])
        deliver_summary(services, client, team, user, channels)

    def report_now(body: dict[str, Any], client: WebClient) -> None:
        """Share the workspace's report in the presser's DM; a refusal is said there too."""
        team, user = _team(body), _user(body)
        try:
            send_report(services, client, team, user)
        except UserError as error:
            dm = client.conversations_open(users=user)["channel"]["id"]
            client.chat_postMessage(channel=dm, text=error.message)

    app.action(SEND_SUMMARY)(ack=acknowledge, lazy=[summary_now])
    app.action(GET_REPORT)(ack=acknowledge, lazy=[report_now])


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or (body.get("view") or {}).get("team_id") or "")


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")
