"""The verb of the anonymous pulse: `pulse monthly|fortnightly|off`, `pulse now`, `pulse`."""

from __future__ import annotations

from bot.blocks.pulse import cadence_answer, opened_answer, status_answer
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext


def pulse(ctx: CommandContext) -> None:
    """Set the group's pulse cadence, send a round now, or show the recent rounds."""
    pulses = ctx.services.pulse
    word = ctx.text.strip().lower()
    if word == "now":
        text, blocks = opened_answer(pulses.open_now(ctx.team_id, ctx.channel_id))
        ctx.announce(text, blocks)
    elif word:
        cadence = pulses.set_cadence(ctx.team_id, ctx.channel_id, ctx.user_id, word)
        ctx.announce(cadence_answer(cadence, ctx.command))
    else:
        group = ctx.require_group()
        text, blocks = status_answer(
            pulses.cadence(ctx.team_id, group.id),
            pulses.rounds(ctx.team_id, [group.id]),
            ctx.command,
        )
        ctx.answer(text, blocks)


VERBS = [
    Verb(
        "pulse",
        "pulse monthly|fortnightly|off|now",
        "the group's anonymous pulse (Mini-Z burnout item, hours outside work) by DM",
        pulse,
    ),
]
