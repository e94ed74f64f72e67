"""Verbs of a meeting's ideas: `idea <text>` and `vote`."""

from __future__ import annotations

from bot.blocks.ideas import ballot_blocks, ballot_text, idea_blocks, idea_text
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext
from bot.listeners.meeting_posts import tell_if_waiting
from bot.outbox import Delivery, MeetingThread, OutgoingMessage
from bot.services.container import Services
from bot.services.experiments import LookAlikes


def idea(ctx: CommandContext) -> None:
    """`idea <text>`: record a proposal under the current question and name its look-alikes."""
    group = ctx.require_group()
    proposal = ctx.services.experiments.propose(group, ctx.user_id, ctx.text)
    # The similar search loads the embedding model on first use: it runs here, after the ack.
    look = ctx.services.experiments.look_alikes(proposal)
    delivery = post_idea(ctx.services, look, ctx.user_id)
    # The idea is saved whatever Slack says: the member hears that, never "something went wrong".
    tell_if_waiting(ctx.services, delivery, ctx.answer)


def post_idea(services: Services, look: LookAlikes, user_id: str) -> Delivery:
    """Post an idea's answer in the meeting's thread, where the group is talking, through the
    outbox: a post Slack refuses is retried, never lost, and never makes the member retype."""
    proposal = look.proposal
    message = OutgoingMessage(
        channel_id=proposal.group.channel_id,
        kind="idea",
        text=idea_text(look),
        blocks=idea_blocks(look, services.settings.unburden_command),
        in_meeting_thread=True,
    )
    thread = MeetingThread(meeting_id=proposal.meeting.id, thread_ts=proposal.meeting.thread_ts)
    return services.outbox.post(proposal.group.team_id, [message], thread, user_id)


def vote(ctx: CommandContext) -> None:
    """`vote`: post the current question's ideas with a Vote button each."""
    group = ctx.require_group()
    ballot = ctx.services.consensus.open_ballot(group)
    ctx.client.chat_postMessage(
        channel=group.channel_id,
        thread_ts=ballot.thread_ts,
        text=ballot_text(ballot),
        blocks=ballot_blocks(ballot),
    )


VERBS = [
    Verb(
        "idea",
        "idea <text>",
        "propose a change for the current question; it becomes a micro-experiment like `E-12`",
        idea,
        keeps_text=True,
    ),
    Verb("vote", "vote", "post the current question's ideas with buttons to vote", vote),
]
