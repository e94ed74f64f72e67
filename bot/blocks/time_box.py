"""The time-box's messages: the note when it starts, a question's time-up, the time spent."""

from __future__ import annotations

from bot.blocks import Blocks, context, section
from bot.domain.time_box import QuestionTime, minutes_label
from bot.services.time_box import TimeUp

TIME_UP_TEXT = "Time is up for this question"  # also tells our scheduled notices apart


def time_box_note(due: TimeUp) -> tuple[str, Blocks]:
    """Said once in the thread when a time-boxed meeting opens."""
    text = (
        f"Time-boxed: {due.minutes} minutes, {minutes_label(due.share)} for each of the five "
        "questions. I'll say here when a question's time is up."
    )
    return text, [context(f":hourglass_flowing_sand: {text}")]


def time_up_blocks(due: TimeUp, command: str) -> Blocks:
    """The notice that a question's share of the time is used up."""
    return [
        section(
            f":alarm_clock: *Time is up for {due.question.label}* "
            f"({minutes_label(due.share)} of the {due.minutes}). "
            f"Close it with a vote (`{command} vote`) or move on with `{command} next`."
        )
    ]


def time_spent_blocks(times: list[QuestionTime]) -> Blocks:
    """One line of the summary: time on each question, against its share when time-boxed."""
    if not times:
        return []
    parts = []
    for spent in times:
        part = f"{spent.question.label} {minutes_label(spent.spent)}"
        if spent.share is not None:
            part += f" (of {minutes_label(spent.share)}{', over' if spent.over else ''})"
        parts.append(part)
    return [context(":stopwatch: Time per question: " + " · ".join(parts))]
