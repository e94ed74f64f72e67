"""Block Kit for ideas: the answer to an idea, the ballot, fist to five, and the two modals."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.blocks import Blocks, context, escape, fit, header, section
from bot.blocks.search import catching_up_text
from bot.domain.ideas import FINGERS_MAX, FINGERS_MIN, IDEA_MAX_CHARS
from bot.domain.memory import SimilarExperiment
from bot.domain.models import ExperimentStatus, MicroExperiment
from bot.domain.questions import Question
from bot.services.consensus import CONCERN_MAX_CHARS, Ballot, BallotLine
from bot.services.experiments import LookAlikes

IDEA_MODAL = "idea_modal"
CONCERN_MODAL = "concern_modal"
INPUT_BLOCK = "text_block"
INPUT_ACTION = "text"
ANONYMOUS_BLOCK = "anonymous_block"
ANONYMOUS_ACTION = "anonymous"
BALLOT_QUESTION = "ballot:question"
BALLOT_MEETING = "ballot:meeting"
BALLOT_IDEAS_MAX = 20
QUOTE_CHARS = 300
SIMILAR_CHARS = 160
FINGER_WORDS = {
    0: "block",
    1: "serious concerns",
    2: "some concerns",
    3: "can live with it",
    4: "support",
    5: "full support",
}


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """A member's words, escaped and cut, as a block quote."""
    return "> " + escape(fit(text, limit))


def idea_text(look: LookAlikes) -> str:
    """Plain-text fallback of an idea's answer (notifications, screen readers)."""
    experiment = look.proposal.experiment
    return f"{experiment.short_id} ({experiment.question.label}): {experiment.status.label}"


def idea_blocks(look: LookAlikes, command: str) -> Blocks:
    """The idea as the channel sees it, with its status explained and the workspace's look-alikes."""
    proposal = look.proposal
    experiment = proposal.experiment
    blocks = [section(_idea_lead(look, command))]
    if proposal.cut:
        blocks.append(
            context(
                f"The idea was cut to {IDEA_MAX_CHARS} characters to fit; add detail in the thread."
            )
        )
    if not look.searched:
        return blocks  # written with the idea: the look-alikes follow once searched
    if not look.available:
        blocks.append(
            context(
                f":warning: Similar search is unavailable right now. {experiment.short_id} is saved "
                "and becomes searchable when the search store is back."
            )
        )
    elif look.similar:
        lines = [_similar_line(s, look.results.get(s.number)) for s in look.similar]
        blocks.append(section("*Similar experiments in your workspace:*\n" + "\n".join(lines)))
    elif look.duplicate_of is None and not look.catching_up:
        blocks.append(context("No similar experiment in the workspace yet: this one is new."))
    if look.available and look.catching_up:
        blocks.append(context(catching_up_text()))
    return blocks


def _idea_lead(look: LookAlikes, command: str) -> str:
    """The first lines: id, question, who, the idea and what its status means."""
    proposal = look.proposal
    experiment = proposal.experiment
    who = (
        "someone (posted without a name)"
        if experiment.anonymous
        else f"<@{experiment.proposed_by}>"
    )
    said = quoted(experiment.text)
    status = experiment.status
    if status is ExperimentStatus.DUPLICATE and look.duplicate_of is not None:
        earlier = look.duplicate_of
        return (
            f":repeat: *{experiment.short_id}* ({experiment.question.label}) from {who}\n{said}\n"
            f"This looks like *{earlier.short_id}* from earlier in this group: "
            f"{escape(fit(earlier.text, SIMILAR_CHARS))}\n"
            f"Vote for {earlier.short_id} instead? {experiment.short_id} is kept as a duplicate "
            "so nothing is lost."
        )
    if status is ExperimentStatus.PROTECTED:
        return (
            f":shield: *{experiment.short_id}* (Keep sacred) from {who}\n{said}\n"
            "Recorded as protected work: it stays with clinicians and is not an experiment."
        )
    if status is ExperimentStatus.PARKED:
        return (
            f":parking: *{experiment.short_id}* ({experiment.question.label}) from {who} is held "
            f"in the parking lot.\n{said}\n"
            f"The group is on a checklist pause and this idea adds work (it mentions "
            f"\u201c{escape(proposal.parked_cue or 'new work')}\u201d). It waits in the parking lot "
            f"and is listed in the meeting's summary; after `{command} resume` the group can take it "
            "up again. An idea that replaces work is taken now."
        )
    return (
        f":bulb: *{experiment.short_id}* ({experiment.question.label}) from {who}\n{said}\n"
        f"Recorded as a micro-experiment. When ideas are in, `{command} vote`."
    )


def _similar_line(similar: SimilarExperiment, result: str | None) -> str:
    """One look-alike: id, setting, channel, status (and pilot result) and its words."""
    status = similar.status.replace("_", " ")
    if result:
        status = f"{status}, piloted as {result}"
    return (
        f"• *{similar.short_id}* · {escape(similar.setting)} · <#{similar.channel_id}> · {status}: "
        f"{escape(fit(similar.text, SIMILAR_CHARS))}"
    )


def ballot_text(ballot: Ballot) -> str:
    """Plain-text fallback of a ballot."""
    return f"Vote on {len(ballot.lines)} ideas: " + ", ".join(
        f"{line.experiment.short_id} ({line.tally.votes})" for line in ballot.lines
    )


def ballot_blocks(ballot: Ballot) -> Blocks:
    """The ideas with a Vote button each, their counts and statuses, and consensus tools."""
    whole = ballot.question is None
    title = (
        f"Vote: {ballot.question.label}" if ballot.question else "Vote: every idea of this meeting"
    )
    top = header(title)
    top["block_id"] = BALLOT_MEETING if whole else BALLOT_QUESTION
    blocks: Blocks = [
        top,
        context(
            "One vote per member per idea (click again to withdraw it): vote for every idea you "
            "support. Split votes, a concern "
            "or a fist-to-five of 2 or less send an idea to a pilot, as the method says."
        ),
    ]
    for line in ballot.lines[:BALLOT_IDEAS_MAX]:
        blocks += _ballot_line(line)
    hidden = len(ballot.lines) - BALLOT_IDEAS_MAX
    if hidden > 0:
        blocks.append(
            context(f"{hidden} more ideas are not shown; vote on them at the next question.")
        )
    return blocks


def _ballot_line(line: BallotLine) -> Blocks:
    """Two blocks per idea: its words, then Vote, Fist to five and Add a concern."""
    experiment = line.experiment
    votes = f"{line.tally.votes} vote" + ("" if line.tally.votes == 1 else "s")
    extras = [votes, _status_words(line)]
    if line.tally.concerns:
        extras.append(f"{line.tally.concerns} concern" + ("" if line.tally.concerns == 1 else "s"))
    text = (
        f"*{experiment.short_id}* {escape(fit(experiment.text, QUOTE_CHARS))}\n_"
        + " · ".join(extras)
        + "_"
    )
    consensus = [
        ButtonElement(text="Fist to five", action_id="consensus_check", value=str(experiment.id)),
        ButtonElement(
            text="Add a concern", action_id="open_concern_modal", value=str(experiment.id)
        ),
    ]
    # Protected work is kept, not chosen between: no Vote button on a keep-sacred answer.
    vote = (
        []
        if experiment.question is Question.KEEP_SACRED
        else [
            ButtonElement(text="Vote", action_id="vote", value=str(experiment.id), style="primary")
        ]
    )
    buttons = ActionsBlock(block_id=f"idea-{experiment.id}-buttons", elements=[*vote, *consensus])
    return [
        SectionBlock(
            block_id=f"idea-{experiment.id}", text=MarkdownTextObject(text=text)
        ).to_dict(),
        buttons.to_dict(),
    ]


def _status_words(line: BallotLine) -> str:
    """The idea's status as a member reads it, with the reasons for a pilot."""
    status = line.experiment.status
    if status is ExperimentStatus.SETTLE_BY_PILOT:
        reasons = ", ".join(line.pilot_reasons)
        return (
            f":balance_scale: settle by pilot ({reasons})"
            if reasons
            else ":balance_scale: settle by pilot"
        )
    if status is ExperimentStatus.PROTECTED:
        return ":shield: protected"
    return status.label


def fist_to_five_text(line: BallotLine) -> str:
    """Plain-text fallback of a fist-to-five check."""
    return f"Fist to five on {line.experiment.short_id}: {len(line.tally.ratings)} ratings"


def fist_to_five_blocks(line: BallotLine) -> Blocks:
    """A fist-to-five check on one idea: buttons 0-5 and the ratings so far."""
    experiment = line.experiment
    scale = " · ".join(f"{n} {FINGER_WORDS[n]}" for n in range(FINGERS_MIN, FINGERS_MAX + 1))
    buttons = ActionsBlock(
        block_id=f"consensus-{experiment.id}",
        elements=[
            ButtonElement(text=str(n), action_id=f"fist_to_five_{n}", value=f"{experiment.id}:{n}")
            for n in range(FINGERS_MIN, FINGERS_MAX + 1)
        ],
    )
    return [
        section(
            f"*Fist to five on {experiment.short_id}*: how much do you support it?\n"
            f"{quoted(experiment.text)}"
        ),
        context(scale),
        buttons.to_dict(),
        context(_ratings_words(line)),
    ]


def _ratings_words(line: BallotLine) -> str:
    """The ratings so far, their average, and whether they send the idea to a pilot."""
    ratings = line.tally.ratings
    if not ratings:
        return "No ratings yet."
    average = sum(ratings) / len(ratings)
    counted = f"{len(ratings)} rating" + ("" if len(ratings) == 1 else "s")
    words = f"{counted}: {', '.join(str(r) for r in ratings)} · average {average:.1f}"
    if line.experiment.status is ExperimentStatus.SETTLE_BY_PILOT:
        words += " · :balance_scale: settle by pilot (" + ", ".join(line.pilot_reasons) + ")"
    return words


def idea_modal(channel_id: str, question: Question) -> dict[str, Any]:
    """The "Add an idea" form, for members on phones."""
    return View(
        type="modal",
        callback_id=IDEA_MODAL,
        title=PlainTextObject(text="Add an idea"),
        submit=PlainTextObject(text="Add idea"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=channel_id,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"Your idea for *{question.label}*.")),
            _text_input(
                "What would you change?",
                "e.g. Medical assistants pend refill requests for protocol medicines",
                IDEA_MAX_CHARS,
            ),
            InputBlock(
                block_id=ANONYMOUS_BLOCK,
                optional=True,
                label=PlainTextObject(text="Your name"),
                element=CheckboxesElement(
                    action_id=ANONYMOUS_ACTION,
                    options=[
                        Option(
                            value="anonymous",
                            label="Post without my name",
                            description="Your name is not stored with the idea; votes still count.",
                        )
                    ],
                ),
            ),
        ],
    ).to_dict()


def concern_modal(
    experiment: MicroExperiment, channel_id: str, message_ts: str | None, whole_meeting: bool
) -> dict[str, Any]:
    """The "Add a concern" form about one idea; the metadata says which ballot to refresh."""
    metadata = json.dumps(
        {
            "experiment": experiment.id,
            "channel": channel_id,
            "ts": message_ts,
            "whole": whole_meeting,
        }
    )
    return View(
        type="modal",
        callback_id=CONCERN_MODAL,
        title=PlainTextObject(text="Add a concern"),
        submit=PlainTextObject(text="Add concern"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=metadata,
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(text=f"*{experiment.short_id}*\n{quoted(experiment.text)}")
            ),
            _text_input(
                "What worries you about it?",
                "e.g. Nobody would check the results that get filed automatically",
                CONCERN_MAX_CHARS,
            ),
        ],
    ).to_dict()


def _text_input(label: str, placeholder: str, max_length: int) -> InputBlock:
    """A multi-line text field under the shared block and action ids."""
    return InputBlock(
        block_id=INPUT_BLOCK,
        label=PlainTextObject(text=label),
        element=PlainTextInputElement(
            action_id=INPUT_ACTION,
            multiline=True,
            max_length=max_length,
            placeholder=PlainTextObject(text=placeholder),
        ),
    )


def concern_blocks(experiment: MicroExperiment, user_id: str, text: str) -> Blocks:
    """The thread's note that a concern was raised, so the debate is visible."""
    return [
        section(
            f":raised_hand: <@{user_id}> raised a concern about *{experiment.short_id}*:\n"
            f"{quoted(text, CONCERN_MAX_CHARS)}\n" + _after_concern(experiment)
        )
    ]


def _after_concern(experiment: MicroExperiment) -> str:
    """What a concern did to the idea's status."""
    if experiment.status is ExperimentStatus.SETTLE_BY_PILOT:
        return f"{experiment.short_id} is now *settle by pilot*: a pilot will settle it."
    return f"{experiment.short_id} stays *{experiment.status.label}*."
