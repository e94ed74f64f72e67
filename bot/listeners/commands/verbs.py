"""The verb table of the slash command: each area module lists its verbs here by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.listeners.context import CommandContext

Handler = Callable[[CommandContext], None]


@dataclass(frozen=True)
class Verb:
    """One verb of `/unburden <verb> [text]`: its name, usage line for help, and handler.

    `keeps_text` marks verbs that store or post what was typed: their text passes the
    identifier gate first (`bot.slack.gate`)."""

    name: str
    usage: str
    summary: str
    handler: Handler
    keeps_text: bool = False


def split_verb(text: str) -> tuple[str, str]:
    """Split `verb rest of text` into the lower-cased verb and the rest, trimmed."""
    stripped = text.strip()
    if not stripped:
        return "", ""
    verb, _, rest = stripped.partition(" ")
    return verb.lower(), rest.strip()
