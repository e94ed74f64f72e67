"""A member's message in an open meeting's thread is sorted into the five questions, and the
bot answers in the thread with each idea (identifiers already replaced) and a button to record
it: a reply in the thread is the main way to propose, since Slack allows no slash command there.

The message itself stays in Slack whatever happens here: when sorting fails or finds no idea,
the bot says nothing."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.blocks.assist import sorted_ideas_blocks, sorted_ideas_text
from bot.slack.kit import Interaction, Kit
from bot.slack.text import decode

log = logging.getLogger(__name__)

# Replies that also go to the channel, and files shared with a comment, are still a person's
# replies; edits (message_changed), joins, deletions and bots are not.
_HUMAN_SUBTYPES = (None, "thread_broadcast", "file_share")


def is_human_thread_reply(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """Whether the event is a person's reply inside a thread (not the thread's first message)."""
    thread_ts = event.get("thread_ts")
    return (
        event.get("subtype") in _HUMAN_SUBTYPES
        and not event.get("bot_id")
        and isinstance(event.get("user"), str)
        and event.get("user") != bot_user_id
        and bool(thread_ts)
        and thread_ts != event.get("ts")
        and bool(decode(str(event.get("text") or "")).plain)
    )


def register(app: App, kit: Kit) -> None:
    """Sort replies in a meeting's thread, after the event's ack."""
    services = kit.services

    def in_open_meeting_thread(event: dict[str, Any], context: Any) -> bool:
        # Claim only meeting-thread replies, so other message listeners still get the rest.
        if not is_human_thread_reply(event, context.get("bot_user_id")):
            return False
        found = services.assistant.meeting_for_thread(
            context.get("team_id") or "", str(event.get("channel")), str(event["thread_ts"])
        )
        return found is not None

    def sort_in_thread(ix: Interaction) -> None:
        event = ix.body.get("event") or {}
        thread_ts = str(event["thread_ts"])
        found = services.assistant.meeting_for_thread(ix.team_id, ix.channel_id, thread_ts)
        if found is None:
            return
        _meeting, group = found
        text = ix.decode(str(event.get("text") or "")).plain
        try:
            sorted_ideas = services.assistant.sort_message(text, group.setting)
        except Exception:  # noqa: BLE001 - the message stays in Slack; a missed sort is no loss
            log.exception(
                "could not sort a thread message (team %s, channel %s)", ix.team_id, ix.channel_id
            )
            return
        if not sorted_ideas.ideas:
            return
        ix.client.chat_postMessage(
            channel=ix.channel_id,
            thread_ts=thread_ts,
            text=sorted_ideas_text(sorted_ideas),
            blocks=sorted_ideas_blocks(sorted_ideas, ix.user_id),
        )

    app.event({"type": "message"}, matchers=[in_open_meeting_thread])(
        ack=ack_at_once, lazy=[kit.lazy(sort_in_thread, "sort_in_thread")]
    )
    # Every other message the bot can see (message.channels) is acked too: an unhandled event
    # gets a 404, which Slack retries and, if frequent, answers by disabling event delivery.
    # Register any other message listener before this module's.
    app.event("message")(ack_at_once)


def ack_at_once(ack: Ack) -> None:
    """Events need only a 200; the sorting happens after it."""
    ack()
