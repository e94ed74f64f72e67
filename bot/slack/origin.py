"""Who and where a request comes from, read the same way for every surface.

Bolt's context already reads the workspace from `team.id`, `team_id`, `user.team_id` and
`view.app_installed_team_id`; Enterprise Grid org-wide installs send `team: null` on some
interactions, so the user's `team_id`, the view's and finally the enterprise id are tried too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Origin:
    """The workspace, person and channel of one request (empty strings when absent)."""

    team_id: str
    user_id: str
    channel_id: str
    channel_name: str = ""
    enterprise_id: str = ""

    @property
    def is_direct_message(self) -> bool:
        """A 1:1 DM (the bot's own included) or a group DM: never a working group's channel."""
        return (
            self.channel_id.startswith("D")
            or self.channel_name == "directmessage"
            or self.channel_name.startswith("mpdm-")
        )


def read_origin(body: dict[str, Any], context: Any = None) -> Origin:
    """The origin of a command, event or interaction body, with Bolt's context first."""
    context = context or {}
    return Origin(
        team_id=_first(context.get("team_id"), *_team_candidates(body)),
        user_id=_first(context.get("user_id"), *_user_candidates(body)),
        channel_id=_first(context.get("channel_id"), *_channel_candidates(body)),
        channel_name=_first(body.get("channel_name"), _get(body, "channel", "name")),
        enterprise_id=_first(
            context.get("enterprise_id"),
            body.get("enterprise_id"),
            _get(body, "enterprise", "id"),
            _get(body, "team", "enterprise_id"),
        ),
    )


def _team_candidates(body: dict[str, Any]) -> list[Any]:
    authorizations = body.get("authorizations") or [{}]
    return [
        _get(body, "view", "app_installed_team_id"),
        _get(body, "team", "id"),
        body.get("team_id"),
        authorizations[0].get("team_id") if isinstance(authorizations[0], dict) else None,
        _get(body, "event", "team"),
        _get(body, "user", "team_id"),
        _get(body, "view", "team_id"),
        body.get("enterprise_id"),
        _get(body, "enterprise", "id"),
    ]


def _user_candidates(body: dict[str, Any]) -> list[Any]:
    return [_get(body, "user", "id"), body.get("user_id"), _get(body, "event", "user")]


def _channel_candidates(body: dict[str, Any]) -> list[Any]:
    return [
        _get(body, "channel", "id"),
        body.get("channel_id"),
        _get(body, "container", "channel_id"),
        _get(body, "event", "channel"),
    ]


def _get(body: dict[str, Any], outer: str, inner: str) -> Any:
    value = body.get(outer)
    return value.get(inner) if isinstance(value, dict) else None


def _first(*values: Any) -> str:
    for value in values:
        if isinstance(value, str) and value:
            return value
    return ""
