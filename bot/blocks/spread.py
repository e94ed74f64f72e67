"""Spread: the offer buttons under an adopted pilot, the suggestion the other group receives,
and the leaders' count of who tried it."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.blocks import Blocks, context, escape, fit, section
from bot.domain.models import Pilot, WorkingGroup
from bot.domain.spread import SpreadLine, SpreadOffer

OFFER_ACTION = "offer_spread"
TARGETS_SHOWN = 8
LINES_SHOWN = 5


def offer_prompt(pilot: Pilot, targets: list[WorkingGroup]) -> tuple[str, Blocks]:
    """Under an adopted pilot: an **Offer** button per other group of the same setting."""
    text = f"{pilot.short_id} is adopted: offer it to another group of the same setting?"
    blocks: Blocks = [section(f":seedling: *{text}*")]
    for group in targets[:TARGETS_SHOWN]:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"Offer to <#{group.channel_id}> ({escape(group.setting)})"
                ),
                accessory=ButtonElement(
                    text="Offer",
                    action_id=OFFER_ACTION,
                    value=json.dumps({"pilot": pilot.number, "channel": group.channel_id}),
                ),
            ).to_dict()
        )
    blocks.append(context("Leaders and the group's facilitators can offer it."))
    return text, blocks


def suggestion_message(offer: SpreadOffer, command: str) -> tuple[str, Blocks]:
    """What the other group's channel receives: the change, where it worked, how to try it."""
    idea = offer.suggested
    text = f"Suggested experiment {idea.short_id}, adopted in another {offer.origin.setting} group"
    return text, [
        section(
            f":seedling: *Suggested experiment {idea.short_id}* ({idea.question.label}), adopted "
            f"in <#{offer.origin.channel_id}> as *{offer.pilot.short_id}*:\n"
            f">{escape(fit(idea.text, 500))}"
        ),
        context(
            f"Offered by <@{offer.offered_by}>. Try it here with `{command} pilot {idea.short_id}`, "
            "or talk it over at your next meeting."
        ),
    ]


def offered_answer(offer: SpreadOffer) -> str:
    """The presser's confirmation."""
    return (
        f"Offered {offer.pilot.short_id} to <#{offer.target.channel_id}>: it is "
        f"{offer.suggested.short_id} there."
    )


def spread_summary_blocks(lines: tuple[SpreadLine, ...]) -> Blocks:
    """The leaders' count: for each offered pilot, groups offered, groups that tried it, results."""
    if not lines:
        return []
    rows = []
    for line in lines[:LINES_SHOWN]:
        tried = line.tried
        results = ", ".join(f"<#{t.channel_id}> P-{t.pilot_number} {t.pilot_status}" for t in tried)
        rows.append(
            f"• *P-{line.pilot_number}* from <#{line.channel_id}>: offered to "
            f"{len(line.offers)} group{'s' if len(line.offers) != 1 else ''}, tried by "
            f"{len(tried)}" + (f" ({results})" if results else "")
        )
    if len(lines) > LINES_SHOWN:
        rows.append(f"… and {len(lines) - LINES_SHOWN} more in the report.")
    return [section("*Spread* (adopted changes offered to other groups)\n" + "\n".join(rows))]
