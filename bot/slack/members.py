"""Who is in a channel, asked of Slack once and cached for a minute: one check for every surface;
and what people are called, for mentions Slack sent without a name.

A member found in the cache is answered at once; a miss is asked again (after a short pause), so
someone who has just joined is not refused for a minute."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

TTL_SECONDS = 60.0
NAME_TTL_SECONDS = 3600.0
# After users.info failed for someone, their id is shown for this long before asking again.
NAME_RETRY_SECONDS = 60.0
RECHECK_MISS_AFTER_SECONDS = 2.0
PAGE_SIZE = 200


class ChannelMembers:
    """Cached `conversations.members` answers, keyed by workspace and channel."""

    def __init__(self, ttl: float = TTL_SECONDS) -> None:
        self._ttl = ttl
        self._cache: dict[tuple[str, str], tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def of(self, client: WebClient, team_id: str, channel_id: str) -> frozenset[str] | None:
        """Everyone in the channel (all pages), or None when Slack will not say."""
        key = (team_id, channel_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < self._ttl:
            return cached[1]
        return self._fetch(client, key)

    def contains(
        self, client: WebClient, team_id: str, channel_id: str, user_id: str
    ) -> bool | None:
        """Whether the user is in the channel; None when Slack will not say."""
        members = self.of(client, team_id, channel_id)
        if members is None or user_id in members:
            return None if members is None else True
        with self._lock:
            fetched_at = self._cache.get((team_id, channel_id), (0.0, frozenset()))[0]
        if time.monotonic() - fetched_at < RECHECK_MISS_AFTER_SECONDS:
            return False
        members = self._fetch(client, (team_id, channel_id))
        return None if members is None else user_id in members

    def forget(self, team_id: str, channel_id: str) -> None:
        """Drop the cached answer (after a member_joined/left event)."""
        with self._lock:
            self._cache.pop((team_id, channel_id), None)

    def _fetch(self, client: WebClient, key: tuple[str, str]) -> frozenset[str] | None:
        members: set[str] = set()
        cursor: str | None = None
        try:
            while True:
                page = client.conversations_members(channel=key[1], cursor=cursor, limit=PAGE_SIZE)
                members.update(page.get("members", []))
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning(
                "conversations.members failed in %s: %s", key[1], error.response.get("error")
            )
            return None
        found = frozenset(members)
        with self._lock:
            self._cache[key] = (time.monotonic(), found)
        return found


class UserNames:
    """Cached `users.info` display names, keyed by workspace and user; None when Slack will
    not say (the caller shows the id instead)."""

    def __init__(self, ttl: float = NAME_TTL_SECONDS) -> None:
        self._ttl = ttl
        self._cache: dict[tuple[str, str], tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def name(self, client: WebClient, team_id: str, user_id: str) -> str | None:
        """The name Slack shows for the user (display name, else handle), or None."""
        key = (team_id, user_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            fetched_at, found = cached
            ttl = self._ttl if found is not None else NAME_RETRY_SECONDS
            if time.monotonic() - fetched_at < ttl:
                return found
        found = self._fetch(client, user_id)
        with self._lock:
            self._cache[key] = (time.monotonic(), found)
        return found

    def _fetch(self, client: WebClient, user_id: str) -> str | None:
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError as error:
            log.warning("users.info failed for a mention: %s", error.response.get("error"))
            return None
        profile = user.get("profile") or {}
        return str(profile.get("display_name") or user.get("name") or "") or None
