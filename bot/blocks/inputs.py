"""Form elements shared by the modals: plain text, options, input blocks, and the way a form
rebuilt with views.update keeps what the member had typed."""

from __future__ import annotations

from typing import Any

from bot.blocks import Blocks, fit

OPTION_TEXT_MAX = 75
PLAIN_INPUT_MAX = 3000


def plain(text: str, limit: int = 75) -> dict[str, Any]:
    """A plain_text object cut to `limit` characters."""
    return {"type": "plain_text", "text": fit(text, limit)}


def option(label: str, value: str) -> dict[str, Any]:
    """A select option."""
    return {"text": plain(label, OPTION_TEXT_MAX), "value": value}


def input_block(
    block_id: str, label: str, element: dict[str, Any], optional: bool = False, hint: str = ""
) -> dict[str, Any]:
    """An input block whose element's action_id is its block_id (as the forms read them)."""
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": {**element, "action_id": block_id},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_input(initial: str = "", placeholder: str = "", multiline: bool = False) -> dict[str, Any]:
    """A plain_text_input element."""
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline}
    if initial:
        element["initial_value"] = initial[:PLAIN_INPUT_MAX]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def static_select(options: list[dict[str, Any]], initial: str | None = None) -> dict[str, Any]:
    """A static_select element, with the option of value `initial` chosen when there is one."""
    element: dict[str, Any] = {"type": "static_select", "options": options}
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def keep_typed(blocks: Blocks, typed: dict[str, Any]) -> Blocks:
    """The input blocks with what the member typed (a view's `state.values`) as initial values.

    Slack keeps an input's entry across views.update when its block_id and action_id stay the
    same; writing it back as the initial value keeps it too where Slack would not (a block
    that moved), and blanks a field the member cleared."""
    kept = []
    for block in blocks:
        entry = (typed.get(block.get("block_id", "")) or {}).get(block.get("block_id", ""))
        if block.get("type") == "input" and isinstance(entry, dict):
            block = {**block, "element": _with_initial(block["element"], entry)}
        kept.append(block)
    return kept


def _with_initial(element: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """One element with the state entry as its initial value."""
    kind = element.get("type")
    keys = {
        "plain_text_input": ("initial_value", entry.get("value")),
        "users_select": ("initial_user", entry.get("selected_user")),
        "multi_users_select": ("initial_users", entry.get("selected_users")),
        "datepicker": ("initial_date", entry.get("selected_date")),
        "static_select": ("initial_option", _option_of(element, entry.get("selected_option"))),
    }
    if kind not in keys:
        return element
    key, value = keys[kind]
    updated = {k: v for k, v in element.items() if k != key}
    if value:
        updated[key] = value[:PLAIN_INPUT_MAX] if isinstance(value, str) else value
    return updated


def _option_of(element: dict[str, Any], selected: Any) -> dict[str, Any] | None:
    """The element's own option for a selected one (Slack wants it exactly as offered)."""
    value = selected.get("value") if isinstance(selected, dict) else None
    return next((o for o in element.get("options", []) if o.get("value") == value), None)
