"""Meeting buttons: next question, end and summarise, and the buttons that open the burden and
letter forms. Each click is acked at once; the work runs after the ack as a lazy listener."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.answers import apology
from bot.blocks.burdens import OPEN_BURDEN_MODAL, burden_modal
from bot.blocks.letters import OPEN_LETTER_MODAL, letter_modal
from bot.blocks.meeting import MEETING_END, MEETING_NEXT, UNPARK_IDEA, unparked_blocks
from bot.errors import InvalidInput, UserError
from bot.listeners.meeting_posts import MeetingMessages, after_summary, tell_if_waiting
from bot.services.container import Services

log = logging.getLogger(__name__)

Work = Callable[[dict[str, Any], WebClient, Respond], None]


def acknowledge(ack: Ack) -> None:
    """Every button is acked empty at once."""
    ack()


def register(app: App, services: Services) -> None:
    """Listen to the meeting's buttons."""

    def next_question(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Move the meeting on from the question the button was pressed under."""
        meeting_id, version = _meeting_and_version(_value(body))
        posts = MeetingMessages(services)
        moved = services.meetings.next(
            _team(body), _channel(body), posts, meeting_id, version, _user(body)
        )
        tell_if_waiting(services, moved.delivery, _answer(respond))

    def end_meeting(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Close the meeting and post its summary."""
        meeting_id, _ = _meeting_and_version(_value(body))
        posts = MeetingMessages(services)
        ended = services.meetings.end(_team(body), _channel(body), posts, meeting_id, _user(body))
        tell_if_waiting(services, ended.delivery, _answer(respond))
        after_summary(services, client, ended.change)

    def open_burden_form(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Open the burden form for this channel."""
        client.views_open(trigger_id=body["trigger_id"], view=burden_modal(_channel(body)))

    def open_letter_form(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Open the letter form."""
        client.views_open(trigger_id=body["trigger_id"], view=letter_modal(_channel(body)))

    def propose_parked(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Put a parked idea back as proposed and tell the meeting's thread."""
        proposal = services.experiments.unpark(_team(body), int(_value(body)))
        command = services.settings.unburden_command
        client.chat_postMessage(
            channel=proposal.group.channel_id,
            thread_ts=proposal.meeting.thread_ts,
            text=f"{proposal.experiment.short_id} is proposed again.",
            blocks=unparked_blocks(proposal.experiment, body["user"]["id"], command),
        )

    for action_id, work in (
        (UNPARK_IDEA, propose_parked),
        (MEETING_NEXT, next_question),
        (MEETING_END, end_meeting),
        (OPEN_BURDEN_MODAL, open_burden_form),
        (OPEN_LETTER_MODAL, open_letter_form),
    ):
        app.action(action_id)(ack=acknowledge, lazy=[answering(work)])


def answering(work: Work) -> Callable[..., None]:
    """Run a click's work; a user error becomes an ephemeral answer, a fault an apology."""

    def run(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """The lazy listener Bolt runs after the ack."""
        try:
            work(body, client, respond)
        except UserError as error:
            respond(text=error.message, response_type="ephemeral", replace_original=False)
        except Exception as error:  # noqa: BLE001 - the member must hear back whatever failed
            reference = uuid.uuid4().hex[:8]
            log.error(
                "meeting button failed (ref %s, team %s)", reference, _team(body), exc_info=error
            )
            respond(text=apology(reference), response_type="ephemeral", replace_original=False)

    run.__name__ = f"meeting_{work.__name__}"  # Bolt tells lazy functions apart by name
    return run


def _meeting_and_version(value: str) -> tuple[int, int | None]:
    """A button's value: `<meeting id>` or `<meeting id>:<version>`."""
    meeting, _, version = value.partition(":")
    try:
        return int(meeting), int(version) if version else None
    except ValueError:
        raise InvalidInput("That button is out of date: type the verb instead.") from None


def _answer(respond: Respond) -> Callable[[str, Any], None]:
    """An answer only the presser sees, leaving the message they pressed on as it is."""

    def answer(text: str, blocks: Any) -> None:
        respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)

    return answer


def _user(body: dict[str, Any]) -> str | None:
    return (body.get("user") or {}).get("id")


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or body.get("team_id") or "")


def _channel(body: dict[str, Any]) -> str:
    return str((body.get("channel") or {}).get("id") or "")
