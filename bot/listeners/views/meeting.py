"""Submissions of the burden and letter forms.

The ack validates, so a member fixes a mistake in the form and loses nothing; storing and
answering in the channel follow after the ack."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.burdens import BURDEN_MODAL, burden_added_blocks, burden_added_text
from bot.blocks.letters import LETTER_MODAL, letter_added_blocks
from bot.domain.estimates import Period
from bot.errors import UserError
from bot.services.burdens import BurdenDraft, EstimateConflict
from bot.services.container import Services
from bot.slack.kit import Interaction, Kit, accept
from bot.slack.text import without_controls

# How long a form's ack may wait for the identifier detector still warming up.
DETECTOR_WAIT_SECONDS = 1.0


def register(app: App, kit: Kit) -> None:
    """Listen to the two forms' submissions."""
    register_burden_form(app, kit)
    register_letter_form(app, kit)


def register_burden_form(app: App, kit: Kit) -> None:
    """The burden form: checked in the ack, stored and announced after it, once per form."""

    def check_burden(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
        """Refuse, in the form, a burden without a title, with patient identifiers, or outside a
        working group; a second submission of the same form is closed and not stored again."""
        ix = kit.interaction(body, client, None, context)
        values = ix.view["state"]["values"]
        errors = kit.gate.field_errors(
            {"title": _text(values, "title") or "", "who": _text(values, "who") or ""}
        )
        if errors:
            ack(response_action="errors", errors=errors)
            return
        try:
            draft = burden_draft(ix.view, ix.services)
            ix.require_group(ix.view["private_metadata"])
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
        if kit.claim_submission(ix):
            accept(context)
        ack()

    def store_burden(ix: Interaction) -> None:
        """Store the burden and tell the channel."""
        channel_id = ix.view["private_metadata"]
        added = ix.services.burdens.add(
            ix.team_id, channel_id, ix.user_id, burden_draft(ix.view, ix.services)
        )
        ix.client.chat_postMessage(
            channel=channel_id,
            text=burden_added_text(added),
            blocks=burden_added_blocks(added, ix.user_id, ix.command),
        )
        ix.services.burdens.remember(added.burden)

    app.view(BURDEN_MODAL)(ack=check_burden, lazy=[kit.lazy(store_burden, "store_burden")])


def register_letter_form(app: App, kit: Kit) -> None:
    """The letter form: identifiers refused in the form, the letter stored after the ack."""

    def check_letter(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
        """Refuse, in the form, an empty letter or one that holds patient identifiers."""
        ix = kit.interaction(body, client, None, context)
        reason = ix.services.letters.refusal(letter_text(ix.view), wait=DETECTOR_WAIT_SECONDS)
        if reason:
            ack(response_action="errors", errors={"letter": reason[:150]})
            return
        if kit.claim_submission(ix):
            accept(context)
        ack()

    def store_letter(ix: Interaction) -> None:
        """Store the letter (checking it in full) and tell the member privately."""
        channel_id = ix.view["private_metadata"] or ix.user_id
        # The detector may still have been warming up during the ack: `add` checks in full and
        # refuses with a user error, which the kit answers.
        added = ix.services.letters.add(ix.team_id, ix.user_id, letter_text(ix.view))
        kit.tell(ix.client, channel_id, ix.user_id, "Letter added.", letter_added_blocks(added))

    app.view(LETTER_MODAL)(ack=check_letter, lazy=[kit.lazy(store_letter, "store_letter")])


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
    return without_controls(str(value)).strip() if value else None


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    entry = (values.get(block_id) or {}).get("value") or {}
    option = entry.get("selected_option") or {}
    return str(option["value"]) if option.get("value") else None
