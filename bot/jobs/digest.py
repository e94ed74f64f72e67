"""The weekly digest's message, as the outbox posts it."""

from __future__ import annotations

from bot.blocks.portfolio import portfolio_blocks, summary_text
from bot.domain.portfolio import Portfolio
from bot.outbox import OutgoingMessage
from bot.services.digest import Render


def digest_message(command: str) -> Render:
    """Renders a workspace's portfolio as the digest message for the leaders' channel."""

    def render(channel_id: str, portfolio: Portfolio) -> OutgoingMessage:
        return OutgoingMessage(
            channel_id=channel_id,
            kind="digest",
            text=summary_text(portfolio),
            blocks=portfolio_blocks(portfolio, command, title="Weekly leaders' digest"),
        )

    return render
