"""The leaders' buttons (App Home and the summary): **Send me the summary** and **Get the
report**; both arrive in the presser's direct message."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.blocks.portfolio import GET_REPORT, SEND_SUMMARY
from bot.listeners.commands.leaders import deliver_summary
from bot.listeners.report_delivery import send_report
from bot.slack.kit import Interaction, Kit


def acknowledge(ack: Ack) -> None:
    """A click needs only a 200; the summary or report follows."""
    ack()


def summary_now(ix: Interaction) -> None:
    """Send the presser the summary of the groups they may see."""
    services = ix.services
    channels: list[str] = []
    if not services.groups.is_leader(ix.team_id, ix.user_id):
        groups = [g.channel_id for g in services.groups.all(ix.team_id)]
        channels = ix.kit.member_channels(ix.client, ix.team_id, ix.user_id, groups)
    deliver_summary(services, ix.client, ix.team_id, ix.user_id, channels)


def report_now(ix: Interaction) -> None:
    """Share the workspace's report in the presser's DM (leaders only)."""
    send_report(ix.services, ix.client, ix.team_id, ix.user_id)


def register(app: App, kit: Kit) -> None:
    """Listen to the two leaders' buttons."""
    app.action(SEND_SUMMARY)(ack=acknowledge, lazy=[kit.lazy(summary_now)])
    app.action(GET_REPORT)(ack=acknowledge, lazy=[kit.lazy(report_now)])
