"""Burden inventory: the confirmation of a new burden, its one-line rendering, and the form."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
)

from bot.blocks import Blocks, context, escape, fit, section
from bot.domain.estimates import Period, format_hours, format_minutes
from bot.domain.models import Burden
from bot.services.burdens import (
    MINUTES_MAX,
    PERIOD_CHOICES,
    SOURCES,
    TITLE_MAX_CHARS,
    AddedBurden,
    BurdenDraft,
)

BURDEN_MODAL = "burden_modal"
OPEN_BURDEN_MODAL = "open_burden_modal"

_PERIODS = PERIOD_CHOICES
_COSTS = {
    1: "1: barely notice it",
    2: "2: a nuisance",
    3: "3: wears me down",
    4: "4: a main reason days feel bad",
    5: "5: makes me want to leave",
}


def burden_line(burden: Burden) -> str:
    """One burden in a list: title, hours a week (or the per-patient figure), source, joy cost."""
    parts = [f"*{escape(fit(burden.title, 150))}*"]
    if burden.hours_per_week is not None:
        parts.append(format_hours(burden.hours_per_week))
    elif burden.minutes_each is not None and burden.frequency == Period.PATIENT.value:
        parts.append(f"{format_minutes(burden.minutes_each)} per patient")
    if burden.source:
        parts.append(SOURCES.get(burden.source, burden.source))
    if burden.satisfaction_cost:
        parts.append(f"satisfaction cost {burden.satisfaction_cost}/5")
    return " · ".join(parts)


def burden_added_blocks(added: AddedBurden, user_id: str, command: str) -> Blocks:
    """Tell the channel a burden joined the inventory, and how to make it count."""
    burden = added.burden
    blocks = [section(f"<@{user_id}> added a burden: {burden_line(burden)}")]
    if added.cut:
        blocks.append(context(f"The title was cut to {TITLE_MAX_CHARS} characters."))
    if burden.minutes_each is None:
        blocks.append(
            context(
                "No time estimate yet: add one like `~30m/day` or `~2h/week` "
                f"(`{command} add <burden> ~30m/day`) so the group can rank it."
            )
        )
    elif burden.frequency == Period.DAY.value:
        blocks.append(context("Hours a week count 5 working days a week."))
    return blocks


def burden_added_text(added: AddedBurden) -> str:
    """Plain-text fallback of the confirmation."""
    return f"Burden added: {added.burden.title}"


def burden_modal(channel_id: str, draft: BurdenDraft | None = None) -> dict[str, Any]:
    """The "Add a burden" form, optionally filled in from a message or typed text."""
    title = fit(draft.title, TITLE_MAX_CHARS) if draft and draft.title else None
    minutes = _number(draft.minutes_each) if draft and draft.minutes_each else None
    period = draft.period if draft else None
    blocks = [
        _input("title", "What is the burden?", PlainTextInputElement(
            action_id="value", initial_value=title, max_length=TITLE_MAX_CHARS,
            placeholder="e.g. Prior authorisation forms for imaging",
        )),
        _input("who", "Who does it?", PlainTextInputElement(
            action_id="value", max_length=200, placeholder="e.g. physicians, MAs",
        ), optional=True),
        _input("period", "How often?", _select(
            {p.value: label for p, label in _PERIODS.items()}, period.value if period else None
        ), optional=True),
        _input("minutes", "Minutes each time", NumberInputElement(
            action_id="value", is_decimal_allowed=True, min_value="0.5", max_value=str(MINUTES_MAX),
            initial_value=minutes,
        ), optional=True),
        _input("cost", "How much joy does it cost? (1-5)", _select(
            {str(k): v for k, v in _COSTS.items()}, None
        ), optional=True),
        _input("source", "Where does it come from?", _select(SOURCES, None), optional=True),
    ]  # fmt: skip
    return {
        "type": "modal",
        "callback_id": BURDEN_MODAL,
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": "Add a burden"},
        "submit": {"type": "plain_text", "text": "Add"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            *blocks,
            context("Hours a week are worked out at 5 working days a week."),
        ],
    }


def _input(block_id: str, label: str, element: Any, optional: bool = False) -> dict[str, Any]:
    return InputBlock(
        block_id=block_id, label=PlainTextObject(text=label), element=element, optional=optional
    ).to_dict()


def _select(options: dict[str, str], initial: str | None) -> StaticSelectElement:
    choices = [Option(value=value, label=label) for value, label in options.items()]
    chosen = next((o for o in choices if o.value == initial), None)
    return StaticSelectElement(
        action_id="value", options=choices, initial_option=chosen, placeholder="Choose"
    )


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"
