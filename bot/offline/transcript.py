"""Render what the bot said to the Slack stand-in as a readable conversation, for the demo."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.offline.call_log import ApiCall

SPOKEN = {
    "chat.postMessage",
    "chat.postEphemeral",
    "response_url",
    "views.open",
    "views.publish",
    "chat.update",
    "chat.scheduleMessage",
}


# Slack's escapes for mentions: <@U123>, <@U123|handle>, <#C123>, <#C123|name>, <!here>.
_MENTION = re.compile(r"<([@#!])([^|>\s]+)(?:\|([^>]*))?>")
_SPECIAL = ("here", "channel", "everyone")


def render_mentions(
    text: str,
    user_name: Callable[[str], str | None],
    channel_name: Callable[[str], str | None],
) -> str:
    """The text as Slack shows it: user mentions as @name, channel mentions as #name,
    `<!here>` as @here; an id nobody knows keeps the label Slack was given, else the id."""

    def one(match: re.Match[str]) -> str:
        sigil, ident, label = match.groups()
        if sigil == "@":
            return "@" + (user_name(ident) or label or ident)
        if sigil == "#":
            return "#" + (channel_name(ident) or label or ident)
        if ident in _SPECIAL:
            return "@" + ident
        return label or match.group(0)

    return _MENTION.sub(one, text)


def blocks_text(blocks: list[dict[str, Any]]) -> list[str]:
    """The readable lines of a list of Block Kit blocks."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"## {block['text']['text']}")
        elif kind == "section":
            if block.get("text"):
                lines.append(block["text"]["text"])
            lines.extend(field["text"] for field in block.get("fields", []))
            button = (block.get("accessory") or {}).get("text", {}).get("text")
            if button:
                lines.append(f"  [{button}]")
        elif kind == "context":
            lines.extend(
                f"  ({element.get('text', '')})"
                for element in block.get("elements", [])
                if element.get("text")
            )
        elif kind == "actions":
            labels = [
                element.get("text", {}).get("text", "") for element in block.get("elements", [])
            ]
            lines.append("  [" + "] [".join(label for label in labels if label) + "]")
        elif kind == "input":
            lines.append(f"  {block.get('label', {}).get('text', '')}: ____")
        elif kind == "divider":
            lines.append("  ---")
    return lines


def describe_call(
    call: ApiCall,
    dm_member: Callable[[str], str] | None = None,
    render: Callable[[str], str] | None = None,
) -> str | None:
    """One call as the member would see it, or None for calls nobody sees; `dm_member` names
    the person a direct message channel (id D...) belongs to, `render` turns Slack's mention
    escapes into the names Slack shows (see `render_mentions`)."""
    line = _describe(call, dm_member)
    return render(line) if render and line else line


def _describe(call: ApiCall, dm_member: Callable[[str], str] | None) -> str | None:
    args = call.args
    if call.method not in SPOKEN:
        return None
    if call.method in ("views.open", "views.publish"):
        view = args.get("view") or {}
        title = (view.get("title") or {}).get("text", "Home")
        body = blocks_text(view.get("blocks", []))
        return f"[{call.method}: {title}]\n" + indent(body)
    audience = (
        "only you"
        if args.get("response_type") == "ephemeral" or call.method == "chat.postEphemeral"
        else "channel"
    )
    channel = str(call.channel or args.get("channel") or "")
    if audience == "channel" and channel.startswith("D"):
        audience = f"{dm_member(channel) if dm_member else 'member'} (direct message)"
    blocks = args.get("blocks")
    body = blocks_text(blocks) if blocks else [str(args.get("text", ""))]
    thread = " (in thread)" if args.get("thread_ts") else ""
    if call.method == "chat.scheduleMessage":
        thread += " (scheduled: appears once, when due)"
    return f"Unburden -> {audience}{thread}:\n" + indent(body)


def ack_text(
    answer: dict[str, Any] | None, render: Callable[[str], str] | None = None
) -> str | None:
    """The immediate answer to a slash command, if it carried one."""
    if not answer:
        return None
    blocks = answer.get("blocks")
    body = blocks_text(blocks) if blocks else [str(answer.get("text", ""))]
    text = "Unburden -> only you:\n" + indent(body)
    return render(text) if render else text


def indent(lines: list[str]) -> str:
    """Lines indented under their speaker, multi-line texts included."""
    return "\n".join(f"    {part}" for line in lines for part in line.splitlines())
