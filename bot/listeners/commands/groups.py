"""Verbs that set up a working group."""

from __future__ import annotations

from bot.blocks.answers import setup_blocks, setup_text
from bot.errors import InvalidInput
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext


def setup(ctx: CommandContext) -> None:
    """`setup <clinical setting>`: make the channel a working group and report its size."""
    if ctx.origin.is_direct_message:
        raise InvalidInput(
            "A working group lives in a channel, not a direct message: type "
            f"`{ctx.command} setup <clinical setting>` in your group's channel."
        )
    if not ctx.team_id:
        raise InvalidInput("Slack did not say which workspace this is; type the command again.")
    members = ctx.kit.members.of(ctx.client, ctx.team_id, ctx.channel_id)
    size = None if members is None else len(members - {ctx.bot_user_id})
    result = ctx.services.groups.setup(ctx.team_id, ctx.channel_id, ctx.user_id, ctx.text, size)
    ctx.announce(setup_text(result), setup_blocks(result, ctx.command))


VERBS = [
    Verb(
        "setup",
        "setup <clinical setting>",
        "make this channel a working group (e.g. `primary care`)",
        setup,
        keeps_text=True,
    ),
]
