"""Shortcuts listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.shortcuts import burdens
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Attach this surface's listeners."""
    burdens.register(app, services)
