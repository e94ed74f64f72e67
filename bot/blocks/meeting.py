"""The meeting as the channel sees it: the opening, each question, the summary, the pause."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    MarkdownTextObject,
    SectionBlock,
)

from bot.assist.models import StageSummary
from bot.blocks import Blocks, context, escape, fit, header, section
from bot.blocks.burdens import OPEN_BURDEN_MODAL, burden_line
from bot.domain.meetings import IdeaTally, MeetingSummary
from bot.domain.models import MicroExperiment, WorkingGroup
from bot.domain.questions import ORDER, Question
from bot.knowledge import PlaybookEntry
from bot.services.meetings import MeetingOpened, QuestionPrompt

OPEN_IDEA_MODAL = "open_idea_modal"
MEETING_NEXT = "meeting_next"
MEETING_END = "meeting_end"
UNPARK_IDEA = "unpark_idea"
PARKED_LISTED = 20  # parked ideas with a button after `resume`; the summary lists them all
SUMMARY_BLOCKS_MAX = 12  # one phone screen; a guard test holds every message to it
SUMMARY_IDEA_SECTIONS = 6  # idea sections in the first message; more go on in the thread
SUMMARY_BURDENS = 3
_SECTION_CHARS = 2900  # under Slack's 3000 per section, so no idea is cut off

PURPOSE = (
    "We meet to take burden out of our work so that more of our time and attention goes to "
    "patients. For our heaviest burdens we ask, in this order: what can we *stop*, *automate*, "
    "*delegate* to a capable, less costly role, *outsource*, and what stays *sacred*."
)


def opening_blocks(opened: MeetingOpened, command: str) -> Blocks:
    """The meeting's first message: purpose in a sentence and the heaviest burdens."""
    blocks = [
        header(f"{opened.group.setting.capitalize()} working group: meeting"),
        section(PURPOSE),
    ]
    if opened.burdens:
        lines = "\n".join(f"{n}. {burden_line(b)}" for n, b in enumerate(opened.burdens, 1))
        blocks.append(section(f"*Our heaviest burdens, by hours a week*\n{lines}"))
    else:
        blocks.append(
            section(
                f"No burdens listed yet: `{command} add <burden> ~30m/day`, or press the button."
            )
        )
    blocks += [
        context("The questions follow in this thread. Anyone can add a burden at any time."),
        ActionsBlock(
            elements=[ButtonElement(text="Add a burden", action_id=OPEN_BURDEN_MODAL, value="add")]
        ).to_dict(),
    ]
    return blocks


def opening_text(opened: MeetingOpened) -> str:
    """Plain-text fallback of the opening."""
    return f"The {opened.group.setting} working group's meeting has started."


def question_blocks(prompt: QuestionPrompt, command: str) -> Blocks:
    """One question in the thread, with a starter, playbook examples and the meeting's buttons."""
    blocks = [
        section(f"*{_stage_title(prompt)}*\n*{escape(prompt.ask)}*"),
        context(escape(prompt.explanation)),
    ]
    if prompt.burdens and prompt.question.asks_for_ideas:
        about = ", ".join(escape(fit(b.title, 60)) for b in prompt.burdens[:3])
        blocks.append(context(f"Ask it of: {about}"))
    blocks.append(section(f"_Start here:_ {escape(prompt.starter)}"))
    if prompt.examples:
        blocks.append(section("_Others have tried:_\n" + "\n".join(map(_example, prompt.examples))))
    if prompt.question.asks_for_ideas:
        # Slack refuses slash commands inside threads: here, a reply is the way to propose.
        blocks.append(
            context(
                "Reply in this thread with your idea (I'll offer to record it), "
                "or press *Add an idea*."
            )
        )
    else:
        blocks.append(
            context(f"Press *End and summarise* (or type `{command} end` in the channel).")
        )
    blocks.append(_meeting_buttons(prompt))
    return blocks


def _stage_title(prompt: QuestionPrompt) -> str:
    """ "Question 2 of 5 · Automate", or "Review"."""
    if not prompt.question.asks_for_ideas:
        return prompt.position
    return f"{prompt.position} · {prompt.question.label}"


def question_text(prompt: QuestionPrompt) -> str:
    """Plain-text fallback of a question."""
    return f"{_stage_title(prompt)}: {prompt.ask}"


def _example(entry: PlaybookEntry) -> str:
    """A playbook change in a line: its title, first sentence and typical time saved."""
    change = " ".join(entry.change.split())
    first = change.split(". ")[0].rstrip(".") + "."
    return (
        f"• *{escape(entry.title)}*: {escape(fit(first, 240))} ({escape(entry.typical_time_saved)})"
    )


def _meeting_buttons(prompt: QuestionPrompt) -> dict[str, Any]:
    meeting = prompt.meeting
    elements = []
    if prompt.question.asks_for_ideas:
        elements.append(
            ButtonElement(text="Add an idea", action_id=OPEN_IDEA_MODAL, value=str(meeting.id))
        )
        elements.append(
            ButtonElement(
                text="Next question",
                action_id=MEETING_NEXT,
                value=f"{meeting.id}:{meeting.version}",
                style="primary",
            )
        )
    else:
        elements.append(
            ButtonElement(
                text="End and summarise",
                action_id=MEETING_END,
                value=str(meeting.id),
                style="primary",
                confirm=ConfirmObject(
                    title="End the meeting?",
                    text="This closes the meeting for everyone and posts its summary.",
                    confirm="End and summarise",
                    deny="Not yet",
                ),
            )
        )
    return ActionsBlock(elements=elements).to_dict()


def summary_messages(
    summary: MeetingSummary,
    command: str,
    stages: Mapping[Question, StageSummary] | None = None,
) -> list[Blocks]:
    """The end-of-meeting summary: one phone screen (at most SUMMARY_BLOCKS_MAX blocks) naming
    every idea once, with its votes and status, under its question; next steps only for ideas
    the group backed. A meeting with more ideas than fit goes on in follow-up messages."""
    blocks: Blocks = [header("Meeting summary"), section(_burdens_line(summary))]
    idea_sections = _idea_sections(summary)
    blocks += idea_sections[:SUMMARY_IDEA_SECTIONS]
    if not summary.ideas:
        blocks.append(section("*Ideas*\nNo ideas were recorded in this meeting."))
    discussed = [
        _stage_line(stage)
        for question, tallies in summary.by_question()
        if (stage := (stages or {}).get(question)) is not None and _adds_to_the_list(stage, tallies)
    ]
    if discussed:
        blocks.append(context(fit(" ".join(discussed), 2900)))
    steps = [t for t in summary.next_steps if t.votes > 0]
    if steps:
        blocks.append(
            section(
                "*Next steps: turn the ideas the group backed into pilots*\n"
                + " · ".join(f"`{command} pilot {t.idea.short_id}`" for t in steps[:8])
            )
        )
    blocks.append(context(_status_counts(summary)))
    rest = idea_sections[SUMMARY_IDEA_SECTIONS:]
    return [blocks] + [
        [section("*Ideas, continued*"), *rest[start : start + SUMMARY_BLOCKS_MAX - 1]]
        for start in range(0, len(rest), SUMMARY_BLOCKS_MAX - 1)
    ]


def _burdens_line(summary: MeetingSummary) -> str:
    """The burdens in play on one line (the first few; the inventory holds them all)."""
    shown = [burden_line(b) for b in summary.burdens[:SUMMARY_BURDENS]]
    more = len(summary.burdens) - len(shown)
    listed = "; ".join(shown) or "none listed"
    return "*Burdens discussed*: " + listed + (f"; and {more} more" if more > 0 else "")


def _idea_sections(summary: MeetingSummary) -> Blocks:
    """Every idea once, under its question's name, in sections that are never cut."""
    lines: list[str] = []
    grouped = dict(summary.by_question())
    protected = summary.protected
    for question in ORDER:
        under = grouped.get(question, [])
        if question is Question.KEEP_SACRED:
            under = [*under, *protected]
        if under:
            lines.append(f"*{question.label}*")
            lines += [f"• {_idea_line(t)}" for t in under]
    sections: Blocks = []
    chunk = ""
    for line in lines:
        if chunk and len(chunk) + len(line) + 1 > _SECTION_CHARS:
            sections.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        sections.append(section(chunk))
    return sections


def _status_counts(summary: MeetingSummary) -> str:
    """How many ideas wait on a pilot, were parked or are kept sacred; marked on each idea."""
    counts = [
        ("open disagreements (settle by pilot)", summary.disagreements),
        ("parked (checklist pause)", summary.parked),
        ("kept sacred (protected work)", summary.protected),
    ]
    said = " · ".join(
        f"{name}: {len(tallies)} ({', '.join(t.idea.short_id for t in tallies)})"
        for name, tallies in counts
        if tallies
    )
    lead = f"{said}. " if said else ""
    return f"{lead}Every proposal above carries its status; the leaders' report lists them all."


def summary_text(summary: MeetingSummary) -> str:
    """Plain-text fallback of the summary."""
    ideas, burdens = len(summary.ideas), len(summary.burdens)
    return (
        f"Meeting summary: {ideas} idea{'' if ideas == 1 else 's'}, "
        f"{burdens} burden{'' if burdens == 1 else 's'}."
    )


def meeting_closed_blocks(summary: MeetingSummary) -> Blocks:
    """The line in the channel that points at the summary thread."""
    ideas = len(summary.ideas)
    return [
        section(
            f"The meeting has ended: {ideas} idea{'s' if ideas != 1 else ''}. Summary in the thread."
        )
    ]


def _adds_to_the_list(stage: StageSummary, tallies: list[IdeaTally]) -> bool:
    """Whether a stage summary says more than the ideas listed above it: a model's wording, a
    disagreement, or which of several ideas drew most support."""
    return stage.source == "model" or bool(stage.disagreements) or len(tallies) > 1


def _stage_line(stage: StageSummary) -> str:
    """The question's discussion in a few sentences, its disagreements named."""
    text = stage.summary
    if stage.disagreements:
        text += " Disagreements: " + "; ".join(stage.disagreements) + "."
    source = " _(worded by the language model)_" if stage.source == "model" else ""
    return fit(f"{escape(text)}{source}", 2900)


def _idea_line(tally: IdeaTally) -> str:
    idea = tally.idea
    parts = [f"`{idea.short_id}` {escape(fit(' '.join(idea.text.split()), 180))}"]
    parts.append(f"{tally.votes} vote{'s' if tally.votes != 1 else ''}")
    if tally.consensus_mean is not None:
        parts.append(f"fist-to-five {tally.consensus_mean:.1f} ({tally.consensus_count})")
    if tally.concerns:
        parts.append(f"{tally.concerns} concern{'s' if tally.concerns != 1 else ''}")
    parts.append(f"*{idea.status.label}*")
    return " · ".join(parts)


def pause_blocks(
    group: WorkingGroup,
    changed: bool,
    command: str,
    parked: Sequence[MicroExperiment] = (),
) -> Blocks:
    """Announce the checklist pause (or its end) and what it means, in a line; on resuming, the
    ideas parked meanwhile, each with a button to propose it now."""
    if group.paused:
        lead = "Checklist pause is on." if changed else "Checklist pause was already on."
        return [
            section(
                f"{lead} The team cannot take on one more task: new ideas that add work go to a "
                "parking lot, and we reorganise work so new items fit without more burden."
            ),
            context(f"`{command} resume` ends the pause."),
        ]
    lead = "Checklist pause is off." if changed else "There was no checklist pause."
    if not parked:
        return [section(f"{lead} Ideas that add work are accepted again.")]
    blocks: Blocks = [
        section(
            f"{lead} Ideas that add work are accepted again. Parked during the pause "
            f"({len(parked)}); press *Propose now* to put one back under its question:"
        )
    ]
    for idea in parked[:PARKED_LISTED]:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"`{idea.short_id}` ({idea.question.label}) {quoted_idea(idea.text)}"
                ),
                accessory=ButtonElement(
                    text="Propose now", action_id=UNPARK_IDEA, value=str(idea.id)
                ),
            ).to_dict()
        )
    if len(parked) > PARKED_LISTED:
        blocks.append(
            context(
                f"{len(parked) - PARKED_LISTED} more wait in the parking lot; see `{command} end`."
            )
        )
    return blocks


def unparked_blocks(experiment: MicroExperiment, user_id: str, command: str) -> Blocks:
    """Tell the meeting's thread a parked idea is on the table again."""
    return [
        section(
            f":bulb: <@{user_id}> took *{experiment.short_id}* ({experiment.question.label}) out "
            f"of the parking lot: it is proposed again.\n{quoted_idea(experiment.text)}"
        ),
        context(f"When ideas are in, `{command} vote`."),
    ]


def quoted_idea(text: str) -> str:
    """An idea's words on one quoted line, cut to fit."""
    return "> " + escape(fit(" ".join(text.split()), 280))
