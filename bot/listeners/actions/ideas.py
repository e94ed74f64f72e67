"""Buttons on ideas: add an idea, vote, fist to five and add a concern.

Each click is acked at once; the work (a membership check, the store, refreshing the message)
runs after the ack. A ballot is re-rendered from the stored votes on every click, one click at a
time per ballot on every replica (a lock held in the database), so the last `chat.update`
always shows the true counts."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.blocks import Blocks
from bot.blocks.ideas import (
    BALLOT_MEETING,
    ballot_blocks,
    ballot_text,
    concern_modal,
    fist_to_five_blocks,
    fist_to_five_text,
    idea_modal,
)
from bot.errors import UserError
from bot.slack.kit import Interaction, Kit

log = logging.getLogger(__name__)
# Said when the click was stored but Slack would not refresh the message it was on.
NOT_REFRESHED = (
    "Saved, but Slack did not refresh the counts just now; they catch up at the next click."
)
FIST_TO_FIVE = re.compile(r"^fist_to_five_[0-5]$")


def acknowledge(ack: Ack) -> None:
    """Every button is acked empty at once; its answer follows from the lazy work."""
    ack()


def open_idea_form(ix: Interaction) -> None:
    """Open "Add an idea" for the current question (the meeting's button)."""
    ix.require_member()
    group = ix.require_group()
    meeting = ix.services.experiments.current_meeting(group)
    ix.open_form(idea_modal(group.channel_id, meeting.stage))


def cast_vote(ix: Interaction) -> None:
    """Count a vote once per member per idea (a second click withdraws it); refresh the ballot."""
    ix.require_member()
    whole = first_block_id(ix) == BALLOT_MEETING
    ts = str(ix.message.get("ts") or ix.body.get("container", {}).get("message_ts") or "")
    with ballot_turn(ix, ix.channel_id, ts):
        outcome = ix.services.consensus.vote(
            ix.team_id, value_id(ix), ix.user_id, whole_meeting=whole
        )
        shown = not ts or refresh(
            ix, ts, ballot_text(outcome.ballot), ballot_blocks(outcome.ballot)
        )
    short_id = outcome.experiment.short_id
    if outcome.withdrawn:
        answer = f"Your vote for {short_id} is withdrawn. Click Vote again to count it."
    else:
        answer = f"Your vote for {short_id} is counted. Click again to withdraw it."
    ix.answer(answer if shown else f"{answer} {NOT_REFRESHED}")


def start_fist_to_five(ix: Interaction) -> None:
    """Post a fist-to-five check on one idea, in the ballot's thread."""
    ix.require_member()
    line = ix.services.consensus.line(ix.team_id, value_id(ix))
    ix.client.chat_postMessage(
        channel=ix.channel_id,
        thread_ts=ix.message.get("thread_ts") or ix.message.get("ts"),
        text=fist_to_five_text(line),
        blocks=fist_to_five_blocks(line),
    )


def rate(ix: Interaction) -> None:
    """Record a member's fingers (a new click replaces the old) and refresh the ratings."""
    ix.require_member()
    experiment_id, _, fingers = ix.action_value.partition(":")
    ts = str(ix.message.get("ts") or "")
    with ballot_turn(ix, ix.channel_id, ts):
        outcome = ix.services.consensus.rate(
            ix.team_id, int(experiment_id), ix.user_id, int(fingers)
        )
        shown = refresh(ix, ts, fist_to_five_text(outcome.line), fist_to_five_blocks(outcome.line))
    short_id = outcome.experiment.short_id
    if outcome.previous is None or outcome.previous == outcome.fingers:
        answer = f"You showed {outcome.fingers} on {short_id}."
    else:
        answer = f"You changed your {short_id} rating from {outcome.previous} to {outcome.fingers}."
    ix.answer(answer if shown else f"{answer} {NOT_REFRESHED}")


def refresh(ix: Interaction, ts: str, text: str, blocks: Blocks) -> bool:
    """Re-render the clicked message from the store; False when Slack did not take it (what was
    stored stands, and the next click shows it: clicking again would undo it)."""
    try:
        ix.client.chat_update(channel=ix.channel_id, ts=ts, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("message %s not refreshed: %s", ts, error.response.get("error"))
        return False
    return True


def open_concern_form(ix: Interaction) -> None:
    """Open "Add a concern" about one idea, remembering which ballot to refresh."""
    ix.require_member()
    experiment = ix.services.experiments.require(ix.team_id, value_id(ix))
    whole = first_block_id(ix) == BALLOT_MEETING
    ix.open_form(concern_modal(experiment, ix.channel_id, ix.message.get("ts"), whole))


def register(app: App, kit: Kit) -> None:
    """Attach the idea buttons' listeners."""
    app.action("open_idea_modal")(ack=acknowledge, lazy=[kit.lazy(open_idea_form)])
    app.action("vote")(ack=acknowledge, lazy=[kit.lazy(cast_vote)])
    app.action("consensus_check")(ack=acknowledge, lazy=[kit.lazy(start_fist_to_five)])
    app.action(FIST_TO_FIVE)(ack=acknowledge, lazy=[kit.lazy(rate)])
    app.action("open_concern_modal")(ack=acknowledge, lazy=[kit.lazy(open_concern_form)])


@contextmanager
def ballot_turn(ix: Interaction, channel_id: str, ts: str) -> Iterator[None]:
    """Hold one ballot message's turn, on every replica: a click's store, read-back and
    `chat.update` finish before the next click's begin, so the last update shows the true counts."""
    with ix.services.locks.hold(f"ballot:{ix.team_id}:{channel_id}:{ts}"):
        yield


def value_id(ix: Interaction) -> int:
    """The experiment id a button carries as its value."""
    try:
        return int(ix.action_value.split(":")[0])
    except ValueError:
        raise UserError("That button no longer points at an idea; type `vote` again.") from None


def first_block_id(ix: Interaction) -> str:
    """The first block's id of the clicked message: it says whether a ballot covers the meeting."""
    blocks = ix.message.get("blocks") or [{}]
    return str(blocks[0].get("block_id") or "")
