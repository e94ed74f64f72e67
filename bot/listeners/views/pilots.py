"""The pilot and log forms: checked and saved in the submission's ack, so a mistake is shown
next to its field and nothing typed is lost; the channel hears of a new pilot afterwards."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.pilot_form import PILOT_MODAL, MeasureLayout
from bot.blocks.pilots import LOG_MODAL, logged_view, pilot_announcement
from bot.domain.pilots import (
    CustomMeasureInput,
    MeasureSlotInput,
    PilotFormInput,
    PlanProblems,
)
from bot.errors import UserError
from bot.listeners.meeting_posts import tell_if_waiting
from bot.outbox import OutgoingMessage
from bot.services.container import Services
from bot.services.pilots import PilotAnnouncement, PilotStarted
from bot.slack.errors import answer_for
from bot.slack.gate import ACK_WAIT_SECONDS
from bot.slack.kit import Interaction, Kit, accept
from bot.slack.text import without_controls

log = logging.getLogger(__name__)
T = TypeVar("T")


def register(app: App, kit: Kit) -> None:
    """Listen to submissions of the pilot and log forms."""

    def submit_pilot(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
        """Check the pilot form; save it once, or show each mistake next to its field."""
        ix = kit.interaction(body, client, None, context)
        values = _values(body)
        errors = kit.gate.field_errors(
            {b: _plain(values, b) for b in ("hypothesis", "custom_name", "custom_unit")}
        )
        if errors:
            ack(response_action="errors", errors=errors)
            return
        if not kit.claim_submission(ix):
            ack()  # the same form again (a double tap): saved the first time
            return
        try:
            plan = kit.services.pilots.read_form(read_pilot_form(body))
            created = kit.services.pilots.create(
                ix.team_id, plan, announcement(ix.command), ix.user_id
            )
        except PlanProblems as problems:
            kit.release_submission(ix)
            ack(response_action="errors", errors=quoted(kit, problems.problems))
            return
        except UserError as error:
            kit.release_submission(ix)
            ack(response_action="errors", errors=quoted(kit, {"hypothesis": error.message}))
            return
        except Exception as error:  # noqa: BLE001 - one transaction: nothing was saved
            kit.release_submission(ix)
            ack(response_action="errors", errors={"hypothesis": not_saved(error, ix.team_id)})
            return
        context["pilot_messages"] = list(created.message_ids)
        accept(context)
        log.info("pilot %s created (team %s)", created.pilot.short_id, ix.team_id)
        ack()

    def announce_pilot(ix: Interaction) -> None:
        """Post the channel's announcement of the pilot just saved (written with it); if Slack
        does not take it, it stays in the outbox and the member hears so, with Post again."""
        ids = [int(i) for i in ix.context.get("pilot_messages") or []]
        delivery = ix.services.outbox.deliver(ix.team_id, ids)
        tell_if_waiting(ix.services, delivery, ix.answer)

    def submit_log(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
        """Check and save one observation once; the form then shows the run chart's reading."""
        ix = kit.interaction(body, client, None, context)
        if not kit.claim_submission(ix):
            ack()
            return
        try:
            view = log_submission(kit.services, ix.team_id, body)
        except FieldProblem as problem:
            kit.release_submission(ix)
            ack(response_action="errors", errors=quoted(kit, {problem.field: problem.message}))
            return
        ack(response_action="update", view=view)

    app.view(PILOT_MODAL)(ack=submit_pilot, lazy=[kit.lazy(announce_pilot, "announce_pilot")])
    app.view(LOG_MODAL)(submit_log)


def quoted(kit: Kit, errors: dict[str, str]) -> dict[str, str]:
    """Form errors, which may quote what was typed, with identifiers replaced."""
    return {field: kit.gate.quotable(text, ACK_WAIT_SECONDS) for field, text in errors.items()}


def announcement(command: str) -> PilotAnnouncement:
    """How the channel hears of a new pilot: one message, written with the pilot."""

    def render(started: PilotStarted) -> list[OutgoingMessage]:
        experiment = started.experiment
        text, blocks = pilot_announcement(
            started.pilot, started.measures, f"{experiment.short_id} {experiment.text}", command
        )
        channel = started.group.channel_id
        return [OutgoingMessage(channel_id=channel, kind="pilot", text=text, blocks=blocks)]

    return render


def not_saved(error: BaseException, team_id: str) -> str:
    """The form's answer to a fault while saving a pilot: the truth, and what to do."""
    answer = answer_for(error, "pilot form", team_id)
    if not answer.fault:
        return f"Nothing was saved: {answer.text}"
    reference = answer.reference or ""
    return (
        "Nothing was saved: I could not store the pilot just now. Submit the form again in a "
        f"minute; if it fails again, tell your administrator the reference `{reference}`."
    )


class FieldProblem(Exception):
    """A refusal to show next to one field of a form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def log_submission(services: Services, team_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Record the log form's value and return the view that replaces the form."""
    meta = _metadata(body)
    user = (body.get("user") or {}).get("id", "")
    values = _values(body)
    pilots = services.pilots
    # The form is opened only for members of the group's channel, and only for that person.
    if user != meta.get("user"):
        raise FieldProblem("value", "This form was opened for someone else; open your own.")
    pilot = _on_field("value", lambda: pilots.pilot(team_id, f"P-{meta.get('pilot')}"))
    _on_field("value", lambda: pilots.ensure_active(pilot))
    measure = _on_field(
        "measure", lambda: pilots.resolve_measure(pilot, _selected(values, "measure") or "")
    )
    value = _on_field("value", lambda: pilots.check_value(pilot, measure, _plain(values, "value")))
    day = _on_field("day", lambda: pilots.check_day(pilot, _date(values, "day")))
    result = _on_field("value", lambda: pilots.store_values(pilot, measure, [(day, value)], user))
    return logged_view(result)


def _on_field(field: str, step: Callable[[], T]) -> T:
    """Run one check of a form; its user error is shown next to `field`."""
    try:
        return step()
    except UserError as error:
        raise FieldProblem(field, error.message) from error


def read_pilot_form(body: dict[str, Any]) -> PilotFormInput:
    """The pilot form's state as plain values: only the measures the form still shows (one
    removed with its Remove button is not read, whatever Slack still holds for it)."""
    values = _values(body)
    meta = _metadata(body)
    layout = MeasureLayout.of(meta)
    slots = {
        slot: MeasureSlotInput(
            measure_id=_selected(values, f"measure_{slot}"),
            baseline=_plain(values, f"baseline_{slot}"),
            target=_plain(values, f"target_{slot}"),
        )
        for slot in layout.slots
    }
    custom = (
        CustomMeasureInput(
            name=_plain(values, "custom_name"),
            unit=_plain(values, "custom_unit"),
            direction=_selected(values, "custom_direction"),
            kind=_selected(values, "custom_kind"),
            baseline=_plain(values, "custom_baseline"),
            target=_plain(values, "custom_target"),
        )
        if layout.custom
        else CustomMeasureInput()
    )
    owner = _entry(values, "owner").get("selected_user")
    participants = _entry(values, "participants").get("selected_users") or []
    return PilotFormInput(
        experiment_number=int(meta.get("experiment") or 0),
        channel_id=str(meta.get("channel") or ""),
        hypothesis=_plain(values, "hypothesis"),
        owner_id=owner,
        participant_ids=tuple(participants),
        start_date=_date(values, "start_date"),
        end_date=_date(values, "end_date"),
        cadence=_selected(values, "cadence"),
        role=_selected(values, "role"),
        slots=slots,
        custom=custom,
    )


def _metadata(body: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _values(body: dict[str, Any]) -> dict[str, Any]:
    return ((body.get("view") or {}).get("state") or {}).get("values") or {}


def _entry(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    """The state entry of a block whose action_id equals its block_id (as the forms build them)."""
    block = values.get(block_id) or {}
    entry: Any = block.get(block_id) or next(iter(block.values()), {})
    return entry if isinstance(entry, dict) else {}


def _plain(values: dict[str, Any], block_id: str) -> str:
    return without_controls(str(_entry(values, block_id).get("value") or ""))


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    option = _entry(values, block_id).get("selected_option") or {}
    return option.get("value") if isinstance(option, dict) else None


def _date(values: dict[str, Any], block_id: str) -> date | None:
    text = _entry(values, block_id).get("selected_date")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
