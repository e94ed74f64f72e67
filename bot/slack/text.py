"""Slack's escaped text, decoded once on the way in and stored as the person wrote it.

Slack escapes `&`, `<` and `>` as HTML entities and sends mentions, channels, links and
special mentions as `<...>` markup (https://api.slack.com/reference/surfaces/formatting).
A real `<` can therefore only be markup: the markup is read first, then the three entities."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.privacy.invisible import without_invisible

_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITIES = re.compile(r"&(amp|lt|gt);")
_KEPT_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class Mention:
    """A person named in the text: their Slack user id and the name shown, if Slack sent one."""

    user_id: str
    name: str | None = None


@dataclass(frozen=True)
class SlackText:
    """Text as the person wrote it, with the people it mentions kept as ids."""

    plain: str
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    channels: tuple[str, ...] = field(default_factory=tuple)

    def with_plain(self, plain: str) -> SlackText:
        """The same mentions and channels, with other readable text (e.g. without the verb)."""
        return SlackText(plain, self.mentions, self.channels)

    @property
    def mentioned_ids(self) -> list[str]:
        """The user ids mentioned, in order, without repeats."""
        return list(dict.fromkeys(m.user_id for m in self.mentions))


def without_controls(text: str) -> str:
    """The text without NUL and other control characters (newlines and tabs kept), and without
    invisible format characters such as a zero-width space (`without_invisible`).

    PostgreSQL refuses NUL in text columns, and control characters are never meant; an
    invisible character inside a record number would hide it from the identifier gate and
    stay in what is stored."""
    return without_invisible(
        "".join(
            ch
            for ch in text
            if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs")
        )
    )


def unescape(text: str) -> str:
    """Slack's three entities back to characters; any other `&...;` is left as typed."""
    return _ENTITIES.sub(lambda m: html.unescape(m.group(0)), text)


def decode(text: str, name_of: Callable[[str], str | None] | None = None) -> SlackText:
    """Decode a message, command or shortcut text: markup to readable text, entities to
    characters, control and invisible characters removed.

    `<@U2|ana>` reads `@ana`; `<@U2>` (no label, as some payloads send it) reads the name
    `name_of("U2")` gives, or `@U2` without one; the ids stay in `mentions`),
    `<#C1|general>` reads `#general`, `<https://x|label>` reads `label (https://x)`,
    `<!subteam^S1|@nurses>` reads `@nurses`, `<!here>` reads `@here`."""
    mentions: list[Mention] = []
    channels: list[str] = []

    def read(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        label = unescape(label)
        if target.startswith("@"):
            if not label and name_of is not None:
                label = name_of(target[1:]) or ""
            mentions.append(Mention(target[1:], label or None))
            return f"@{label or target[1:]}"
        if target.startswith("#"):
            channels.append(target[1:])
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            return _special(target[1:], label)
        url = unescape(target)
        if url.startswith("mailto:"):
            return label or url.removeprefix("mailto:")
        return f"{label} ({url})" if label and label != url else url

    parts: list[str] = []
    cleaned = without_controls(text)
    position = 0
    for match in _MARKUP.finditer(cleaned):
        parts.append(unescape(cleaned[position : match.start()]))
        parts.append(read(match))
        position = match.end()
    parts.append(unescape(cleaned[position:]))
    return SlackText("".join(parts).strip(), tuple(mentions), tuple(channels))


def _special(command: str, label: str) -> str:
    """`<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^S1|@team>`, `<!date^...|fallback>`."""
    if label:
        return label if label.startswith("@") or command.startswith("date") else f"@{label}"
    name = command.split("^", 1)[0]
    return f"@{name}"
