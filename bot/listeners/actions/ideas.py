"""Buttons on ideas: add an idea, vote, fist to five and add a concern.

Each click is acked at once; the work (a membership check with Slack, the store, refreshing
the message) runs after the ack as a Bolt lazy listener."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.answers import apology
from bot.blocks.ideas import (
    BALLOT_MEETING,
    ballot_blocks,
    ballot_text,
    concern_modal,
    fist_to_five_blocks,
    fist_to_five_text,
    idea_modal,
)
from bot.errors import Forbidden, UserError
from bot.services.container import Services

log = logging.getLogger(__name__)

FIST_TO_FIVE = re.compile(r"^fist_to_five_[0-5]$")


def acknowledge(ack: Ack) -> None:
    """Every button is acked empty at once; its answer follows from the lazy work."""
    ack()


def answering(work: Callable[[dict[str, Any], WebClient, Respond], None]) -> Callable[..., None]:
    """Run a click's work; a user error becomes an ephemeral answer, a fault an apology."""

    def run(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        try:
            work(body, client, respond)
        except UserError as error:
            respond(text=error.message, response_type="ephemeral", replace_original=False)
        except Exception as error:  # noqa: BLE001 - the member must hear back whatever failed
            reference = uuid.uuid4().hex[:8]
            log.error(
                "button %s failed (ref %s, team %s)",
                _action(body).get("action_id"),
                reference,
                _team(body),
                exc_info=error,
            )
            respond(text=apology(reference), response_type="ephemeral", replace_original=False)

    run.__name__ = work.__name__  # Bolt tells lazy functions apart by name
    return run


def channel_members(client: WebClient, channel_id: str) -> set[str]:
    """Everyone in the channel, across pages."""
    members: set[str] = set()
    cursor: str | None = None
    while True:
        page = client.conversations_members(channel=channel_id, cursor=cursor, limit=200)
        members.update(page.get("members", []))
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return members


def require_member(client: WebClient, body: dict[str, Any]) -> None:
    """Refuse, politely, a click from someone who is not in the working group's channel."""
    channel_id = _channel(body)
    try:
        members = channel_members(client, channel_id)
    except SlackApiError as error:
        log.warning(
            "conversations.members failed in %s: %s", channel_id, error.response.get("error")
        )
        raise Forbidden(
            "I could not check who is in this group just now; please try again in a minute."
        ) from error
    if _user(body) not in members:
        raise Forbidden(
            f"Thanks for joining in! Only members of <#{channel_id}> take part in its votes and "
            "consensus checks. Ask to join the channel, then click again."
        )


class IdeaButtons:
    """The work behind each idea button, after its ack; every click is checked for membership."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._experiments = services.experiments
        self._consensus = services.consensus

    def open_idea_form(self, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Open "Add an idea" for the current question (the meeting's button)."""
        require_member(client, body)
        group = self._services.groups.require(_team(body), _channel(body))
        meeting = self._experiments.current_meeting(group)
        client.views_open(
            trigger_id=body["trigger_id"], view=idea_modal(group.channel_id, meeting.stage)
        )

    def cast_vote(self, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Count a vote once per member per idea, and refresh the ballot's counts."""
        require_member(client, body)
        whole = _first_block_id(body) == BALLOT_MEETING
        outcome = self._consensus.vote(
            _team(body), _value_id(body), _user(body), whole_meeting=whole
        )
        short_id = outcome.experiment.short_id
        if not outcome.recorded:
            _tell(
                respond, f"You have already voted for {short_id}: each member's vote counts once."
            )
            return
        client.chat_update(
            channel=_channel(body),
            ts=body["message"]["ts"],
            text=ballot_text(outcome.ballot),
            blocks=ballot_blocks(outcome.ballot),
        )
        _tell(respond, f"Your vote for {short_id} is counted.")

    def start_fist_to_five(self, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Post a fist-to-five check on one idea, in the ballot's thread."""
        require_member(client, body)
        line = self._consensus.line(_team(body), _value_id(body))
        message = body.get("message") or {}
        client.chat_postMessage(
            channel=_channel(body),
            thread_ts=message.get("thread_ts") or message.get("ts"),
            text=fist_to_five_text(line),
            blocks=fist_to_five_blocks(line),
        )

    def rate(self, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Record a member's fingers (a new click replaces the old) and refresh the ratings."""
        require_member(client, body)
        experiment_id, _, fingers = str(_action(body).get("value", "")).partition(":")
        outcome = self._consensus.rate(_team(body), int(experiment_id), _user(body), int(fingers))
        client.chat_update(
            channel=_channel(body),
            ts=body["message"]["ts"],
            text=fist_to_five_text(outcome.line),
            blocks=fist_to_five_blocks(outcome.line),
        )
        short_id = outcome.experiment.short_id
        if outcome.previous is None or outcome.previous == outcome.fingers:
            _tell(respond, f"You showed {outcome.fingers} on {short_id}.")
        else:
            _tell(
                respond,
                f"You changed your {short_id} rating from {outcome.previous} to {outcome.fingers}.",
            )

    def open_concern_form(self, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Open "Add a concern" about one idea, remembering which ballot to refresh."""
        require_member(client, body)
        experiment = self._experiments.require(_team(body), _value_id(body))
        whole = _first_block_id(body) == BALLOT_MEETING
        view = concern_modal(
            experiment, _channel(body), (body.get("message") or {}).get("ts"), whole
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App, services: Services) -> None:
    """Attach the idea buttons' listeners."""
    buttons = IdeaButtons(services)
    app.action("open_idea_modal")(ack=acknowledge, lazy=[answering(buttons.open_idea_form)])
    app.action("vote")(ack=acknowledge, lazy=[answering(buttons.cast_vote)])
    app.action("consensus_check")(ack=acknowledge, lazy=[answering(buttons.start_fist_to_five)])
    app.action(FIST_TO_FIVE)(ack=acknowledge, lazy=[answering(buttons.rate)])
    app.action("open_concern_modal")(ack=acknowledge, lazy=[answering(buttons.open_concern_form)])


def _tell(respond: Respond, text: str) -> None:
    """An answer only the clicker sees."""
    respond(text=text, response_type="ephemeral", replace_original=False)


def _action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions") or [{}]
    return dict(actions[0])


def _value_id(body: dict[str, Any]) -> int:
    """The experiment id a button carries as its value."""
    try:
        return int(str(_action(body).get("value", "")).split(":")[0])
    except ValueError:
        raise UserError("That button no longer points at an idea; type `vote` again.") from None


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or body.get("team_id") or "")


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")


def _channel(body: dict[str, Any]) -> str:
    return str(
        (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
        or ""
    )


def _first_block_id(body: dict[str, Any]) -> str:
    """The first block's id of the clicked message: it says whether a ballot covers the meeting."""
    blocks = (body.get("message") or {}).get("blocks") or [{}]
    return str(blocks[0].get("block_id") or "")
