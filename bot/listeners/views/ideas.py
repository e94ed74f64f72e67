"""Forms about ideas: "Add an idea" and "Add a concern".

The ack validates and saves (a fast write), answering errors inside the form so nothing typed
is lost; posting to the channel and the similar search run after the ack."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

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
from bot.listeners.commands.ideas import post_idea
from bot.services.container import Services

log = logging.getLogger(__name__)

ERROR_CHARS = 300  # Slack shows a short error under the field


class IdeaForms:
    """The two forms' acks (validate and save) and their work after the ack (post to the thread)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._experiments = services.experiments
        self._consensus = services.consensus

    def save_idea(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """Record the idea in the ack, or say in the form what to fix."""
        view = body["view"]
        group = self._services.groups.find(_team(body), view.get("private_metadata", ""))
        try:
            if group is None:
                raise UserError("This channel is no longer a working group.")
            proposal = self._experiments.propose(
                group, _user(body), _typed(view), anonymous=_without_name(view)
            )
        except UserError as error:
            ack(response_action="errors", errors={INPUT_BLOCK: error.message[:ERROR_CHARS]})
            return
        # Bolt copies the context into the lazy listener it starts after this ack.
        context["idea_id"] = proposal.experiment.id
        context["idea_cut"] = proposal.cut
        ack()

    def answer_idea(self, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """Find the idea's look-alikes and post it in the meeting's thread."""
        if "idea_id" not in context:
            return
        proposal = self._experiments.recorded(_team(body), context["idea_id"], context["idea_cut"])
        look = self._experiments.look_alikes(proposal)
        post_idea(client, look, self._services.settings.unburden_command)

    def save_concern(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """Attach the concern in the ack, or say in the form what to fix."""
        metadata = json.loads(body["view"].get("private_metadata") or "{}")
        try:
            experiment = self._consensus.add_concern(
                _team(body), int(metadata["experiment"]), _user(body), _typed(body["view"])
            )
        except UserError as error:
            ack(response_action="errors", errors={INPUT_BLOCK: error.message[:ERROR_CHARS]})
            return
        context["concern_on"] = experiment.id
        ack()

    def answer_concern(self, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """Refresh the ballot and tell the meeting's thread about the concern."""
        if "concern_on" not in context:
            return
        metadata = json.loads(body["view"].get("private_metadata") or "{}")
        experiment = self._experiments.require(_team(body), context["concern_on"])
        ballot = self._consensus.ballot_of(experiment, bool(metadata.get("whole")))
        channel = str(metadata["channel"])
        if ballot is not None and metadata.get("ts"):
            client.chat_update(
                channel=channel,
                ts=metadata["ts"],
                text=ballot_text(ballot),
                blocks=ballot_blocks(ballot),
            )
        client.chat_postMessage(
            channel=channel,
            thread_ts=ballot.thread_ts if ballot else None,
            text=f"A concern was raised about {experiment.short_id}.",
            blocks=concern_blocks(experiment, _user(body), _typed(body["view"])),
        )


def register(app: App, services: Services) -> None:
    """Attach the idea and concern forms' listeners."""
    forms = IdeaForms(services)
    app.view(IDEA_MODAL)(ack=forms.save_idea, lazy=[forms.answer_idea])
    app.view(CONCERN_MODAL)(ack=forms.save_concern, lazy=[forms.answer_concern])


def _typed(view: dict[str, Any]) -> str:
    """What the member typed in the form's text field."""
    state = (view.get("state") or {}).get("values") or {}
    return str((state.get(INPUT_BLOCK) or {}).get(INPUT_ACTION, {}).get("value") or "")


def _without_name(view: dict[str, Any]) -> bool:
    """Whether "Post without my name" was ticked."""
    state = (view.get("state") or {}).get("values") or {}
    entry = (state.get(ANONYMOUS_BLOCK) or {}).get(ANONYMOUS_ACTION) or {}
    return any(o.get("value") == "anonymous" for o in entry.get("selected_options") or [])


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or body["view"].get("team_id") or "")


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")
