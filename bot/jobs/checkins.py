"""Pilot check-ins as direct messages, each with its own workspace's token."""

from __future__ import annotations

from bot.blocks.pilots import checkin_message
from bot.domain.pilots import CheckIn
from bot.workspace_clients import WorkspaceClients


class WorkspaceCheckIns:
    """Sends a pilot check-in to its owner with the bot token of the pilot's workspace."""

    def __init__(self, clients: WorkspaceClients) -> None:
        self._clients = clients

    def send_checkin(self, checkin: CheckIn) -> None:
        """Open the owner's DM and post the check-in with its `Log values` button; raises when
        Slack refuses, so the reminder is tried again on the next run."""
        client = self._clients.client_for(checkin.team_id)
        opened = client.conversations_open(users=checkin.user_id)
        text, blocks = checkin_message(checkin)
        client.chat_postMessage(channel=opened["channel"]["id"], text=text, blocks=blocks)
