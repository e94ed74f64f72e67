"""The identifier gate's answer: one line naming the kinds found, the text as it would be saved,
and the choice to save it without them or edit it."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks import Blocks, context, escape, section

GATE_SAVE = "gate_save_redacted"
GATE_EDIT = "gate_edit"
GATE_MODAL = "gate_edit_modal"
VALUE_MAX = 2000  # Slack's limit on a button's value
TEXT_MAX = 1800  # room in the value for the verb and the JSON around the text


def gate_value(verb: str, redacted: str) -> str:
    """What both buttons carry: the verb and the redacted text, never the text as typed."""
    return json.dumps({"verb": verb, "text": redacted[:TEXT_MAX]})


def read_gate_value(value: str) -> tuple[str, str] | None:
    """The verb and redacted text a gate button carries, or None when it is not ours."""
    try:
        found = json.loads(value)
    except json.JSONDecodeError:
        return None
    if not isinstance(found, dict) or not isinstance(found.get("verb"), str):
        return None
    return found["verb"], str(found.get("text") or "")


def gate_text(reason: str) -> str:
    """The one-line answer: what kind was found (never the identifier itself)."""
    return f"Not saved yet: {reason}. Patient identifiers are never stored."


def gate_blocks(reason: str, verb: str, redacted: str) -> Blocks:
    """The answer with the redacted text and the **Save without them** and **Edit** buttons."""
    value = gate_value(verb, redacted)
    return [
        section(gate_text(reason)),
        context(f"Saved as: {escape(redacted[:TEXT_MAX])}"),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Save without them", action_id=GATE_SAVE, value=value, style="primary"
                ),
                ButtonElement(text="Edit", action_id=GATE_EDIT, value=value),
            ]
        ).to_dict(),
    ]


def gate_modal(verb: str, redacted: str, channel_id: str) -> dict[str, Any]:
    """The form to edit the redacted text before it is saved."""
    return {
        "type": "modal",
        "callback_id": GATE_MODAL,
        "private_metadata": json.dumps({"verb": verb, "channel": channel_id}),
        "title": {"type": "plain_text", "text": "Edit before saving"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "text",
                "label": {"type": "plain_text", "text": "Your text, without identifiers"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "initial_value": redacted[:TEXT_MAX],
                },
            },
            context("No names, dates of birth, record or phone numbers, addresses or emails."),
        ],
    }
