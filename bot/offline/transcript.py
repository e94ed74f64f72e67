"""Render what the bot said to the Slack stand-in as a readable conversation, for the demo."""

from __future__ import annotations

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


def describe_call(call: ApiCall, dm_member: Callable[[str], str] | None = None) -> str | None:
    """One call as the member would see it, or None for calls nobody sees; `dm_member` names
    the person a direct message channel (id D...) belongs to."""
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


def ack_text(answer: dict[str, Any] | None) -> str | None:
    """The immediate answer to a slash command, if it carried one."""
    if not answer:
        return None
    blocks = answer.get("blocks")
    body = blocks_text(blocks) if blocks else [str(answer.get("text", ""))]
    return "Unburden -> only you:\n" + indent(body)


def indent(lines: list[str]) -> str:
    """Lines indented under their speaker, multi-line texts included."""
    return "\n".join(f"    {part}" for line in lines for part in line.splitlines())
