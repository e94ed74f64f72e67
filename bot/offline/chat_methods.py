"""Web API methods that post and change messages: chat.*, reactions.add, response URLs."""

from __future__ import annotations

import time
from typing import Any

from bot.offline.block_limits import MESSAGE_TEXT_MAX, validate_message
from bot.offline.workspace import SlackError, StoredMessage, Workspace, flag

SCHEDULE_HORIZON_SECONDS = 120 * 24 * 3600
MESSAGE_FIELDS = ("text", "blocks", "attachments", "thread_ts", "metadata")


def check_message_content(args: dict[str, Any], allow_empty: bool = False) -> None:
    """Refuse a message as Slack would: nothing to show, text too long, or invalid blocks."""
    if not allow_empty and not (args.get("text") or args.get("blocks") or args.get("attachments")):
        raise SlackError("no_text", ["a message needs text, blocks or attachments"])
    text = args.get("text")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT_MAX:
        raise SlackError("msg_too_long", [f"text has {len(text)} characters"])
    problems = validate_message(args)
    if problems:
        raise SlackError("invalid_blocks", problems)


def post_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.postMessage: store the message and answer with its ts."""
    channel = ws.channel(args.get("channel"))
    check_message_content(args)
    ts = ws.next_ts()
    stored = {k: args[k] for k in MESSAGE_FIELDS if k in args}
    ws.messages[(channel.id, ts)] = StoredMessage(channel.id, ts, stored)
    return {"channel": channel.id, "ts": ts, "message": ws.bot_message(ts, args)}


def post_ephemeral(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.postEphemeral: only members of the channel can be shown an ephemeral message."""
    user = ws.user(args.get("user"))
    channel = ws.channel(args.get("channel"))
    if user.id not in channel.members:
        raise SlackError("user_not_in_channel")
    check_message_content(args)
    # Ephemeral messages are not stored: Slack cannot chat.update them either.
    return {"message_ts": ws.next_ts()}


def update_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.update: replace the text and blocks of a message the bot posted."""
    message = ws.message(args.get("channel"), args.get("ts"))
    check_message_content(args)
    for key in ("text", "blocks", "attachments"):
        if key in args:
            message.args[key] = args[key]
    return {
        "channel": message.channel,
        "ts": message.ts,
        "text": message.args.get("text", ""),
        "message": ws.bot_message(message.ts, message.args),
    }


def delete_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.delete: remove a message the bot posted."""
    message = ws.message(args.get("channel"), args.get("ts"))
    del ws.messages[(message.channel, message.ts)]
    return {"channel": message.channel, "ts": message.ts}


def schedule_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.scheduleMessage: post_at must be in the future and within 120 days."""
    channel = ws.channel(args.get("channel"))
    try:
        post_at = int(float(args["post_at"]))
    except (KeyError, TypeError, ValueError) as error:
        raise SlackError("invalid_time", ["post_at must be a Unix timestamp"]) from error
    now = time.time()
    if post_at <= now:
        raise SlackError("time_in_past")
    if post_at > now + SCHEDULE_HORIZON_SECONDS:
        raise SlackError("time_too_far")
    check_message_content(args)
    scheduled_id = ws.next_id("Q")
    ws.scheduled[scheduled_id] = {
        "id": scheduled_id,
        "channel_id": channel.id,
        "post_at": post_at,
        "date_created": int(now),
        "text": args.get("text") or "",
    }
    message = ws.bot_message(ws.next_ts(), args)
    return {
        "channel": channel.id,
        "scheduled_message_id": scheduled_id,
        "post_at": post_at,
        "message": message,
    }


def delete_scheduled_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.deleteScheduledMessage: forget a message scheduled earlier in that channel."""
    channel = ws.channel(args.get("channel"))
    scheduled = ws.scheduled.get(str(args.get("scheduled_message_id")))
    if scheduled is None or scheduled["channel_id"] != channel.id:
        raise SlackError("invalid_scheduled_message_id")
    del ws.scheduled[scheduled["id"]]
    return {}


def list_scheduled_messages(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.scheduledMessages.list: the pending scheduled messages, optionally of one channel."""
    channel_id = ws.channel(args["channel"]).id if args.get("channel") else None
    pending = [
        dict(m)
        for m in ws.scheduled.values()
        if channel_id is None or m["channel_id"] == channel_id
    ]
    return {"scheduled_messages": pending, "response_metadata": {"next_cursor": ""}}


def get_permalink(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.getPermalink: a link to a message the bot posted."""
    message = ws.message(args.get("channel"), args.get("message_ts"))
    link = (
        f"https://{ws.team_domain}.slack.com/archives/{message.channel}/"
        f"p{message.ts.replace('.', '')}"
    )
    return {"channel": message.channel, "permalink": link}


def add_reaction(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """reactions.add: one reaction name per message per user (here, the bot)."""
    name = str(args.get("name") or "").strip(":")
    if not name:
        raise SlackError("invalid_name")
    message = ws.message(args.get("channel"), args.get("timestamp"))
    reactors = message.reactions.setdefault(name, [])
    if ws.bot_user_id in reactors:
        raise SlackError("already_reacted")
    reactors.append(ws.bot_user_id)
    return {}


def respond(ws: Workspace, key: str, body: dict[str, Any]) -> dict[str, Any]:
    """A POST to a response URL: at most five uses; may replace or delete the original."""
    url = ws.response_urls.get(key)
    if url is None or url.uses >= 5:
        raise SlackError("expired_url", status=404)
    url.uses += 1
    original = ws.messages.get((url.channel or "", url.message_ts or ""))
    if flag(body.get("delete_original")):
        if original is not None:
            del ws.messages[(original.channel, original.ts)]
        return {"channel": url.channel}
    try:
        check_message_content(body)
    except SlackError as error:
        error.status = 400
        raise
    if original is not None and flag(body.get("replace_original")):
        for key_ in ("text", "blocks", "attachments"):
            if key_ in body:
                original.args[key_] = body[key_]
    return {"channel": url.channel}


def history(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.history: the channel's top-level messages the bot posted, newest first."""
    channel = ws.channel(args.get("channel"))
    return {"messages": _listed(ws, channel.id, args, lambda m: not m.args.get("thread_ts"))}


def replies(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.replies: a thread's parent and replies, oldest first."""
    channel = ws.channel(args.get("channel"))
    parent = str(args.get("ts") or "")
    found = _listed(
        ws, channel.id, args, lambda m: m.ts == parent or m.args.get("thread_ts") == parent
    )
    return {"messages": list(reversed(found))}


def _listed(
    ws: Workspace, channel_id: str, args: dict[str, Any], keep: Any
) -> list[dict[str, Any]]:
    """Stored messages of a channel newer than `oldest`, newest first, with metadata only when
    `include_all_metadata` asks for it (as Slack does)."""
    oldest = float(args.get("oldest") or 0)
    with_metadata = flag(args.get("include_all_metadata"))
    listed = []
    for (channel, ts), message in sorted(ws.messages.items(), key=lambda i: float(i[0][1])):
        if channel != channel_id or float(ts) <= oldest or not keep(message):
            continue
        item = ws.bot_message(ts, message.args)
        if not with_metadata:
            item.pop("metadata", None)
        listed.append(item)
    return list(reversed(listed))[: int(args.get("limit") or 100)]


CHAT_METHODS = {
    "conversations.history": history,
    "conversations.replies": replies,
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update_message,
    "chat.delete": delete_message,
    "chat.scheduleMessage": schedule_message,
    "chat.deleteScheduledMessage": delete_scheduled_message,
    "chat.scheduledMessages.list": list_scheduled_messages,
    "chat.getPermalink": get_permalink,
    "reactions.add": add_reaction,
}
