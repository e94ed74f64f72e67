"""Slack surfaces: each subpackage registers its listeners on the Bolt app and hands work to
services, through one interaction kit (`bot.slack.kit`) shared by every surface."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, shortcuts, views
from bot.listeners.middleware import register as register_middleware
from bot.services.container import Services
from bot.slack.kit import Kit


def register(app: App, services: Services) -> None:
    """Attach every listener of the bot to the app."""
    kit = Kit(services)
    register_middleware(app, services)
    commands.register(app, kit)
    events.register(app, kit)
    actions.register(app, kit)
    views.register(app, kit)
    shortcuts.register(app, kit)
