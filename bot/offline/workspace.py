"""The state of the offline Slack workspace: people, channels, messages, views and files."""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import Any


def flag(value: Any) -> bool:
    """Read a boolean argument sent as JSON true or as form text "true"/"1"."""
    return value is True or str(value).lower() in ("true", "1")


class SlackError(Exception):
    """A Web API error answer, such as channel_not_found; `problems` explain a refusal."""

    def __init__(self, error: str, problems: list[str] | None = None, status: int = 200):
        super().__init__(error)
        self.error = error
        self.problems = problems or []
        self.status = status


@dataclass
class SlackUser:
    """A person in the workspace."""

    id: str
    name: str
    real_name: str
    is_admin: bool = False
    tz: str = "America/New_York"
    display_name: str | None = None  # None: the handle; "": none set (Slack shows real_name)


@dataclass
class SlackChannel:
    """A channel, private group or direct message, with its members."""

    id: str
    name: str
    members: list[str]
    is_im: bool = False
    is_mpim: bool = False


@dataclass
class StoredMessage:
    """A message the bot posted and may still update, delete or react to."""

    channel: str
    ts: str
    args: dict[str, Any]
    reactions: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class UploadedFile:
    """A file the bot uploaded through the external upload flow."""

    file_id: str
    filename: str
    length: int
    title: str | None = None
    alt_txt: str | None = None  # what a screen reader says of the file (images)
    content: bytes | None = None
    channel_id: str | None = None
    initial_comment: str | None = None
    thread_ts: str | None = None
    completed: bool = False

    @property
    def size(self) -> int:
        """Bytes actually uploaded (0 before the upload step)."""
        return len(self.content or b"")


@dataclass
class ResponseUrl:
    """A response URL handed to the bot with a command or interaction."""

    channel: str | None
    message_ts: str | None
    uses: int = 0


@dataclass
class Trigger:
    """A trigger_id: valid once, for a few seconds, optionally tied to an open view."""

    issued_at: float
    view_id: str | None = None
    used: bool = False


class Workspace:
    """Everything the fake Web API knows; callers hold the API's lock while using it."""

    def __init__(self, team_id: str, bot_token: str, bot_user_id: str) -> None:
        self.team_id = team_id
        self.team_name = "Unburden Test"
        self.team_domain = "unburden-test"
        self.bot_token = bot_token
        self.bot_user_id = bot_user_id
        self.bot_id = "B0001"
        self.app_id = "A0001"
        self.base_url = ""
        self.trigger_ttl = 3.0
        self.users: dict[str, SlackUser] = {}
        self.channels: dict[str, SlackChannel] = {}
        self.messages: dict[tuple[str, str], StoredMessage] = {}
        self.scheduled: dict[str, dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.triggers: dict[str, Trigger] = {}
        self._last_ts_micros = 0
        self._serial = itertools.count(1)

    def next_ts(self) -> str:
        """A message timestamp like Slack's: seconds.micros, unique and increasing."""
        now = int(time.time() * 1_000_000)
        self._last_ts_micros = max(now, self._last_ts_micros + 100)
        seconds, micros = divmod(self._last_ts_micros, 1_000_000)
        return f"{seconds}.{micros:06d}"

    def next_id(self, prefix: str) -> str:
        """A fresh object id such as V00000007 or F00000003."""
        return f"{prefix}{next(self._serial):08d}"

    def new_trigger_id(self, view_id: str | None = None) -> str:
        """Issue a trigger_id as Slack does with each command or interaction."""
        trigger_id = f"{next(self._serial)}.{self.team_id[1:]}.{secrets.token_hex(8)}"
        self.triggers[trigger_id] = Trigger(issued_at=time.monotonic(), view_id=view_id)
        return trigger_id

    def use_trigger(self, trigger_id: Any) -> Trigger:
        """Exchange a trigger_id once, within its lifetime, or raise Slack's error."""
        if not trigger_id:
            raise SlackError("invalid_arguments", ["trigger_id is required"])
        trigger = self.triggers.get(str(trigger_id))
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if time.monotonic() - trigger.issued_at > self.trigger_ttl:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    def channel(self, channel_id: Any) -> SlackChannel:
        """The channel with this id; a user id means the bot's DM with that person."""
        if isinstance(channel_id, str) and channel_id in self.channels:
            return self.channels[channel_id]
        if isinstance(channel_id, str) and channel_id in self.users:
            return self.channels[self.open_dm(channel_id)]
        raise SlackError("channel_not_found")

    def user(self, user_id: Any) -> SlackUser:
        """The user with this id, or Slack's user_not_found."""
        if isinstance(user_id, str) and user_id in self.users:
            return self.users[user_id]
        raise SlackError("user_not_found")

    def open_dm(self, user_id: str) -> str:
        """The DM channel between the bot and one person, the same id every time."""
        channel_id = "D" + user_id.lstrip("UW")
        if channel_id not in self.channels:
            self.channels[channel_id] = SlackChannel(
                channel_id, user_id, [user_id, self.bot_user_id], is_im=True
            )
        return channel_id

    def message(self, channel_id: Any, ts: Any) -> StoredMessage:
        """A stored message, or Slack's message_not_found."""
        channel = self.channel(channel_id)
        found = self.messages.get((channel.id, str(ts)))
        if found is None:
            raise SlackError("message_not_found")
        return found

    def view_by_id(self, view_id: Any = None, external_id: Any = None) -> dict[str, Any]:
        """A view opened or published earlier, by id or external_id."""
        for view in self.views.values():
            if (view_id and view["id"] == view_id) or (
                external_id and view.get("external_id") == external_id
            ):
                return view
        raise SlackError("not_found")

    def bot_message(self, ts: str, args: dict[str, Any]) -> dict[str, Any]:
        """The message object Slack returns for something the bot posted."""
        message = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": ts,
            "text": args.get("text") or "",
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if args.get(key) is not None:
                message[key] = args[key]
        return message
