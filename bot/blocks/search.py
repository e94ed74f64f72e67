"""Answers to `find`: a group's experiments with their setting, status and E-id; playbook entries
marked as the playbook's, never as a group's experiment."""

from __future__ import annotations

from bot.blocks import Blocks, cap, context, divider, escape, fit, section
from bot.domain.memory import SearchHit
from bot.domain.questions import Question
from bot.services.search import SearchResult

QUOTE_MAX = 600


def _question_label(value: str) -> str:
    """`keep_sacred` read as "Keep sacred"."""
    question = Question.parse(value)
    return question.label if question else value


def _experiment_block(hit: SearchHit) -> dict[str, object]:
    """One group's experiment: E-id, channel, setting, question and status, then the idea."""
    status = (hit.status or "").replace("_", " ")
    where = f"<#{hit.channel_id}>" if hit.channel_id else "a group"
    heading = (
        f"*{hit.short_id}* · {where} ({escape(hit.setting or '')}) · "
        f"{_question_label(hit.question)} · _{status}_"
    )
    return section(f"{heading}\n>{escape(fit(hit.text, QUOTE_MAX))}")


def _playbook_block(hit: SearchHit) -> dict[str, object]:
    """One playbook entry, labelled as the playbook's so nobody takes it for a group's trial."""
    settings = ", ".join(s.replace("_", " ") for s in hit.settings if s)
    heading = f"*Playbook* · {_question_label(hit.question)} · {escape(settings)}"
    title = escape(hit.title or "")
    return section(f"{heading}\n*{title}*: {escape(fit(hit.text, QUOTE_MAX))}")


def search_blocks(result: SearchResult, command: str) -> Blocks:
    """The hits of a search, best first, with a line saying what was searched."""
    searched = f"“{escape(fit(result.query.text, 150))}”"
    if result.query.described_filters:
        searched += " with " + ", ".join(f"`{f}`" for f in result.query.described_filters)
    if not result.available:
        return [section(unavailable_text())]
    # Said first, so a thin or odd answer is read in that light.
    notice: Blocks = [context(catching_up_text())] if result.catching_up else []
    if not result.hits:
        return [
            *notice,
            section(f"Nothing close to {searched} yet, in this workspace or the playbook."),
            context(f"Try other words, or drop a filter. Propose it with `{command} idea <text>`."),
        ]
    experiments = sum(1 for hit in result.hits if hit.kind == "experiment")
    blocks: Blocks = [
        *notice,
        section(
            f"Closest to {searched}: {experiments} experiment(s) from your groups, "
            f"{len(result.hits) - experiments} from the playbook."
        ),
        divider(),
    ]
    for hit in result.hits:
        blocks.append(_experiment_block(hit) if hit.kind == "experiment" else _playbook_block(hit))
    blocks.append(
        context(
            f"Turn one into a pilot with `{command} pilot <E-id>`; narrow with `status:adopted`."
        )
    )
    return cap(blocks)


def search_text(result: SearchResult) -> str:
    """Plain-text fallback of a search answer (notifications, screen readers)."""
    if not result.available:
        return unavailable_text()
    ids = [hit.short_id or f"playbook {hit.entry_id}" for hit in result.hits]
    return "Found: " + ", ".join(ids) if ids else "Nothing close to that yet."


def unavailable_text() -> str:
    """What a member reads when the vector store is down."""
    return (
        "Search is unavailable right now: the experiment memory is not answering. "
        "Try again in a few minutes; ideas proposed meanwhile are kept and indexed when it is back."
    )


def catching_up_text() -> str:
    """What a member reads while the memory is re-embedded for a new search model."""
    return (
        ":hourglass_flowing_sand: Search is catching up: the experiment memory is being "
        "re-indexed for a new search model, so some ideas may be missing or out of order for a "
        "few minutes. Nothing is lost; ask again shortly."
    )
