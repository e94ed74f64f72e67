"""Web API methods about who and where: auth.test, team.info, conversations.*, users.info,
files.*."""

from __future__ import annotations

import base64
import binascii
import json
import time
from typing import Any

from bot.offline.workspace import SlackChannel, SlackError, UploadedFile, Workspace, flag

MEMBERS_PAGE_DEFAULT = 100
MEMBERS_PAGE_MAX = 1000
DM_USERS_MAX = 8


def auth_test(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """auth.test: who the bot token belongs to."""
    return {
        "url": f"https://{ws.team_domain}.slack.com/",
        "team": ws.team_name,
        "user": "unburden",
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def team_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """team.info: the workspace's name, domain and icon (another team's id: team_not_found)."""
    if args.get("team") and args["team"] != ws.team_id:
        raise SlackError("team_not_found")
    icon_url = f"https://a.slack-edge.com/{ws.team_id.lower()}/img/avatars-teams/ava_0001"
    return {
        "team": {
            "id": ws.team_id,
            "name": ws.team_name,
            "url": f"https://{ws.team_domain}.slack.com/",
            "domain": ws.team_domain,
            "email_domain": "",
            "icon": {
                **{f"image_{size}": f"{icon_url}-{size}.png" for size in (34, 44, 68, 88, 102)},
                "image_default": True,
            },
            "avatar_base_url": "https://ca.slack-edge.com/",
            "is_verified": False,
        }
    }


def conversation_members(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.members: member ids a page at a time, with Slack's opaque cursor."""
    channel = ws.channel(args.get("channel"))
    limit = _int(args.get("limit"), MEMBERS_PAGE_DEFAULT)
    limit = min(max(limit, 1), MEMBERS_PAGE_MAX)
    start = _offset_from_cursor(args.get("cursor"))
    page = channel.members[start : start + limit]
    end = start + len(page)
    next_cursor = _cursor_for(end) if end < len(channel.members) else ""
    return {"members": list(page), "response_metadata": {"next_cursor": next_cursor}}


def conversation_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.info: a channel's name and kind (num_members when asked)."""
    channel = ws.channel(args.get("channel"))
    return {"channel": describe_channel(ws, channel, flag(args.get("include_num_members")))}


def describe_channel(ws: Workspace, channel: SlackChannel, with_count: bool) -> dict[str, Any]:
    """The channel object Slack returns from conversations.info."""
    described: dict[str, Any] = {
        "id": channel.id,
        "created": 1_700_000_000,
        "is_archived": False,
        "is_im": channel.is_im,
        "is_mpim": channel.is_mpim,
        "is_channel": not (channel.is_im or channel.is_mpim),
        "is_group": False,
        "is_private": channel.is_im or channel.is_mpim,
        "is_member": ws.bot_user_id in channel.members or not channel.is_im,
        "context_team_id": ws.team_id,
    }
    if channel.is_im:
        described["user"] = channel.name
    else:
        described["name"] = channel.name
        described["name_normalized"] = channel.name
    if with_count:
        described["num_members"] = len(channel.members)
    return described


def open_conversation(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.open: a DM for one user (stable id), a group DM for several."""
    if args.get("channel"):
        return {"channel": {"id": ws.channel(args["channel"]).id}}
    users = [u.strip() for u in str(args.get("users") or "").split(",") if u.strip()]
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > DM_USERS_MAX:
        raise SlackError("too_many_users")
    for user_id in users:
        ws.user(user_id)
    if len(users) == 1:
        return {"channel": {"id": ws.open_dm(users[0])}}
    members = sorted(set(users) | {ws.bot_user_id})
    for channel in ws.channels.values():
        if channel.is_mpim and sorted(channel.members) == members:
            return {"channel": {"id": channel.id}}
    channel_id = ws.next_id("G")
    ws.channels[channel_id] = SlackChannel(
        channel_id, "mpdm-" + "--".join(users), members, is_mpim=True
    )
    return {"channel": {"id": channel_id}}


def user_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """users.info: a person's names, admin flag and time zone. As in Slack, the profile's
    display_name is empty when the person set none (their real name shows instead)."""
    user = ws.user(args.get("user"))
    display = user.name if user.display_name is None else user.display_name
    return {
        "user": {
            "id": user.id,
            "team_id": ws.team_id,
            "name": user.name,
            "real_name": user.real_name,
            "deleted": False,
            "is_bot": False,
            "is_admin": user.is_admin,
            "is_owner": False,
            "is_restricted": False,
            "tz": user.tz,
            "profile": {
                "real_name": user.real_name,
                "real_name_normalized": user.real_name,
                "display_name": display,
                "display_name_normalized": display,
                "team": ws.team_id,
            },
        }
    }


def get_upload_url(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """files.getUploadURLExternal: a one-file upload URL on this server."""
    filename = args.get("filename")
    length = _int(args.get("length"), -1)
    if not filename or length < 0:
        raise SlackError("invalid_arguments", ["filename and length are required"])
    file_id = ws.next_id("F")
    ws.files[file_id] = UploadedFile(
        file_id=file_id, filename=str(filename), length=length, alt_txt=args.get("alt_txt")
    )
    return {"upload_url": f"{ws.base_url}upload/{file_id}", "file_id": file_id}


def complete_upload(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """files.completeUploadExternal: share uploaded files, with an optional comment."""
    entries = args.get("files")
    if isinstance(entries, str):
        entries = json.loads(entries)
    if not isinstance(entries, list) or not entries:
        raise SlackError("invalid_arguments", ["files must be a JSON array of {id, title}"])
    channel_id = ws.channel(args["channel_id"]).id if args.get("channel_id") else None
    shared = []
    for entry in entries:
        uploaded = ws.files.get(str(entry.get("id")))
        if uploaded is None or uploaded.content is None:
            raise SlackError("file_not_found", [f"{entry.get('id')} was not uploaded"])
        uploaded.title = entry.get("title") or uploaded.filename
        uploaded.channel_id = channel_id
        uploaded.initial_comment = args.get("initial_comment")
        uploaded.thread_ts = args.get("thread_ts")
        uploaded.completed = True
        shared.append(
            {
                "id": uploaded.file_id,
                "name": uploaded.filename,
                "title": uploaded.title,
                "size": uploaded.size,
                "created": int(time.time()),
                "user": ws.bot_user_id,
                "channels": [channel_id] if channel_id else [],
            }
        )
    return {"files": shared}


def _offset_from_cursor(cursor: Any) -> int:
    if not cursor:
        return 0
    try:
        kind, _, offset = base64.b64decode(str(cursor)).decode().partition(":")
        if kind == "offset" and offset.isdigit():
            return int(offset)
    except (binascii.Error, UnicodeDecodeError):
        pass
    raise SlackError("invalid_cursor")


def _cursor_for(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


DIRECTORY_METHODS = {
    "auth.test": auth_test,
    "team.info": team_info,
    "conversations.members": conversation_members,
    "conversations.info": conversation_info,
    "conversations.open": open_conversation,
    "users.info": user_info,
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}
