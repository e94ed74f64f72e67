"""Verbs of the burden inventory and the meeting: add, start, next, end, pause, resume, and
`facilitator @name`. Moving, pausing and ending a running meeting is the facilitators' job."""

from __future__ import annotations

from bot.blocks.burdens import burden_added_blocks, burden_added_text, burden_modal
from bot.blocks.meeting import pause_blocks
from bot.errors import InvalidInput
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext
from bot.listeners.meeting_posts import (
    MeetingMessages,
    NextQuestionMessages,
    after_next,
    after_start,
    after_summary,
    tell_if_waiting,
)


def add(ctx: CommandContext) -> None:
    """`add <burden> [~30m/day]`: add a burden; with no text, open the form."""
    if not ctx.text.strip():
        ctx.require_group()
        ctx.open_form(burden_modal(ctx.channel_id))
        return
    added = ctx.services.burdens.add_text(ctx.team_id, ctx.channel_id, ctx.user_id, ctx.text)
    ctx.announce(burden_added_text(added), burden_added_blocks(added, ctx.user_id, ctx.command))
    ctx.services.burdens.remember(added.burden)


def start(ctx: CommandContext) -> None:
    """`start [45m]`: the letter of the day, the opening, then the first question; with a
    duration, the five questions share it and each one's time-up is said in the thread."""
    posts = MeetingMessages(ctx.services)
    started, due = ctx.services.time_box.start(
        ctx.team_id, ctx.channel_id, ctx.user_id, ctx.text, posts
    )
    tell_if_waiting(ctx.services, started.delivery, ctx.answer)
    after_start(ctx.services, started, due)


def require_facilitator(ctx: CommandContext, doing: str) -> None:
    """Refuse a member who is not a facilitator of the meeting running in this channel."""
    group = ctx.require_group()
    meeting = ctx.services.meetings.open_meeting(ctx.team_id, ctx.channel_id)
    ctx.services.facilitators.require(group, meeting, ctx.user_id, doing)


def next_question(ctx: CommandContext) -> None:
    """`next`: move the meeting to the next question, posted in its thread."""
    require_facilitator(ctx, "move the meeting on")
    posts = NextQuestionMessages(ctx.services)
    moved = ctx.services.meetings.next(ctx.team_id, ctx.channel_id, posts, user_id=ctx.user_id)
    tell_if_waiting(ctx.services, moved.delivery, ctx.answer)
    after_next(ctx.services, moved, posts.due)


def end(ctx: CommandContext) -> None:
    """`end`: close the meeting and post its summary under it."""
    require_facilitator(ctx, "end the meeting")
    posts = MeetingMessages(ctx.services)
    ended = ctx.services.meetings.end(ctx.team_id, ctx.channel_id, posts, user_id=ctx.user_id)
    tell_if_waiting(ctx.services, ended.delivery, ctx.answer)
    after_summary(ctx.services, ended.change)


def recap(ctx: CommandContext) -> None:
    """`recap`: post the last meeting's summary again, for when Slack lost it."""
    posts = MeetingMessages(ctx.services)
    again = ctx.services.meetings.recap(ctx.team_id, ctx.channel_id, posts, ctx.user_id)
    tell_if_waiting(ctx.services, again.delivery, ctx.answer)


def pause(ctx: CommandContext) -> None:
    """`pause`: checklist pause on."""
    require_facilitator(ctx, "pause the meeting")
    group, changed = ctx.services.meetings.set_paused(ctx.team_id, ctx.channel_id, True)
    ctx.announce("Checklist pause is on.", pause_blocks(group, changed, ctx.command))


def resume(ctx: CommandContext) -> None:
    """`resume`: checklist pause off, with the ideas parked meanwhile ready to propose."""
    require_facilitator(ctx, "resume the meeting")
    group, changed = ctx.services.meetings.set_paused(ctx.team_id, ctx.channel_id, False)
    parked = ctx.services.experiments.parked(ctx.team_id, group.id)
    ctx.announce("Checklist pause is off.", pause_blocks(group, changed, ctx.command, parked))


def facilitator(ctx: CommandContext) -> None:
    """`facilitator @name`: name another facilitator of this group's meetings."""
    group = ctx.require_group()
    meeting = ctx.services.meetings.open_meeting(ctx.team_id, ctx.channel_id)
    named = ctx.slack_text.mentioned_ids
    for user_id in named:
        # A facilitator moves the group's meetings, so they must be in its channel.
        if ctx.kit.members.contains(ctx.client, ctx.team_id, ctx.channel_id, user_id) is False:
            raise InvalidInput(
                f"<@{user_id}> is not in this channel, so they cannot run its meetings: "
                "invite them first (`/invite @name`), then name them again."
            )
    everyone = ctx.services.facilitators.name(group, meeting, ctx.user_id, named)
    listed = ", ".join(f"<@{u}>" for u in everyone)
    ctx.announce(f"Facilitators of this group's meetings: {listed}.")


VERBS = [
    Verb(
        "add",
        "add <burden> [~30m/day]",
        "add a burden to the group's inventory",
        add,
        keeps_text=True,
    ),
    Verb(
        "start",
        "start [45m]",
        "open a meeting: patient letter, heaviest burdens, first question; `45m` time-boxes it",
        start,
    ),
    Verb(
        "next", "next", "move to the next question (stop, automate, delegate, ...)", next_question
    ),
    Verb("end", "end", "close the meeting and post its summary", end),
    Verb("recap", "recap", "post the last meeting's summary again", recap),
    Verb("pause", "pause", "checklist pause: hold new ideas that add work", pause),
    Verb("resume", "resume", "end the checklist pause", resume),
    Verb(
        "facilitator",
        "facilitator @name",
        "name another facilitator: facilitators move, pause and end meetings",
        facilitator,
    ),
]
