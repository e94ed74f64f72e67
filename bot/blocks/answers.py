"""Short answers to commands: help, setup, errors."""

from __future__ import annotations

from collections.abc import Iterable

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks import Blocks, context, header, section
from bot.services.groups import SetupResult


def help_blocks(
    command: str, verbs: Iterable[tuple[str, str]], problem: str | None = None
) -> Blocks:
    """The list of verbs, optionally after a line that says what was wrong."""
    lines = "\n".join(f"• `{command} {usage}`: {summary}" for usage, summary in verbs)
    blocks: Blocks = []
    if problem:
        blocks.append(section(problem))
    blocks += [
        header("Unburden: take burden out of clinical work"),
        section(lines),
        context(
            "Ask of every burden, in order: what can *stop*, be *automated*, be *delegated*, "
            "be *outsourced*, and what stays *sacred*. Then pilot, measure and scale what works."
        ),
    ]
    return blocks


HELP_MORE = "help_more"


def moment_help_blocks(
    command: str, verbs: Iterable[tuple[str, str]], problem: str | None = None
) -> Blocks:
    """The few verbs that fit the moment, with a **More** button for the whole list."""
    lines = "\n".join(f"• `{command} {usage}`: {summary}" for usage, summary in verbs)
    blocks: Blocks = [section(problem)] if problem else []
    blocks += [
        section(f"*Right now you can type:*\n{lines}"),
        ActionsBlock(
            elements=[ButtonElement(text="More", action_id=HELP_MORE, value="all")]
        ).to_dict(),
    ]
    return blocks


def help_text(command: str, verbs: Iterable[tuple[str, str]]) -> str:
    """The plain-text fallback of the verb list (notifications, screen readers)."""
    return "Unburden verbs: " + ", ".join(f"{command} {usage}" for usage, _ in verbs)


def setup_blocks(result: SetupResult, command: str) -> Blocks:
    """Tell the channel it is now a working group, and whether its size suits the method."""
    group = result.group
    if result.created:
        lead = f"This channel is now the *{group.setting}* working group."
    elif result.previous_setting:
        lead = f"This working group now works on *{group.setting}* (was {result.previous_setting})."
    else:
        lead = f"This channel is already the *{group.setting}* working group."
    blocks = [section(lead)]
    if result.size is not None:
        # The advice names the count itself: say it once.
        blocks.append(
            section(result.size.advice or f"The channel has {result.size.members} members.")
        )
    else:
        blocks.append(
            context("I could not count the channel's members: invite me with `/invite @Unburden`.")
        )
    blocks.append(
        context(
            f"Next: `{command} add <burden>` to list what costs you time, then `{command} start`."
        )
    )
    return blocks


def setup_text(result: SetupResult) -> str:
    """Plain-text fallback of the setup answer."""
    size = f" ({result.size.members} members)" if result.size else ""
    return f"This channel is the {result.group.setting} working group{size}."


def apology(reference: str) -> str:
    """What a member reads when something unexpected failed."""
    return (
        f"Sorry, something went wrong on our side. "
        f"If it happens again, tell your administrator the reference `{reference}`."
    )
