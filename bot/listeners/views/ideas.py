"""Forms about ideas: "Add an idea" and "Add a concern".

The ack checks the text for patient identifiers, then validates and saves (a fast write),
answering errors inside the form so nothing typed is lost; a second submission of the same form
(a double tap) is closed without saving again. Posting to the channel and the similar search run
after the ack, and only when the ack accepted the form."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.ideas import (
    ANONYMOUS_ACTION,
    ANONYMOUS_BLOCK,
    CONCERN_MODAL,
    IDEA_MODAL,
    INPUT_ACTION,
    INPUT_BLOCK,
    ballot_blocks,
    ballot_text,
    concern_blocks,
)
from bot.errors import UserError
from bot.listeners.actions.ideas import ballot_turn
from bot.listeners.commands.ideas import idea_messages, post_idea
from bot.listeners.meeting_posts import tell_if_waiting
from bot.slack.kit import Interaction, Kit, accept
from bot.slack.text import without_controls

log = logging.getLogger(__name__)

ERROR_CHARS = 300  # Slack shows a short error under the field


def typed(ix: Interaction) -> str:
    """What the member typed in the form's text field, without control characters."""
    state = (ix.view.get("state") or {}).get("values") or {}
    return without_controls(
        str((state.get(INPUT_BLOCK) or {}).get(INPUT_ACTION, {}).get("value") or "")
    )


def without_name(ix: Interaction) -> bool:
    """Whether "Post without my name" was ticked."""
    state = (ix.view.get("state") or {}).get("values") or {}
    entry = (state.get(ANONYMOUS_BLOCK) or {}).get(ANONYMOUS_ACTION) or {}
    return any(o.get("value") == "anonymous" for o in entry.get("selected_options") or [])


def register(app: App, kit: Kit) -> None:
    """Attach the idea and concern forms' listeners."""

    def save_idea(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """Record the idea in the ack, or say in the form what to fix."""
        ix = kit.interaction(body, client, None, context)
        errors = kit.gate.field_errors({INPUT_BLOCK: typed(ix)})
        if errors:
            ack(response_action="errors", errors=errors)
            return
        if not kit.claim_submission(ix):
            ack()  # the same form again: it was saved the first time
            return
        try:
            group = ix.require_group(str(ix.view.get("private_metadata") or ""))
            proposal = ix.services.experiments.propose(
                group,
                ix.user_id,
                typed(ix),
                anonymous=without_name(ix),
                shown=idea_messages(ix.command),
            )
        except UserError as error:
            kit.release_submission(ix)
            ack(response_action="errors", errors={INPUT_BLOCK: error.message[:ERROR_CHARS]})
            return
        # Bolt copies the context into the lazy listener it starts after this ack.
        context["idea_id"] = proposal.experiment.id
        context["idea_cut"] = proposal.cut
        context["idea_messages"] = list(proposal.message_ids)
        accept(context)
        ack()

    def answer_idea(ix: Interaction) -> None:
        """Find the idea's look-alikes and post it in the meeting's thread."""
        experiments = ix.services.experiments
        written = tuple(int(i) for i in ix.context.get("idea_messages") or ())
        proposal = experiments.recorded(
            ix.team_id, ix.context["idea_id"], ix.context["idea_cut"], written
        )
        delivery = post_idea(ix.services, proposal, ix.user_id)
        tell_if_waiting(ix.services, delivery, ix.answer)

    def save_concern(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Attach the concern in the ack, or say in the form what to fix."""
        ix = kit.interaction(body, client, None, context)
        errors = kit.gate.field_errors({INPUT_BLOCK: typed(ix)})
        if errors:
            ack(response_action="errors", errors=errors)
            return
        if not kit.claim_submission(ix):
            ack()
            return
        try:
            experiment = ix.services.consensus.add_concern(
                ix.team_id, int(ix.metadata().get("experiment") or 0), ix.user_id, typed(ix)
            )
        except UserError as error:
            kit.release_submission(ix)
            ack(response_action="errors", errors={INPUT_BLOCK: error.message[:ERROR_CHARS]})
            return
        context["concern_on"] = experiment.id
        accept(context)
        ack()

    def answer_concern(ix: Interaction) -> None:
        """Refresh the ballot and tell the meeting's thread about the concern."""
        metadata = ix.metadata()
        channel = str(metadata["channel"])
        experiment = ix.services.experiments.require(ix.team_id, ix.context["concern_on"])
        with ballot_turn(ix, channel, str(metadata.get("ts") or "")):
            ballot = ix.services.consensus.ballot_of(experiment, bool(metadata.get("whole")))
            if ballot is not None and metadata.get("ts"):
                try:
                    ix.client.chat_update(
                        channel=channel,
                        ts=metadata["ts"],
                        text=ballot_text(ballot),
                        blocks=ballot_blocks(ballot),
                    )
                except SlackApiError as error:
                    # The concern is stored; the ballot catches up at the next click.
                    log.warning("ballot not refreshed: %s", error.response.get("error"))
        ix.client.chat_postMessage(
            channel=channel,
            thread_ts=ballot.thread_ts if ballot else None,
            text=f"A concern was raised about {experiment.short_id}.",
            blocks=concern_blocks(experiment, ix.user_id, typed(ix)),
        )

    app.view(IDEA_MODAL)(ack=save_idea, lazy=[kit.lazy(answer_idea, "answer_idea")])
    app.view(CONCERN_MODAL)(ack=save_concern, lazy=[kit.lazy(answer_concern, "answer_concern")])
