"""The request payloads Slack sends to an app: slash commands, events and interactions.

Shapes follow Slack's reference for slash commands, event_callback envelopes,
block_actions, view_submission, message_action and block_suggestion payloads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

VERIFICATION_TOKEN = "offline-verification-token"


@dataclass(frozen=True)
class Origin:
    """Who and where an interaction comes from, as Slack names them in payloads."""

    team_id: str
    team_domain: str
    api_app_id: str
    user_id: str
    user_name: str
    channel_id: str | None = None
    channel_name: str | None = None

    def user(self) -> dict[str, str]:
        """The `user` object of interaction payloads."""
        return {
            "id": self.user_id,
            "username": self.user_name,
            "name": self.user_name,
            "team_id": self.team_id,
        }

    def team(self) -> dict[str, str]:
        """The `team` object of interaction payloads."""
        return {"id": self.team_id, "domain": self.team_domain}

    def channel(self) -> dict[str, str] | None:
        """The `channel` object of interaction payloads, when there is a channel."""
        if self.channel_id is None:
            return None
        return {"id": self.channel_id, "name": self.channel_name or self.channel_id}


def slash_command_form(
    origin: Origin, command: str, text: str, response_url: str, trigger_id: str
) -> dict[str, str]:
    """The form fields Slack POSTs for a slash command."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": origin.team_id,
        "team_domain": origin.team_domain,
        "channel_id": origin.channel_id or "",
        "channel_name": origin.channel_name or "",
        "user_id": origin.user_id,
        "user_name": origin.user_name,
        "command": command,
        "text": text,
        "api_app_id": origin.api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def event_envelope(
    origin: Origin, bot_user_id: str, event: dict[str, Any], event_id: str
) -> dict[str, Any]:
    """An Events API event_callback envelope around one event."""
    now = time.time()
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": origin.team_id,
        "api_app_id": origin.api_app_id,
        "event": {"event_ts": f"{now:.6f}", **event},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(now),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": origin.team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event_id}",
    }


def block_actions_payload(
    origin: Origin,
    action: dict[str, Any],
    trigger_id: str,
    response_url: str | None,
    message: dict[str, Any] | None,
    view: dict[str, Any] | None,
) -> dict[str, Any]:
    """A block_actions payload for one action in a message or in a view."""
    payload = _interaction("block_actions", origin, trigger_id)
    payload["actions"] = [{"action_ts": f"{time.time():.6f}", **action}]
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id")}
        payload["view"] = view
        payload["state"] = view.get("state", {"values": {}})
        return payload
    message = message or {}
    payload["container"] = {
        "type": "message",
        "message_ts": message.get("ts"),
        "channel_id": origin.channel_id,
        "is_ephemeral": False,
    }
    payload["channel"] = origin.channel()
    payload["message"] = message
    payload["state"] = {"values": {}}
    payload["response_url"] = response_url
    return payload


def view_submission_payload(
    origin: Origin, view: dict[str, Any], trigger_id: str
) -> dict[str, Any]:
    """A view_submission payload for a modal whose state holds the submitted values."""
    payload = _interaction("view_submission", origin, trigger_id)
    payload["view"] = view
    payload["response_urls"] = []
    return payload


def message_action_payload(
    origin: Origin, callback_id: str, message: dict[str, Any], trigger_id: str, response_url: str
) -> dict[str, Any]:
    """A message_action payload: a message shortcut chosen on one message."""
    payload = _interaction("message_action", origin, trigger_id)
    payload.update(
        {
            "callback_id": callback_id,
            "action_ts": f"{time.time():.6f}",
            "channel": origin.channel(),
            "message_ts": message.get("ts"),
            "message": message,
            "response_url": response_url,
        }
    )
    return payload


def block_suggestion_payload(
    origin: Origin, action_id: str, block_id: str, value: str, view: dict[str, Any] | None
) -> dict[str, Any]:
    """A block_suggestion payload: an external select asking for options."""
    payload = _interaction("block_suggestion", origin, None)
    payload.update({"action_id": action_id, "block_id": block_id, "value": value})
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id")}
        payload["view"] = view
    else:
        payload["container"] = {"type": "message", "channel_id": origin.channel_id}
        payload["channel"] = origin.channel()
    return payload


def state_values(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Expand {block_id: {action_id: value}} into Slack's view.state.values shape.

    A plain string stands for a plain_text_input; a dict is taken as the full state entry.
    """
    expanded: dict[str, dict[str, Any]] = {}
    for block_id, actions in values.items():
        expanded[block_id] = {}
        for action_id, value in actions.items():
            if isinstance(value, dict):
                expanded[block_id][action_id] = value
            else:
                expanded[block_id][action_id] = {"type": "plain_text_input", "value": value}
    return expanded


def find_element(blocks: Any, action_id: str) -> tuple[str, dict[str, Any]] | None:
    """The block_id and element with this action_id in a list of blocks, if present."""
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            continue
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        elements += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        for element in elements:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str(block.get("block_id", "")), element
    return None


def _interaction(kind: str, origin: Origin, trigger_id: str | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": kind,
        "team": origin.team(),
        "user": origin.user(),
        "api_app_id": origin.api_app_id,
        "token": VERIFICATION_TOKEN,
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if trigger_id is not None:
        payload["trigger_id"] = trigger_id
    return payload


def as_enterprise_install(
    payload: dict[str, Any], enterprise_id: str = "E0001", enterprise_name: str = "Health System"
) -> dict[str, Any]:
    """The same interaction from an Enterprise Grid org-wide install: `team` is null, the
    enterprise is named, and only `user.team_id` (and a view's `team_id`) say the workspace."""
    changed = dict(payload)
    changed["team"] = None
    changed["enterprise"] = {"id": enterprise_id, "name": enterprise_name}
    changed["is_enterprise_install"] = True
    user = dict(changed.get("user") or {})
    user.setdefault("team_id", (payload.get("team") or {}).get("id"))
    changed["user"] = user
    return changed


def enterprise_command_form(
    form: dict[str, str], enterprise_id: str = "E0001", enterprise_name: str = "Health System"
) -> dict[str, str]:
    """A slash command from an org-wide install: enterprise fields set beside the team id."""
    return {
        **form,
        "enterprise_id": enterprise_id,
        "enterprise_name": enterprise_name,
        "is_enterprise_install": "true",
    }


def as_ephemeral(payload: dict[str, Any]) -> dict[str, Any]:
    """A block_actions payload from an ephemeral message: Slack sends no `message` object, and
    the container says `is_ephemeral`."""
    changed = {k: v for k, v in payload.items() if k != "message"}
    changed["container"] = {**(payload.get("container") or {}), "is_ephemeral": True}
    return changed


def view_closed_payload(
    origin: Origin, view: dict[str, Any], is_cleared: bool = False
) -> dict[str, Any]:
    """A view_closed payload: the member closed a modal opened with notify_on_close."""
    payload = _interaction("view_closed", origin, None)
    payload["view"] = view
    payload["is_cleared"] = is_cleared
    return payload
