"""Block Kit, built in one place from domain objects; listeners never assemble JSON by hand.

Every builder keeps within Slack's limits (see `fit`), so a long text is cut with a note
instead of being refused by the Web API."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.privacy import redact_if_ready

Blocks = list[dict[str, Any]]

SECTION_TEXT_MAX = 3000
HEADER_TEXT_MAX = 150
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
CUT_NOTE = " … (cut to fit Slack)"


@lru_cache(maxsize=2048)
def shown(text: str) -> str:
    """Stored text as a block may show it: identifiers redacted once the detector is warm
    (see `redact_if_ready`). Every section, header and context line and every escaped value
    passes here, so this is the one place a post still catches an identifier stored before
    the edge checked for them."""
    return redact_if_ready(text)


def fit(text: str, limit: int) -> str:
    """The text, identifiers redacted, cut with a visible note when longer than `limit`."""
    text = shown(text)
    if len(text) <= limit:
        return text
    return text[: limit - len(CUT_NOTE)].rstrip() + CUT_NOTE


def section(text: str) -> dict[str, Any]:
    """A markdown section, cut to Slack's 3000-character limit."""
    return SectionBlock(text=MarkdownTextObject(text=fit(text, SECTION_TEXT_MAX))).to_dict()


def header(text: str) -> dict[str, Any]:
    """A header line, cut to Slack's 150-character limit."""
    return HeaderBlock(text=fit(text, HEADER_TEXT_MAX)).to_dict()


def context(text: str) -> dict[str, Any]:
    """A small grey line of context."""
    return ContextBlock(elements=[MarkdownTextObject(text=fit(text, SECTION_TEXT_MAX))]).to_dict()


def divider() -> dict[str, Any]:
    """A horizontal rule."""
    return DividerBlock().to_dict()


def cap(blocks: Blocks, limit: int = MESSAGE_BLOCKS_MAX) -> Blocks:
    """At most `limit` blocks; the last one says how many were left out."""
    if len(blocks) <= limit:
        return blocks
    kept = blocks[: limit - 1]
    return [*kept, context(f"{len(blocks) - len(kept)} more not shown here.")]


def escape(text: str) -> str:
    """Stored text made safe to show: identifiers redacted (`shown`), then the three
    characters Slack's mrkdwn treats as control escaped."""
    text = shown(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
