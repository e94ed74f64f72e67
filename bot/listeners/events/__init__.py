"""Events API listeners: each area registers its own in a module of this package."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.events import home, meeting_thread
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Listen to the events the bot subscribes to."""
    home.register(app, services)
    meeting_thread.register(app, services)
