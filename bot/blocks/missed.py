"""Missed opportunities: the channel's confirmation, the form, and the leaders' list by setting."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.blocks import Blocks, context, escape, fit, section
from bot.domain.missed import MISSED_MAX_CHARS, MissedListing, by_setting
from bot.domain.models import Burden
from bot.services.missed import RecordedMissed

MISSED_MODAL = "missed_modal"
TEXT_BLOCK, TEXT_ACTION = "missed_text", "text"
BURDEN_BLOCK, BURDEN_ACTION = "missed_burden", "burden"
OPTIONS_MAX = 100  # a static select holds at most 100 options
LISTED_PER_SETTING = 3


def missed_text(recorded: RecordedMissed) -> str:
    """The plain-text fallback of the confirmation."""
    return f"Missed opportunity recorded: {recorded.missed.text}"


def missed_blocks(recorded: RecordedMissed, user_id: str, command: str) -> Blocks:
    """Tell the channel a missed opportunity was recorded, and what burden crowds it out."""
    if recorded.burden is not None:
        how = "you chose" if recorded.linked_by == "chosen" else "closest match"
        link = f"Crowded out by *{escape(fit(recorded.burden.title, 150))}* ({how})."
    else:
        link = f"No burden of the inventory matches it: add one with `{command} add <burden>`."
    return [
        section(f"*Missed opportunity* from <@{user_id}>: {escape(recorded.missed.text)}\n{link}"),
        context("Leaders see missed opportunities by setting in `summary` and the report."),
    ]


def missed_modal(channel_id: str, burdens: list[Burden]) -> dict[str, Any]:
    """The "Missed opportunity" form: what goes undone, and (optionally) which burden is why."""
    blocks: list[Any] = [
        SectionBlock(
            text=MarkdownTextObject(
                text="Valuable work your team does not do today because of a burden."
            )
        ),
        InputBlock(
            block_id=TEXT_BLOCK,
            label=PlainTextObject(text="What goes undone?"),
            element=PlainTextInputElement(
                action_id=TEXT_ACTION,
                multiline=True,
                max_length=MISSED_MAX_CHARS,
                placeholder=PlainTextObject(text="e.g. Calling patients back the same day"),
            ),
        ),
    ]
    if burdens:
        blocks.append(
            InputBlock(
                block_id=BURDEN_BLOCK,
                optional=True,
                label=PlainTextObject(text="Because of which burden?"),
                element=StaticSelectElement(
                    action_id=BURDEN_ACTION,
                    placeholder=PlainTextObject(text="Leave empty to match it for you"),
                    options=[
                        Option(value=str(b.id), text=fit(b.title, 75))
                        for b in burdens[:OPTIONS_MAX]
                    ],
                ),
            )
        )
    return View(
        type="modal",
        callback_id=MISSED_MODAL,
        title=PlainTextObject(text="Missed opportunity"),
        submit=PlainTextObject(text="Record"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=channel_id,
        blocks=blocks,
    ).to_dict()


def missed_by_setting_lines(listings: tuple[MissedListing, ...], per_setting: int) -> list[str]:
    """One line per setting with its count, then up to `per_setting` of its newest entries."""
    lines = []
    for setting, items in by_setting(listings):
        lines.append(f"*{escape(setting)}* ({len(items)})")
        for item in items[:per_setting]:
            because = (
                f" (because of {escape(fit(item.burden_title, 80))})" if item.burden_title else ""
            )
            lines.append(f"• {escape(fit(item.text, 150))}{because} in <#{item.channel_id}>")
        if len(items) > per_setting:
            lines.append(f"… and {len(items) - per_setting} more in the report.")
    return lines


def missed_summary_blocks(listings: tuple[MissedListing, ...]) -> Blocks:
    """The leaders' summary's section of missed opportunities, by setting."""
    if not listings:
        return []
    lines = missed_by_setting_lines(listings, LISTED_PER_SETTING)
    return [
        section("*Missed opportunities* (work not done because of its burden)\n" + "\n".join(lines))
    ]
