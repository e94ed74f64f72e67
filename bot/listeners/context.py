"""What a verb handler gets: the interaction (who asked, where, how to answer) plus the verb and
its text, decoded from Slack's escaping once (`bot.slack.text`).

Verb handlers run after the ack (as Bolt lazy listeners), so they answer through the command's
response_url, which Slack accepts for 30 minutes."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.slack.kit import Interaction
from bot.slack.text import SlackText


@dataclass
class CommandContext(Interaction):
    """One slash command being answered, after Slack has had its ack."""

    verb: str = ""
    text: str = ""
    slack_text: SlackText = field(default_factory=lambda: SlackText(""))
    # True once the identifier gate has passed this text (typed clean or chosen redacted).
    gated: bool = False

    @classmethod
    def of(cls, ix: Interaction, verb: str, text: SlackText, gated: bool = False) -> CommandContext:
        """The command context of an interaction running `verb` on `text`."""
        return cls(
            ix.kit,
            ix.client,
            ix.origin,
            ix.body,
            ix.respond,
            ix.context,
            verb=verb,
            text=text.plain,
            slack_text=text,
            gated=gated,
        )
