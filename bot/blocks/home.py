"""The App Home tab."""

from __future__ import annotations

from typing import Any

from bot.blocks import VIEW_BLOCKS_MAX, Blocks, cap, context, header, section
from bot.domain.models import WorkingGroup


def home_view(groups: list[WorkingGroup], is_leader: bool, command: str) -> dict[str, Any]:
    """The Home tab: the workspace's working groups and how to begin."""
    blocks: Blocks = [header("Unburden")]
    if not groups:
        blocks.append(
            section(
                "No working group yet. In a channel of 8-15 colleagues from one clinical setting, "
                f"type `{command} setup primary care` (or your setting) to begin."
            )
        )
    else:
        lines = "\n".join(f"• <#{group.channel_id}>: {group.setting}" for group in groups)
        blocks.append(section(f"*Working groups*\n{lines}"))
    if is_leader:
        blocks.append(
            context(f"You have the leaders' view: `{command} summary` sends you the portfolio.")
        )
    return {"type": "home", "blocks": cap(blocks, VIEW_BLOCKS_MAX)}
