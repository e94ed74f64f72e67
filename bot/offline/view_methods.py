"""Web API methods for modals and the App Home: views.open, update, push and publish."""

from __future__ import annotations

import secrets
import time
from typing import Any

from bot.offline.block_limits import validate_view
from bot.offline.workspace import SlackError, Workspace

MODAL_STACK_MAX = 3


def open_view(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.open: a modal, opened with a fresh trigger_id."""
    view = _checked_view(args.get("view"), "modal")
    ws.use_trigger(args.get("trigger_id"))
    return {"view": _store(ws, view, root_view_id=None, previous_view_id=None)}


def push_view(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.push: a modal on top of the one the trigger came from; at most three deep."""
    view = _checked_view(args.get("view"), "modal")
    trigger = ws.use_trigger(args.get("trigger_id"))
    below = ws.views.get(trigger.view_id or "")
    if below is None:
        # Slack only allows pushing from an interaction inside an open modal.
        raise SlackError("invalid_trigger_id", ["views.push needs a trigger from a modal"])
    root_id = below["root_view_id"]
    depth = sum(1 for v in ws.views.values() if v.get("root_view_id") == root_id)
    if depth >= MODAL_STACK_MAX:
        raise SlackError("push_limit_reached")
    return {"view": _store(ws, view, root_view_id=root_id, previous_view_id=below["id"])}


def update_view(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.update: replace a view by id or external_id; a stale hash is a conflict."""
    current = ws.view_by_id(args.get("view_id"), args.get("external_id"))
    view = _checked_view(args.get("view"), current["type"])
    if args.get("hash") and args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    updated = _complete(
        ws, view, current["id"], current["root_view_id"], current.get("previous_view_id")
    )
    updated["user_id"] = current.get("user_id")
    ws.views[current["id"]] = updated
    if updated["type"] == "home" and updated["user_id"]:
        ws.home_views[updated["user_id"]] = updated
    return {"view": _public(updated)}


def publish_view(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.publish: set a person's App Home tab."""
    user = ws.user(args.get("user_id"))
    view = _checked_view(args.get("view"), "home")
    previous = ws.home_views.get(user.id)
    if previous and args.get("hash") and args["hash"] != previous["hash"]:
        raise SlackError("hash_conflict")
    view_id = previous["id"] if previous else ws.next_id("V")
    published = _complete(ws, view, view_id, view_id, None)
    published["user_id"] = user.id
    ws.views[view_id] = published
    ws.home_views[user.id] = published
    return {"view": _public(published)}


def _checked_view(view: Any, expected_type: str) -> dict[str, Any]:
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", ["view must be a JSON object"])
    if view.get("type") != expected_type:
        raise SlackError("invalid_arguments", [f'view type must be "{expected_type}"'])
    problems = validate_view(view)
    if problems:
        raise SlackError("invalid_blocks", problems)
    return view


def _store(
    ws: Workspace, view: dict[str, Any], root_view_id: str | None, previous_view_id: str | None
) -> dict[str, Any]:
    view_id = ws.next_id("V")
    stored = _complete(ws, view, view_id, root_view_id or view_id, previous_view_id)
    ws.views[view_id] = stored
    return _public(stored)


def _complete(
    ws: Workspace,
    view: dict[str, Any],
    view_id: str,
    root_view_id: str,
    previous_view_id: str | None,
) -> dict[str, Any]:
    """The view as Slack echoes it back: ids, empty state, hash and defaults filled in."""
    completed = {
        "callback_id": "",
        "private_metadata": "",
        "external_id": "",
        "clear_on_close": False,
        "notify_on_close": False,
        "submit_disabled": False,
        **view,
        "id": view_id,
        "team_id": ws.team_id,
        "app_id": ws.app_id,
        "bot_id": ws.bot_id,
        "app_installed_team_id": ws.team_id,
        "root_view_id": root_view_id,
        "previous_view_id": previous_view_id,
        "state": {"values": {}},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
    }
    return completed


def _public(view: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in view.items() if k != "user_id"}


VIEW_METHODS = {
    "views.open": open_view,
    "views.push": push_view,
    "views.update": update_view,
    "views.publish": publish_view,
}
