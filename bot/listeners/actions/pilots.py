"""The `Log values` button (in check-ins and pilot announcements).

Check-ins themselves are sent by `serve`'s background jobs (bot.jobs), each workspace with its
own token."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.blocks.corrections import UNDO_LAST_VALUE, removed_answer
from bot.blocks.pilots import OPEN_LOG_MODAL, log_modal
from bot.clock import today
from bot.slack.kit import Interaction, Kit


def ack_click(ack: Ack) -> None:
    """A click needs only a 200; the form opens right after."""
    ack()


def open_log_form(ix: Interaction) -> None:
    """Open the log form for the pilot on the button, for members of its group only."""
    pilots = ix.services.pilots
    pilot = pilots.pilot(ix.team_id, f"P-{ix.action_value}")
    pilots.ensure_active(pilot)
    group = pilots.group_of(pilot)
    ix.require_member(group.channel_id, f"log values for {pilot.short_id}")
    ix.open_form(log_modal(pilot, pilots.measures(pilot), today(), ix.user_id))


def undo_last_value(ix: Interaction) -> None:
    """The Undo button under a log answer: remove the clicker's own last value, on record."""
    removed = ix.services.corrections.undo_last(ix.team_id, ix.user_id, f"P-{ix.action_value}")
    ix.answer(*removed_answer(removed))


def register(app: App, kit: Kit) -> None:
    """Listen to the log button."""
    app.action(OPEN_LOG_MODAL)(ack=ack_click, lazy=[kit.lazy(open_log_form)])
    app.action(UNDO_LAST_VALUE)(ack=ack_click, lazy=[kit.lazy(undo_last_value)])
