"""Block Kit of the assistant: a meeting-thread message sorted into the five questions, with a
"Record as idea" button per idea, and that message once an idea is recorded."""

from __future__ import annotations

import copy
from typing import Any

from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.assist.models import SortedIdeas
from bot.blocks import Blocks, cap, context, escape, fit
from bot.domain.questions import Question

RECORD_SORTED_IDEA = "record_sorted_idea"
BUTTON_VALUE_MAX = 2000
IDEA_SHOWN_MAX = 12
IDEA_QUOTE_MAX = 600
_SEPARATOR = "|"
_BLOCK_PREFIX = "sorted-idea-"


def button_value(question: Question, text: str) -> str:
    """What the button carries: "question|idea text", cut to Slack's 2000-character value."""
    return fit(f"{question.value}{_SEPARATOR}{text}", BUTTON_VALUE_MAX)


def read_button_value(value: str) -> tuple[Question, str] | None:
    """The question and idea text a button carries, or None when the value is not one of ours."""
    raw_question, separator, text = value.partition(_SEPARATOR)
    question = Question.parse(raw_question)
    if not separator or question is None or not question.asks_for_ideas or not text.strip():
        return None
    return question, text.strip()


def sorted_ideas_text(sorted_ideas: SortedIdeas) -> str:
    """Plain-text fallback (notifications, screen readers)."""
    count = len(sorted_ideas.ideas)
    labels = ", ".join(dict.fromkeys(i.question.label for i in sorted_ideas.ideas))
    return f"{count} idea{'s' if count != 1 else ''} in that message: {labels}"


def sorted_ideas_blocks(sorted_ideas: SortedIdeas, user_id: str) -> Blocks:
    """The ideas of a member's message, each under its question with a "Record as idea" button."""
    ideas = sorted_ideas.ideas[:IDEA_SHOWN_MAX]
    blocks: Blocks = [
        context(
            f"I sorted <@{user_id}>'s message into the five questions. Record what the group should keep:"
        )
    ]
    for position, idea in enumerate(ideas):
        text = f"*{idea.question.label}*\n> {escape(fit(idea.text, IDEA_QUOTE_MAX))}"
        blocks.append(
            SectionBlock(
                block_id=f"{_BLOCK_PREFIX}{position}",
                text=MarkdownTextObject(text=text),
                accessory=ButtonElement(
                    text="Record as idea",
                    action_id=RECORD_SORTED_IDEA,
                    value=button_value(idea.question, idea.text),
                ),
            ).to_dict()
        )
    left_out = len(sorted_ideas.ideas) - len(ideas)
    if left_out:
        blocks.append(context(f"{left_out} more not shown; type `idea <text>` for those."))
    blocks.append(context(_how_sorted(sorted_ideas)))
    return cap(blocks)


def _how_sorted(sorted_ideas: SortedIdeas) -> str:
    """One line saying who sorted, so members know how far to trust it."""
    if sorted_ideas.source == "model":
        return (
            "Sorted by the language model; patient details were removed before it saw the message."
        )
    return "Sorted by similarity to the playbook's examples (no language model)."


def mark_recorded(blocks: Blocks, block_id: str, short_id: str, user_id: str) -> Blocks:
    """The same message with one idea's button replaced by who recorded it, and as what."""
    marked: Blocks = []
    for block in blocks:
        block = copy.deepcopy(block)
        if block.get("block_id") == block_id:
            block.pop("accessory", None)
            text: dict[str, Any] = block.get("text") or {}
            note = f"\n:white_check_mark: Recorded as *{short_id}* by <@{user_id}>"
            block["text"] = {"type": "mrkdwn", "text": fit(str(text.get("text", "")) + note, 3000)}
        marked.append(block)
    return marked
