"""The demo's conversation: members type commands, click and submit; the transcript is printed."""

from __future__ import annotations

import time

from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.transcript import ack_text, describe_call


class DemoConversation:
    """Sends members' commands to the bot and prints what each member would see."""

    def __init__(
        self,
        slack_api: FakeSlackApi,
        client: SignedSlackClient,
        bot: LocalBot,
        channel: str,
        members: dict[str, str],
    ) -> None:
        self.slack_api = slack_api
        self.client = client
        self.bot = bot
        self.channel = channel
        self.members = members

    def say(self, user: str, text: str) -> None:
        """A member types `/unburden <text>`; print the command and every answer it caused."""
        print(f"\n{self.members.get(user, user)}: /unburden {text}")
        since = self.slack_api.mark()
        response = self.client.command(text, user=user, channel=self.channel)
        immediate = ack_text(response.json() if response.body else None)
        if immediate:
            print(immediate)
        self.settle()
        for call in self.slack_api.calls[since:]:
            line = describe_call(call, self.dm_member)
            if line:
                print(line)

    def show(self, since: int) -> None:
        """Print what members saw since a mark (after a click or a form, say)."""
        self.settle()
        for call in self.slack_api.calls[since:]:
            line = describe_call(call, self.dm_member)
            if line:
                print(line)

    def dm_member(self, channel_id: str) -> str:
        """The name of the member a direct message channel is with."""
        channel = self.slack_api.workspace.channels.get(channel_id)
        people = [m for m in (channel.members if channel else []) if m in self.members]
        return self.members[people[0]] if people else "a member"

    def show_call(self, call: ApiCall) -> None:
        """Print one recorded call as members saw it."""
        line = describe_call(call)
        if line:
            print(line)

    def narrate(self, text: str) -> None:
        """A line of stage direction between the messages."""
        print(f"\n-- {text}")

    def settle(self, quiet: float = 0.4, limit: float = 15.0) -> None:
        """Wait until the bot's work after the ack has stopped calling Slack."""
        deadline = time.monotonic() + limit
        seen = -1
        while time.monotonic() < deadline:
            count = self.slack_api.mark()
            if count == seen:
                return
            seen = count
            time.sleep(quiet)
