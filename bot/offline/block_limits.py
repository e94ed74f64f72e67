"""Block Kit limits Slack enforces, checked offline so tests fail where Slack would.

slack_sdk's block models catch part of these when serialised; the rest (field
lengths, option sizes, duplicate ids, block counts) are checked here by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_TEXT_MAX = 40_000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
SECTION_TEXT_MAX = 3000
SECTION_FIELDS_MAX = 10
SECTION_FIELD_TEXT_MAX = 2000
HEADER_TEXT_MAX = 150
CONTEXT_ELEMENTS_MAX = 10
ACTIONS_ELEMENTS_MAX = 25
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
ID_MAX = 255
MODAL_TITLE_MAX = 24
MODAL_BUTTON_MAX = 24
PRIVATE_METADATA_MAX = 3000
CALLBACK_ID_MAX = 255
INPUT_LABEL_MAX = 2000
PLAIN_TEXT_INPUT_LENGTH_MAX = 3000
SELECT_OPTIONS_MAX = 100
OPTION_TEXT_MAX = 75
OPTION_VALUE_MAX = 150

_SELECTS_WITH_OPTIONS = {"static_select", "multi_static_select"}
_ELEMENTS_WITH_OPTIONS = _SELECTS_WITH_OPTIONS | {"overflow", "radio_buttons", "checkboxes"}


def validate_message(args: Mapping[str, Any]) -> list[str]:
    """Return the problems Slack would reject in a message's `text` and `blocks`."""
    problems: list[str] = []
    text = args.get("text")
    if text is not None and not isinstance(text, str):
        problems.append("text must be a string")
    elif text and len(text) > MESSAGE_TEXT_MAX:
        problems.append(f"text has {len(text)} characters; the maximum is {MESSAGE_TEXT_MAX}")
    blocks = args.get("blocks")
    if blocks is None:
        return problems
    if not isinstance(blocks, list):
        return [*problems, "blocks must be a JSON array"]
    if len(blocks) > MESSAGE_BLOCKS_MAX:
        problems.append(f"message has {len(blocks)} blocks; the maximum is {MESSAGE_BLOCKS_MAX}")
    return problems + validate_blocks(blocks)


def message_warnings(args: Mapping[str, Any]) -> list[str]:
    """Return what Slack accepts but flags, such as blocks without a notification `text`."""
    if args.get("blocks") and not args.get("text"):
        return [
            "missing_text: blocks without top-level text leave notifications and "
            "screen readers with nothing to show"
        ]
    return []


def validate_view(view: Any) -> list[str]:
    """Return the problems Slack would reject in a modal or home-tab view."""
    if not isinstance(view, dict):
        return ["view must be a JSON object"]
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.append(f'view type must be "modal" or "home", not {kind!r}')
    if kind == "modal":
        problems += _modal_chrome_problems(view)
    elif kind == "home" and ("submit" in view or "close" in view):
        problems.append("a home view cannot have submit or close")
    problems += _limit("private_metadata", view.get("private_metadata"), PRIVATE_METADATA_MAX)
    problems += _limit("callback_id", view.get("callback_id"), CALLBACK_ID_MAX)
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return [*problems, "view blocks must be a JSON array"]
    if len(blocks) > VIEW_BLOCKS_MAX:
        problems.append(f"view has {len(blocks)} blocks; the maximum is {VIEW_BLOCKS_MAX}")
    has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if kind == "modal" and has_input and not view.get("submit"):
        problems.append("a modal with input blocks needs a submit button")
    problems += validate_blocks(blocks)
    if not problems:
        problems += _sdk_problems("view", lambda: View(**view).to_dict())
    return problems


def validate_blocks(blocks: Sequence[Any]) -> list[str]:
    """Return the problems in a list of blocks, with block ids unique across the list."""
    problems: list[str] = []
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"blocks[{index}]"
        if not isinstance(block, dict):
            problems.append(f"{where} must be a JSON object")
            continue
        where = f"{where} ({block.get('type')})"
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in block_ids:
                problems.append(f"{where}: block_id {block_id!r} is used twice")
            block_ids.add(block_id)
        found = [f"{where}: {p}" for p in _block_problems(block)]
        if not found:
            # slack_sdk stops at its first error, so ask it only once ours find nothing.
            found = _sdk_problems(where, lambda b=block: _parse_block(b).to_dict())
        problems += found
    return problems


def _parse_block(block: dict[str, Any]) -> Block:
    parsed = Block.parse(block)
    if parsed is None:
        raise SlackObjectFormationError(f"unknown block type {block.get('type')!r}")
    return parsed


def _block_problems(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind not in _known_block_types():
        return [f"unknown block type {kind!r}"]
    problems = _limit("block_id", block.get("block_id"), ID_MAX)
    if kind == "section":
        problems += _section_problems(block)
    elif kind == "header":
        problems += _text_limit("header text", block.get("text"), HEADER_TEXT_MAX)
    elif kind == "context":
        problems += _count("context elements", block.get("elements"), CONTEXT_ELEMENTS_MAX)
    elif kind == "actions":
        problems += _count("actions elements", block.get("elements"), ACTIONS_ELEMENTS_MAX)
    elif kind == "input":
        problems += _text_limit("input label", block.get("label"), INPUT_LABEL_MAX)
    return problems + _elements_problems(block)


def _section_problems(block: dict[str, Any]) -> list[str]:
    problems = _text_limit("section text", block.get("text"), SECTION_TEXT_MAX)
    fields = block.get("fields") or []
    problems += _count("section fields", fields, SECTION_FIELDS_MAX)
    for number, field in enumerate(fields if isinstance(fields, list) else []):
        problems += _text_limit(f"section field {number}", field, SECTION_FIELD_TEXT_MAX)
    return problems


def _elements_problems(block: dict[str, Any]) -> list[str]:
    """Check the interactive elements of a block; action ids must be unique within it."""
    elements: list[Any] = []
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            elements.append(block[key])
    if block.get("type") == "actions" and isinstance(block.get("elements"), list):
        elements += [e for e in block["elements"] if isinstance(e, dict)]
    problems: list[str] = []
    action_ids: set[str] = set()
    for element in elements:
        action_id = element.get("action_id")
        if isinstance(action_id, str):
            if action_id in action_ids:
                problems.append(f"action_id {action_id!r} is used twice in one block")
            action_ids.add(action_id)
        problems += _element_problems(element)
    return problems


def _element_problems(element: dict[str, Any]) -> list[str]:
    kind = element.get("type")
    problems = _limit("action_id", element.get("action_id"), ID_MAX)
    if kind == "button":
        problems += _text_limit("button text", element.get("text"), BUTTON_TEXT_MAX)
        problems += _limit("button value", element.get("value"), BUTTON_VALUE_MAX)
    elif kind == "plain_text_input":
        for key in ("max_length", "min_length"):
            length = element.get(key)
            if isinstance(length, int) and length > PLAIN_TEXT_INPUT_LENGTH_MAX:
                problems.append(
                    f"plain_text_input {key} {length} exceeds {PLAIN_TEXT_INPUT_LENGTH_MAX}"
                )
    if kind in _SELECTS_WITH_OPTIONS:
        problems += _count(f"{kind} options", element.get("options"), SELECT_OPTIONS_MAX)
        problems += _count(
            f"{kind} option_groups", element.get("option_groups"), SELECT_OPTIONS_MAX
        )
    if kind in _ELEMENTS_WITH_OPTIONS:
        for option in _options_of(element):
            problems += _text_limit(f"{kind} option text", option.get("text"), OPTION_TEXT_MAX)
            problems += _limit(f"{kind} option value", option.get("value"), OPTION_VALUE_MAX)
    return problems


def _options_of(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        if isinstance(group, dict):
            options += [o for o in group.get("options") or [] if isinstance(o, dict)]
    return options


def _modal_chrome_problems(view: dict[str, Any]) -> list[str]:
    title = _text_of(view.get("title"))
    if not title:
        return ["a modal needs a plain_text title"]
    problems = _text_limit("modal title", view.get("title"), MODAL_TITLE_MAX)
    problems += _text_limit("modal submit", view.get("submit"), MODAL_BUTTON_MAX)
    problems += _text_limit("modal close", view.get("close"), MODAL_BUTTON_MAX)
    return problems


def _known_block_types() -> set[str]:
    kinds = (getattr(cls, "type", None) for cls in Block.__subclasses__())
    return {kind for kind in kinds if isinstance(kind, str)}


def _text_of(text_object: Any) -> str | None:
    if isinstance(text_object, dict):
        text = text_object.get("text")
        return text if isinstance(text, str) else None
    return text_object if isinstance(text_object, str) else None


def _text_limit(name: str, text_object: Any, maximum: int) -> list[str]:
    if isinstance(text_object, dict) and text_object.get("text") == "":
        # Slack refuses empty text objects; a blank domain field often causes this.
        return [f"{name} is empty"]
    return _limit(name, _text_of(text_object), maximum)


def _limit(name: str, value: Any, maximum: int) -> list[str]:
    if isinstance(value, str) and len(value) > maximum:
        return [f"{name} has {len(value)} characters; the maximum is {maximum}"]
    return []


def _count(name: str, items: Any, maximum: int) -> list[str]:
    if isinstance(items, list) and len(items) > maximum:
        return [f"{name}: {len(items)} items; the maximum is {maximum}"]
    return []


def _sdk_problems(where: str, serialise: Any) -> list[str]:
    try:
        serialise()
    except SlackObjectFormationError as error:
        return [f"{where}: {error}"]
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        # Malformed JSON shapes make slack_sdk's constructors fail before validating.
        return [f"{where}: malformed ({type(error).__name__}: {error})"]
    return []
