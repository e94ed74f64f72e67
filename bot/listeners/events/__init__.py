"""Events API listeners: each area registers its own in a module of this package."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.events import home, meeting_thread
from bot.slack.kit import Kit


def register(app: App, kit: Kit) -> None:
    """Listen to the events the bot subscribes to."""
    home.register(app, kit)
    meeting_thread.register(app, kit)
