"""Views listeners."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.listeners.views import gate, ideas, meeting, missed, pilots, pulse
from bot.slack.kit import Kit


def register(app: App, kit: Kit) -> None:
    """Attach this surface's listeners."""
    ideas.register(app, kit)
    meeting.register(app, kit)
    pilots.register(app, kit)
    pulse.register(app, kit.services)
    gate.register(app, kit)
    missed.register(app, kit)
    # A closed form stored nothing; a 200 keeps Slack from logging a failed delivery.
    app.view_closed(ANY_CALLBACK)(ack_closed)


ANY_CALLBACK = re.compile(".*")


def ack_closed(ack: Ack) -> None:
    """Nothing to do when a member closes a form: it stored nothing."""
    ack()
