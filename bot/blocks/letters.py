"""Patient letters: the letter as read at a meeting, the form, and the library's answers."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks import Blocks, context, escape, header, section
from bot.domain.models import Letter
from bot.services.letters import LETTER_MAX_CHARS, AddedLetter, ScheduledLetter

LETTER_MODAL = "letter_modal"
OPEN_LETTER_MODAL = "open_letter_modal"


def letter_blocks(letter: Letter) -> Blocks:
    """The letter of the day, quoted, with a line on why the group reads it."""
    quoted = "\n".join(
        f">{line}" if line.strip() else ">" for line in escape(letter.text).splitlines()
    )
    return [
        header("A letter from a patient"),
        section(quoted),
        context("Read it aloud, then take a breath: this is who the work is for."),
    ]


def no_letter_blocks(command: str) -> Blocks:
    """What stands in for the letter when the library is empty: how to add one."""
    return [
        context(
            "No patient letter in the library yet. Meetings open better with one: "
            f"`{command} letter add <text>` (de-identified, or used with consent)."
        ),
        add_letter_button(),
    ]


def letter_already_posted_blocks() -> Blocks:
    """The meeting opens after a letter was already posted at the meeting time."""
    return [context("Today's patient letter was posted at the meeting time, just above.")]


def add_letter_button() -> dict[str, Any]:
    """A button that opens the letter form."""
    return ActionsBlock(
        elements=[ButtonElement(text="Add a letter", action_id=OPEN_LETTER_MODAL, value="letter")]
    ).to_dict()


def letter_modal(channel_id: str) -> dict[str, Any]:
    """The form to add a patient letter to the workspace's library."""
    return {
        "type": "modal",
        "callback_id": LETTER_MODAL,
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": "Add a patient letter"},
        "submit": {"type": "plain_text", "text": "Add"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "letter",
                "label": {"type": "plain_text", "text": "The letter"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "text",
                    "multiline": True,
                    "max_length": LETTER_MAX_CHARS,
                },
            },
            context(
                "No patient identifiers: no names, dates, phone or record numbers, addresses or "
                "emails. A letter that holds any is refused and not kept. The library is shared "
                "by every working group of the workspace."
            ),
        ],
    }


def letter_added_blocks(added: AddedLetter) -> Blocks:
    """Confirm a letter joined the library."""
    blocks = [
        section(
            f"Letter added to the library ({added.library_size} in all). "
            "Each meeting opens with the letter read least recently."
        )
    ]
    if added.cut:
        blocks.append(context(f"It was cut to {LETTER_MAX_CHARS} characters to fit Slack."))
    return blocks


def letter_scheduled_blocks(scheduled: ScheduledLetter) -> Blocks:
    """Say when the group meets and when the next letter will appear."""
    when = scheduled.post_at.strftime("%A %d %B at %H:%M")
    lead = f"This group meets {scheduled.slot.label}."
    if scheduled.letter is None:
        return [
            section(f"{lead} No letter to schedule yet: add one and set the time again."),
            add_letter_button(),
        ]
    return [
        section(f"{lead} The next patient letter will appear here {when} ({scheduled.slot.tz})."),
        context("When that meeting starts, it opens without a second letter."),
    ]
