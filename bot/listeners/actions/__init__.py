"""Actions listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.actions import assist, ideas, leaders, meeting, pilots, spread
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Attach this surface's listeners."""
    ideas.register(app, services)
    meeting.register(app, services)
    pilots.register(app, services)
    assist.register(app, services)
    spread.register(app, services)
    leaders.register(app, services)
