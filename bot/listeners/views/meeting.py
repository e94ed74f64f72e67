"""Submissions of the burden and letter forms.

The ack validates, so a member fixes a mistake in the form and loses nothing; storing and
answering in the channel follow after the ack."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.burdens import BURDEN_MODAL, burden_added_blocks, burden_added_text
from bot.blocks.letters import LETTER_MODAL, letter_added_blocks
from bot.domain.estimates import Period
from bot.errors import UserError
from bot.services.burdens import BurdenDraft, EstimateConflict
from bot.services.container import Services

log = logging.getLogger(__name__)

# How long a form's ack may wait for the identifier detector still warming up.
DETECTOR_WAIT_SECONDS = 1.0


def register(app: App, services: Services) -> None:
    """Listen to the two forms' submissions."""
    register_burden_form(app, services)
    register_letter_form(app, services)


def register_burden_form(app: App, services: Services) -> None:
    """The burden form: checked in the ack, stored and announced after it."""
    command = services.settings.unburden_command

    def check_burden(ack: Ack, body: dict[str, Any]) -> None:
        """Refuse, in the form, a burden without a title or outside a working group."""
        try:
            draft = burden_draft(body["view"], services)
            services.groups.require(_team(body), body["view"]["private_metadata"])
        except EstimateConflict as conflict:
            ack(response_action="errors", errors={conflict.field: conflict.message[:150]})
            return
        except ValueError:
            ack(response_action="errors", errors={"minutes": "Give minutes as a number, e.g. 20."})
            return
        except UserError as error:
            ack(response_action="errors", errors={"title": error.message[:150]})
            return
        if not draft.title.strip():
            ack(response_action="errors", errors={"title": "Say what the burden is."})
            return
        ack()

    def store_burden(body: dict[str, Any], client: WebClient) -> None:
        """Store the burden and tell the channel."""
        channel_id, user_id = body["view"]["private_metadata"], body["user"]["id"]
        draft = burden_draft(body["view"], services)
        added = services.burdens.add(_team(body), channel_id, user_id, draft)
        client.chat_postMessage(
            channel=channel_id,
            text=burden_added_text(added),
            blocks=burden_added_blocks(added, user_id, command),
        )
        services.burdens.remember(added.burden)

    app.view(BURDEN_MODAL)(ack=check_burden, lazy=[store_burden])


def register_letter_form(app: App, services: Services) -> None:
    """The letter form: identifiers refused in the form, the letter stored after the ack."""

    def check_letter(ack: Ack, body: dict[str, Any]) -> None:
        """Refuse, in the form, an empty letter or one that holds patient identifiers."""
        reason = services.letters.refusal(letter_text(body["view"]), wait=DETECTOR_WAIT_SECONDS)
        if reason:
            ack(response_action="errors", errors={"letter": reason[:150]})
            return
        ack()

    def store_letter(body: dict[str, Any], client: WebClient) -> None:
        """Store the letter (checking it in full) and tell the member privately."""
        user_id = body["user"]["id"]
        channel_id = body["view"]["private_metadata"] or user_id
        try:
            added = services.letters.add(_team(body), user_id, letter_text(body["view"]))
        except UserError as error:
            # The detector was still warming up during the ack: the full check refused it here.
            _tell(client, channel_id, user_id, error.message, None)
            return
        _tell(client, channel_id, user_id, "Letter added.", letter_added_blocks(added))

    app.view(LETTER_MODAL)(ack=check_letter, lazy=[store_letter])


def burden_draft(view: dict[str, Any], services: Services) -> BurdenDraft:
    """Read the burden form; an estimate typed into the title fills what the form left empty,
    and one that disagrees with the form raises EstimateConflict."""
    values = view["state"]["values"]
    period_value = _selected(values, "period")
    minutes_text = _text(values, "minutes")
    cost = _selected(values, "cost")
    try:
        typed = BurdenDraft(
            title=_text(values, "title") or "",
            who=_text(values, "who"),
            satisfaction_cost=int(cost) if cost else None,
            source=_selected(values, "source"),
        )
        return services.burdens.draft_from_form(
            typed,
            Period(period_value) if period_value else None,
            float(minutes_text) if minutes_text else None,
        )
    except ValidationError as error:
        raise ValueError("a number is out of range") from error


def letter_text(view: dict[str, Any]) -> str:
    """The letter typed into the form."""
    return _text(view["state"]["values"], "letter", "text") or ""


def _text(values: dict[str, Any], block_id: str, action_id: str = "value") -> str | None:
    entry = (values.get(block_id) or {}).get(action_id) or {}
    value = entry.get("value")
    return str(value).strip() if value else None


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    entry = (values.get(block_id) or {}).get("value") or {}
    option = entry.get("selected_option") or {}
    return str(option["value"]) if option.get("value") else None


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or (body.get("view") or {}).get("team_id") or "")


def _tell(
    client: WebClient, channel_id: str, user_id: str, text: str, blocks: list[dict[str, Any]] | None
) -> None:
    """Answer the member privately in the channel the form came from, or in a DM."""
    try:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text, blocks=blocks)
    except SlackApiError:
        client.chat_postMessage(channel=user_id, text=text, blocks=blocks)
