"""The verb of missed opportunities: `missed <text>`, or `missed` alone for the form."""

from __future__ import annotations

from bot.blocks.missed import missed_blocks, missed_modal, missed_text
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext


def missed(ctx: CommandContext) -> None:
    """`missed <text>`: record valuable work not done because of its burden; alone, a form."""
    if not ctx.text.strip():
        burdens = ctx.services.missed.burdens_to_choose(ctx.team_id, ctx.channel_id)
        ctx.client.views_open(trigger_id=ctx.trigger_id, view=missed_modal(ctx.channel_id, burdens))
        return
    recorded = ctx.services.missed.record(ctx.team_id, ctx.channel_id, ctx.user_id, ctx.text)
    ctx.announce(missed_text(recorded), missed_blocks(recorded, ctx.user_id, ctx.command))


VERBS = [
    Verb(
        "missed",
        "missed <text>",
        "record a missed opportunity: valuable work not done because of its burden",
        missed,
        keeps_text=True,
    ),
]
