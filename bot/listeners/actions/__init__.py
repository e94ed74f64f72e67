"""Actions listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.actions import (
    assist,
    gate,
    ideas,
    leaders,
    meeting,
    outbox,
    pilots,
    pulse,
    spread,
)
from bot.slack.kit import Kit


def register(app: App, kit: Kit) -> None:
    """Attach this surface's listeners."""
    ideas.register(app, kit)
    meeting.register(app, kit)
    pilots.register(app, kit)
    pulse.register(app, kit)
    assist.register(app, kit)
    gate.register(app, kit)
    spread.register(app, kit)
    leaders.register(app, kit)
    outbox.register(app, kit)
