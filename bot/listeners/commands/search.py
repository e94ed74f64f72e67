"""The verb that searches what every group of the workspace has tried: `find <text>`."""

from __future__ import annotations

from bot.blocks.search import search_blocks, search_text
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext
from bot.services.search import SearchService


def find(ctx: CommandContext) -> None:
    """`find <text> [setting:x] [question:y] [status:z]`: experiments and playbook hits by meaning."""
    service = SearchService(ctx.services.index, ctx.command)
    result = service.find(ctx.team_id, ctx.text)
    ctx.answer(search_text(result), search_blocks(result, ctx.command))


VERBS = [
    Verb(
        "find",
        "find <text>",
        "search every group's micro-experiments by meaning "
        "(narrow with `setting:inpatient`, `question:automate`, `status:adopted`)",
        find,
    ),
]
