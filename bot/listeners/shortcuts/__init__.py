"""Shortcuts listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.shortcuts import burdens
from bot.slack.kit import Kit


def register(app: App, kit: Kit) -> None:
    """Attach this surface's listeners."""
    burdens.register(app, kit)
