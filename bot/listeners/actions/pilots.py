"""The `Log values` button (in check-ins and pilot announcements), and check-ins sent to owners.

Registering also starts the reminder job: check-ins need the app's Web API client, and every
way the bot runs (serve, the demo, tests) builds the app once; Services.close stops it."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.pilots import OPEN_LOG_MODAL, checkin_message, log_modal
from bot.clock import today
from bot.domain.pilots import CheckIn
from bot.slack.kit import Interaction, Kit


class SlackCheckIns:
    """Sends a pilot check-in as a direct message to its owner."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def send_checkin(self, checkin: CheckIn) -> None:
        """Open the owner's DM and post the check-in with its `Log values` button."""
        opened = self._client.conversations_open(users=checkin.user_id)
        text, blocks = checkin_message(checkin)
        self._client.chat_postMessage(channel=opened["channel"]["id"], text=text, blocks=blocks)


def ack_click(ack: Ack) -> None:
    """A click needs only a 200; the form opens right after."""
    ack()


def open_log_form(ix: Interaction) -> None:
    """Open the log form for the pilot on the button, for members of its group only."""
    pilots = ix.services.pilots
    pilot = pilots.pilot(ix.team_id, f"P-{ix.action_value}")
    pilots.ensure_active(pilot)
    group = pilots.group_of(pilot)
    ix.require_member(group.channel_id, f"log values for {pilot.short_id}")
    ix.open_form(log_modal(pilot, pilots.measures(pilot), today(), ix.user_id))


def register(app: App, kit: Kit) -> None:
    """Listen to the log button and start sending check-ins."""
    app.action(OPEN_LOG_MODAL)(ack=ack_click, lazy=[kit.lazy(open_log_form)])
    kit.services.pilots.reminders.start(SlackCheckIns(app.client))
