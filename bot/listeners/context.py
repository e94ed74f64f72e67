"""What a verb handler gets: who asked, where, the text, and how to answer.

Verb handlers run after the ack (as Bolt lazy listeners), so they answer through the command's
response_url, which Slack accepts for 30 minutes."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.blocks import Blocks
from bot.blocks.answers import apology
from bot.domain.models import WorkingGroup
from bot.errors import UserError
from bot.services.container import Services

log = logging.getLogger(__name__)


@dataclass
class CommandContext:
    """One slash command being answered, after Slack has had its ack."""

    services: Services
    client: WebClient
    respond: Respond
    team_id: str
    channel_id: str
    user_id: str
    verb: str
    text: str
    trigger_id: str | None = None
    bot_user_id: str | None = None

    @property
    def command(self) -> str:
        """The slash command's name, as configured."""
        return self.services.settings.unburden_command

    def answer(self, text: str, blocks: Blocks | None = None) -> None:
        """An answer only the asker sees."""
        self.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)

    def announce(self, text: str, blocks: Blocks | None = None) -> None:
        """A message the whole channel sees, sent through the command's response_url."""
        self.respond(text=text, blocks=blocks, response_type="in_channel", replace_original=False)

    def require_group(self) -> WorkingGroup:
        """The channel's working group, or a user error saying how to set one up."""
        return self.services.groups.require(self.team_id, self.channel_id)


def answer_failure(ctx: CommandContext, error: Exception) -> None:
    """Turn an exception into the member's answer: the user error's text, or an apology with a reference."""
    if isinstance(error, UserError):
        ctx.answer(error.message)
        return
    reference = uuid.uuid4().hex[:8]
    # Never log the command text: it may hold what a member typed about a patient.
    log.error(
        "verb %r failed (ref %s, team %s, channel %s)",
        ctx.verb,
        reference,
        ctx.team_id,
        ctx.channel_id,
        exc_info=error,
    )
    try:
        ctx.answer(apology(reference))
    except Exception:  # noqa: BLE001 - the apology itself failing must not hide the first error
        log.exception("could not send the apology (ref %s)", reference)


def body_field(body: dict[str, Any], name: str) -> str:
    """A string field of a slash-command body, empty when absent."""
    return str(body.get(name) or "")
