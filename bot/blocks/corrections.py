"""Taking back a value: the Undo button under a log answer, and the answer to an undo."""

from __future__ import annotations

from typing import Any

from bot.blocks import Blocks, context, escape, section
from bot.services.corrections import RemovedValue

UNDO_LAST_VALUE = "undo_last_value"


def undo_button(pilot_number: int) -> dict[str, Any]:
    """An Undo button that removes the clicker's own last value of the pilot."""
    return {
        "type": "actions",
        "block_id": f"undo_P-{pilot_number}",
        "elements": [
            {
                "type": "button",
                "action_id": UNDO_LAST_VALUE,
                "text": {"type": "plain_text", "text": "Undo"},
                "value": str(pilot_number),
            }
        ],
    }


def removed_answer(removed: RemovedValue) -> tuple[str, Blocks]:
    """Which value was removed, and what the run chart says without it."""
    measure = removed.measure
    text = (
        f"Removed {removed.value:g} {measure.unit} ({measure.name}) of "
        f"{removed.pilot.short_id}, logged for {removed.observed_on.isoformat()}."
    )
    return text, [
        section(escape(text)),
        section(f"*Run chart now:* {escape(removed.series.judgement_line())}"),
        context(
            f"{len(removed.series.points)} values left in cycle {removed.series.cycle}. "
            "The removal is kept on record; log the right value again if you need to."
        ),
    ]
