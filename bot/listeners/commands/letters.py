"""The `letter` verb: add a patient letter to the library, or set the group's meeting time."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.letters import letter_added_blocks, letter_modal, letter_scheduled_blocks
from bot.errors import InvalidInput
from bot.listeners.commands.verbs import Verb, split_verb
from bot.listeners.context import CommandContext
from bot.listeners.meeting_posts import schedule_letter, withdraw_letter

log = logging.getLogger(__name__)

DEFAULT_TZ = "UTC"


def letter(ctx: CommandContext) -> None:
    """`letter add <text>`, `letter schedule <weekday> <HH:MM> [zone]`, or the form."""
    action, rest = split_verb(ctx.text)
    if action == "":
        ctx.open_form(letter_modal(ctx.channel_id))
    elif action == "add":
        added = ctx.services.letters.add(ctx.team_id, ctx.user_id, rest)
        ctx.answer("Letter added to the library.", letter_added_blocks(added))
    elif action == "schedule":
        schedule(ctx, rest)
    else:
        raise InvalidInput(
            f"Type `{ctx.command} letter add <text>` to add a letter, "
            f"`{ctx.command} letter schedule monday 08:00 America/New_York` to set the meeting "
            f"time (`letter schedule off` to stop), or `{ctx.command} letter` for a form."
        )


def schedule(ctx: CommandContext, text: str) -> None:
    """Store the group's meeting time and schedule the next letter to appear then; `off`
    forgets the time and withdraws the letter waiting for it."""
    if text.strip().lower() == "off":
        group = ctx.services.letters.unschedule(ctx.team_id, ctx.channel_id)
        withdraw_letter(ctx.services, group)
        ctx.announce(
            "This group has no regular meeting time now; no letter will be posted on its own.",
        )
        return
    running = ctx.services.meetings.open_meeting(ctx.team_id, ctx.channel_id) is not None
    scheduled = ctx.services.letters.schedule(
        ctx.team_id, ctx.channel_id, text, asker_time_zone(ctx), running
    )
    schedule_letter(ctx.services, ctx.channel_id, scheduled, ctx.user_id)
    ctx.announce(f"This group meets {scheduled.slot.label}.", letter_scheduled_blocks(scheduled))


def asker_time_zone(ctx: CommandContext) -> str:
    """The asker's Slack time zone, the default when the command names none."""
    try:
        found = ctx.client.users_info(user=ctx.user_id)
    except SlackApiError as error:
        log.warning("users.info failed for the asker: %s", error.response.get("error"))
        return DEFAULT_TZ
    return str((found.get("user") or {}).get("tz") or DEFAULT_TZ)


VERBS = [
    Verb(
        "letter",
        "letter add <text>",
        "add a de-identified patient letter (`letter schedule monday 08:00` sets the meeting time)",
        letter,
    ),
]
