"""Verbs of a meeting's ideas: `idea <text>` and `vote`."""

from __future__ import annotations

from bot.blocks.ideas import ballot_blocks, ballot_text, idea_blocks, idea_text
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext
from bot.listeners.meeting_posts import tell_if_waiting
from bot.outbox import Delivery, OutgoingMessage
from bot.services.container import Services
from bot.services.experiments import IdeaShown, LookAlikes, Proposal


def idea(ctx: CommandContext) -> None:
    """`idea <text>`: record a proposal under the current question and name its look-alikes."""
    group = ctx.require_group()
    shown = idea_messages(ctx.command)
    proposal = ctx.services.experiments.propose(group, ctx.user_id, ctx.text, shown=shown)
    delivery = post_idea(ctx.services, proposal, ctx.user_id)
    # The idea is saved whatever Slack says: the member hears that, never "something went wrong".
    tell_if_waiting(ctx.services, delivery, ctx.answer)


def idea_messages(command: str) -> IdeaShown:
    """How the group sees an idea: one message in the meeting's thread, where it is talking."""

    def render(look: LookAlikes) -> list[OutgoingMessage]:
        return [
            OutgoingMessage(
                channel_id=look.proposal.group.channel_id,
                kind="idea",
                text=idea_text(look),
                blocks=idea_blocks(look, command),
                in_meeting_thread=True,
            )
        ]

    return render


def post_idea(services: Services, proposal: Proposal, user_id: str) -> Delivery:
    """Search the idea's look-alikes (the similar search loads the embedding model on first
    use, so this runs after the ack) and post the message written with the idea, through the
    outbox: a post Slack refuses is retried, never lost, and never makes the member retype."""
    experiments = services.experiments
    look = experiments.look_alikes(proposal)
    return experiments.post(look, idea_messages(services.settings.unburden_command), user_id)


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
