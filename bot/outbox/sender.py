"""Posts what the outbox holds: in order, threads after their parent, each message once.

Each call goes through a WebClient with slack_sdk's retry handlers (429 after Retry-After, 5xx,
resets). A message that still fails is tried again later with a growing delay; the facilitator
is told once, in one line with a Post again button. Every post carries its outbox id in Slack's
message metadata, so a message whose earlier attempt may have reached Slack (the process died,
or the answer was lost) is looked up in the channel before it is posted again."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.outbox import failed_post_blocks, failed_post_text
from bot.clock import utcnow
from bot.outbox.messages import CONTENT_REFUSALS, Delivery, OutboxStatus, Outcome
from bot.outbox.store import OutboxStore, QueuedMessage

log = logging.getLogger(__name__)

METADATA_TYPE = "unburden_outbox"
# Slack refused the content or the place: posting the same again cannot help.
REFUSED = CONTENT_REFUSALS | frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "restricted_action",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "not_installed",
    }
)
# After the client's own retries, try again after these delays, then wait for Post again.
RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=2),
)

# How long a message waits for the one before it, posted by another thread at that moment.
WAIT_FOR_TURN_SECONDS = 10.0

ClientFor = Callable[[str], WebClient]


class OutboxSender:
    """Delivers outbox messages with the right workspace's client."""

    def __init__(
        self, store: OutboxStore, client_for: ClientFor, instance: str | None = None
    ) -> None:
        self._store = store
        self._client_for = client_for
        # Unique per process, so a claim says which replica holds a message.
        self.instance = instance or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"

    def deliver(self, team_id: str, message_ids: Iterable[int], force: bool = True) -> Delivery:
        """Post these messages now, in order (right after the change, or on Post again)."""
        ids = tuple(message_ids)
        outcomes: list[Outcome] = []
        remaining = set(ids)
        deadline = time.monotonic() + WAIT_FOR_TURN_SECONDS
        while remaining:
            claimed = self._store.claim(sorted(remaining), utcnow(), self.instance, force=force)
            if not claimed:
                # The background sweep may have posted some already (say, while an idea's
                # look-alikes were searched): those are done, not waiting.
                for message_id in sorted(remaining):
                    if self._store.status(message_id) is OutboxStatus.POSTED:
                        ts = self._store.posted_ts(message_id)
                        outcomes.append(Outcome(message_id=message_id, kind="", posted=True, ts=ts))
                        remaining.discard(message_id)
                if not remaining:
                    break
                # The message before is being posted right now (another click): wait for it;
                # one that failed holds the rest back until it is posted again.
                if self._store.stuck(remaining) or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
                continue
            for message in claimed:
                outcome = self._post(message)
                outcomes.append(outcome)
                remaining.discard(message.id)
            if any(not o.posted for o in outcomes):
                break  # what follows a failed message waits for it
        return Delivery(team_id=team_id, message_ids=ids, outcomes=tuple(outcomes))

    def sweep(self, now: datetime | None = None) -> int:
        """Post every due message whose turn has come (the background job); returns how many.

        Each message gets one attempt per sweep; a parent posted in one pass lets its replies
        go in the next."""
        posted = 0
        tried: set[int] = set()
        for _ in range(20):
            claimed = self._store.claim(None, now or utcnow(), self.instance, exclude=tried)
            if not claimed:
                break
            for message in claimed:
                tried.add(message.id)
                outcome = self._post(message)
                posted += outcome.posted
                if not outcome.posted and not message.notified:
                    self.notify(message, outcome)
        return posted

    def notify(self, queued: QueuedMessage, outcome: Outcome) -> None:
        """Tell the person behind the message in one line, with Post again (best effort)."""
        if queued.notify_user_id is None:
            return
        retrying = not outcome.refused
        try:
            self._client_for(queued.team_id).chat_postEphemeral(
                channel=queued.channel_id,
                user=queued.notify_user_id,
                text=failed_post_text(queued.kind, outcome.error, retrying),
                blocks=failed_post_blocks(queued.kind, outcome.error, retrying, queued.id),
            )
            self._store.mark_notified([queued.id])
        except Exception as error:  # noqa: BLE001 - the message itself stays in the outbox
            log.warning("could not tell anyone about outbox message %s: %s", queued.id, error)

    def _post(self, message: QueuedMessage) -> Outcome:
        """One attempt at one claimed message; the claim is settled either way."""
        try:
            client = self._client_for(message.team_id)
        except Exception as error:  # noqa: BLE001 - no token for the workspace (uninstalled)
            log.warning("outbox message %s: no client (%s)", message.id, type(error).__name__)
            return self._failed(message, "not_installed", uncertain=message.uncertain)
        try:
            ts = self._already_posted(client, message) if message.uncertain else None
        except Exception as error:  # noqa: BLE001 - unsure whether it posted: never post blind
            log.warning("outbox message %s: channel not readable (%s)", message.id, error)
            return self._failed(message, "lookup_failed", uncertain=True)
        try:
            if ts is None:
                response = client.chat_postMessage(
                    channel=message.channel_id,
                    thread_ts=message.thread_ts,
                    text=message.text,
                    blocks=message.blocks or None,
                    metadata={"event_type": METADATA_TYPE, "event_payload": {"id": message.id}},
                )
                ts = str(response["ts"])
        except SlackApiError as error:
            code = str(error.response.get("error") or f"http_{error.response.status_code}")
            return self._failed(message, code, uncertain=False)
        except Exception as error:  # noqa: BLE001 - a lost answer may still have posted
            log.warning("outbox message %s: %s", message.id, type(error).__name__)
            return self._failed(message, "no_answer", uncertain=True)
        self._store.mark_posted(message, self.instance, ts, utcnow())
        return Outcome(message_id=message.id, kind=message.kind, posted=True, ts=ts)

    def _failed(self, message: QueuedMessage, code: str, uncertain: bool) -> Outcome:
        refused = code in REFUSED
        attempt = message.attempts
        retry_at = None
        if not refused and attempt < len(RETRY_DELAYS):
            retry_at = utcnow() + RETRY_DELAYS[attempt]
        log.warning(
            "outbox message %s (%s, team %s) not posted: %s; %s",
            message.id,
            message.kind,
            message.team_id,
            code,
            "will retry" if retry_at else "waiting for Post again",
        )
        self._store.mark_failed(message, self.instance, code, retry_at, uncertain=uncertain)
        return Outcome(
            message_id=message.id, kind=message.kind, posted=False, error=code, refused=refused
        )

    def _already_posted(self, client: WebClient, message: QueuedMessage) -> str | None:
        """The ts of this message if an earlier attempt did reach the channel."""
        oldest = f"{message.created_at.timestamp() - 1:.6f}"
        if message.thread_ts:
            found = client.conversations_replies(
                channel=message.channel_id,
                ts=message.thread_ts,
                oldest=oldest,
                include_all_metadata=True,
                limit=200,
            )
        else:
            found = client.conversations_history(
                channel=message.channel_id, oldest=oldest, include_all_metadata=True, limit=200
            )
        for item in found.get("messages") or []:
            if _outbox_id(item) == message.id:
                return str(item["ts"])
        return None


def _outbox_id(item: dict[str, Any]) -> int | None:
    metadata = item.get("metadata") or {}
    if metadata.get("event_type") != METADATA_TYPE:
        return None
    value = (metadata.get("event_payload") or {}).get("id")
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None
