"""Verbs of a meeting's ideas: `idea <text>` and `vote`."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.blocks.ideas import ballot_blocks, ballot_text, idea_blocks, idea_text
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext
from bot.services.experiments import LookAlikes


def idea(ctx: CommandContext) -> None:
    """`idea <text>`: record a proposal under the current question and name its look-alikes."""
    group = ctx.require_group()
    proposal = ctx.services.experiments.propose(group, ctx.user_id, ctx.text)
    # The similar search loads the embedding model on first use: it runs here, after the ack.
    look = ctx.services.experiments.look_alikes(proposal)
    post_idea(ctx.client, look, ctx.command)


def post_idea(client: WebClient, look: LookAlikes, command: str) -> None:
    """Post an idea's answer in the meeting's thread, where the group is talking."""
    proposal = look.proposal
    client.chat_postMessage(
        channel=proposal.group.channel_id,
        thread_ts=proposal.meeting.thread_ts,
        text=idea_text(look),
        blocks=idea_blocks(look, command),
    )


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
