"""The weekly leaders' digest, posted to the leaders' channel from the background scheduler."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.portfolio import portfolio_blocks, summary_text
from bot.domain.portfolio import Portfolio
from bot.services.container import Services
from bot.services.digest import Deliver


def digest_poster(client: WebClient, command: str) -> Deliver:
    """A deliverer for DigestService: posts the portfolio to the channel as one message."""

    def post(channel_id: str, portfolio: Portfolio) -> None:
        client.chat_postMessage(
            channel=channel_id,
            text=summary_text(portfolio),
            blocks=portfolio_blocks(portfolio, command, title="Weekly leaders' digest"),
        )

    return post


def register(app: App, services: Services) -> None:
    """Start the weekly digest when a leaders' channel is configured."""
    if services.settings.unburden_digest_channel:
        services.digest.start(digest_poster(app.client, services.settings.unburden_command))
