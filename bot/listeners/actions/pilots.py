"""The `Log values` button (in check-ins and pilot announcements), and the pilot form's
"Add another measure", "Add my own measure" and "Remove" buttons.

Check-ins themselves are sent by `serve`'s background jobs (bot.jobs), each workspace with its
own token."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.blocks.corrections import UNDO_LAST_VALUE, removed_answer
from bot.blocks.pilot_form import (
    ADD_CUSTOM_MEASURE,
    ADD_MEASURE,
    REMOVE_MEASURE,
    MeasureLayout,
    pilot_modal,
)
from bot.blocks.pilots import OPEN_LOG_MODAL, log_modal
from bot.clock import today
from bot.slack.kit import Interaction, Kit

log = logging.getLogger(__name__)
FORM_CHANGED = (
    "Your pilot form changed while I was changing its measures, so I left it as it is. "
    "If the measure you wanted is not there, press the button again."
)


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


def change_measures(ix: Interaction) -> None:
    """Rebuild the open pilot form with one measure more or less, keeping what was typed.

    The view's hash makes Slack refuse the update when the form changed since the click (a
    second tap, the drafted hypothesis arriving): the member is told, and the form left as is."""
    meta = ix.metadata()
    action = str((ix.body.get("actions") or [{}])[0].get("action_id") or "")
    layout = MeasureLayout.of(meta)
    if action == ADD_MEASURE:
        layout = layout.add()
    elif action == ADD_CUSTOM_MEASURE:
        layout = layout.with_custom()
    else:
        layout = layout.remove(ix.action_value)
    form = ix.services.pilots.form(ix.team_id, f"E-{meta.get('experiment')}")
    typed = (ix.view.get("state") or {}).get("values") or {}
    view = pilot_modal(
        form,
        str(meta.get("channel") or form.group.channel_id),
        ix.user_id,
        suggested=[str(s) for s in meta.get("suggested") or []],
        rates=ix.services.portfolio.rates,
        layout=layout,
        typed=typed,
    )
    try:
        ix.client.views_update(view_id=ix.view.get("id"), hash=ix.view.get("hash"), view=view)
    except SlackApiError as error:
        reason = error.response.get("error")
        if reason == "hash_conflict":
            ix.answer(FORM_CHANGED)
        elif reason != "not_found":  # not_found: the form was closed or submitted meanwhile
            raise
        log.info("pilot form measures left as they were: %s", reason)


def register(app: App, kit: Kit) -> None:
    """Listen to the log button and the pilot form's measure buttons."""
    for action_id in (ADD_MEASURE, ADD_CUSTOM_MEASURE, REMOVE_MEASURE):
        app.action(action_id)(ack=ack_click, lazy=[kit.lazy(change_measures, action_id)])
    app.action(OPEN_LOG_MODAL)(ack=ack_click, lazy=[kit.lazy(open_log_form)])
    app.action(UNDO_LAST_VALUE)(ack=ack_click, lazy=[kit.lazy(undo_last_value)])
