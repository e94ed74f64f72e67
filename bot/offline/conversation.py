"""The demo's conversation: members type commands, click and submit; the transcript is printed."""

from __future__ import annotations

import time

from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.transcript import ack_text, describe_call, render_mentions
from bot.slack.work_pool import WorkPool


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
        immediate = ack_text(response.json() if response.body else None, self.render)
        if immediate:
            print(immediate)
        self.settle()
        for call in self.slack_api.calls[since:]:
            line = describe_call(call, self.dm_member, self.render)
            if line:
                print(line)

    def show(self, since: int) -> None:
        """Print what members saw since a mark (after a click or a form, say)."""
        self.settle()
        for call in self.slack_api.calls[since:]:
            line = describe_call(call, self.dm_member, self.render)
            if line:
                print(line)

    def dm_member(self, channel_id: str) -> str:
        """The name of the member a direct message channel is with."""
        channel = self.slack_api.workspace.channels.get(channel_id)
        people = [m for m in (channel.members if channel else []) if m in self.members]
        return self.members[people[0]] if people else "a member"

    def render(self, text: str) -> str:
        """The text with mentions shown as Slack shows them, by the names the stand-in knows."""
        return render_mentions(text, self.user_name, self.channel_name)

    def user_name(self, user_id: str) -> str | None:
        """The member's name in the demo, else their Slack display or real name."""
        if user_id in self.members:
            return self.members[user_id]
        user = self.slack_api.workspace.users.get(user_id)
        if user is None:
            return None
        return user.display_name or user.real_name or user.name

    def channel_name(self, channel_id: str) -> str | None:
        """The channel's name in the stand-in workspace (None for a direct message)."""
        channel = self.slack_api.workspace.channels.get(channel_id)
        return channel.name if channel is not None and not channel.is_im else None

    def show_call(self, call: ApiCall) -> None:
        """Print one recorded call as members saw it."""
        line = describe_call(call, self.dm_member, self.render)
        if line:
            print(line)

    def narrate(self, text: str) -> None:
        """A line of stage direction between the messages."""
        print(f"\n-- {text}")

    def settle(self, quiet: float = 0.4, limit: float = 30.0) -> None:
        """Wait until the bot's work after the ack has finished and stopped calling Slack, as a
        member reads the answer before the next click (on a loaded machine the work can pause
        longer than `quiet` between calls)."""
        deadline = time.monotonic() + limit
        seen = -1
        while time.monotonic() < deadline:
            count = self.slack_api.mark()
            if count == seen and not self._bot_busy():
                return
            seen = count
            time.sleep(quiet)

    def _bot_busy(self) -> bool:
        """Whether the bot's work pool has work queued or running."""
        pool = self.bot.app.listener_runner.listener_executor
        return isinstance(pool, WorkPool) and pool.busy() > 0
