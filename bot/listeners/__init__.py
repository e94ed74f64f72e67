"""Slack surfaces: each subpackage registers its listeners on the Bolt app and hands work to services."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, shortcuts, views
from bot.listeners.middleware import register as register_middleware
from bot.services.container import Services


def register(app: App, services: Services) -> None:
    """Attach every listener of the bot to the app."""
    register_middleware(app, services)
    commands.register(app, services)
    events.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    shortcuts.register(app, services)
