"""Verbs that set up a working group."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.answers import setup_blocks, setup_text
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext

log = logging.getLogger(__name__)


def setup(ctx: CommandContext) -> None:
    """`setup <clinical setting>`: make the channel a working group and report its size."""
    members = count_members(ctx)
    result = ctx.services.groups.setup(ctx.team_id, ctx.channel_id, ctx.user_id, ctx.text, members)
    ctx.announce(setup_text(result), setup_blocks(result, ctx.command))


def count_members(ctx: CommandContext) -> int | None:
    """How many people are in the channel (the bot itself not counted), or None if Slack won't say."""
    members: list[str] = []
    cursor: str | None = None
    try:
        while True:
            page = ctx.client.conversations_members(
                channel=ctx.channel_id, cursor=cursor, limit=200
            )
            members.extend(page.get("members", []))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
    except SlackApiError as error:
        log.warning(
            "conversations.members failed in %s: %s", ctx.channel_id, error.response.get("error")
        )
        return None
    return len([member for member in members if member != ctx.bot_user_id])


VERBS = [
    Verb(
        "setup",
        "setup <clinical setting>",
        "make this channel a working group (e.g. `primary care`)",
        setup,
    ),
]
