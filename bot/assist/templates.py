"""Template wording for the stage summary and the pilot hypothesis, used when no model answers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.assist.models import HypothesisDraft, IdeaDiscussion, StageSummary
from bot.assist.similarity import BagOfWords
from bot.domain.ideas import has_low_rating
from bot.domain.questions import Question
from bot.knowledge import KnowledgeBase

IDEA_TEXT_MAX = 120
HYPOTHESIS_WEEKS = 6
MEASURES_SUGGESTED = 3
MIN_PLAYBOOK_SIMILARITY = 0.1
# Human cost is half of the value ratio's denominator: always worth watching.
HUMAN_COST_MEASURE = "mini_z_burnout"
DEFAULT_MEASURES = ("task_minutes_per_day", HUMAN_COST_MEASURE)


def _short(text: str, limit: int = IDEA_TEXT_MAX) -> str:
    """One line of an idea, cut with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _votes(count: int) -> str:
    return f"{count} vote" if count == 1 else f"{count} votes"


def disagreements_in(ideas: Sequence[IdeaDiscussion]) -> list[str]:
    """Where the group disagrees, by the rules that send an idea to a pilot
    (bot.domain.ideas.pilot_reasons): a concern raised, the idea already marked settle by
    pilot (split votes among them), or a fist-to-five of 2 or less. Ideas backed equally are
    not a disagreement."""
    found = []
    for idea in ideas:
        count = idea.concerns_raised
        if count:
            found.append(f"{idea.short_id}: {count} concern{'s' if count > 1 else ''} raised")
        elif idea.settle_by_pilot:
            found.append(f"{idea.short_id}: marked settle by pilot")
        elif has_low_rating(idea.consensus):
            found.append(f"{idea.short_id}: a fist-to-five of {min(idea.consensus)}")
    return found


def stage_summary_template(question: Question, ideas: Sequence[IdeaDiscussion]) -> StageSummary:
    """A few fixed sentences: how many ideas, which drew most support, what is disputed."""
    if not ideas:
        return StageSummary(
            question=question, summary=f"No ideas under {question.label}.", source="fallback"
        )
    count = len(ideas)
    most = max(i.votes for i in ideas)
    leaders = [i.short_id for i in ideas if i.votes == most]
    sentences = [f"{count} idea{'s' if count > 1 else ''} under {question.label}."]
    if most:
        # The ideas' words are listed just above in the summary: name them by their ids only.
        if len(leaders) == 1:
            sentences.append(f"Most support: {leaders[0]} ({_votes(most)}).")
        else:
            named = ", ".join(leaders[:-1]) + f" and {leaders[-1]}"
            sentences.append(f"Most support: {named}, backed equally ({_votes(most)} each).")
    disagreements = disagreements_in(ideas)
    if disagreements:
        sentences.append("A small pilot could settle where the group disagrees.")
    return StageSummary(
        question=question,
        summary=" ".join(sentences),
        disagreements=disagreements,
        source="fallback",
    )


class MeasureSuggester:
    """Suggests measures for an idea from the playbook changes it most resembles."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._knowledge = knowledge
        self._entries = knowledge.entries()
        self._index = BagOfWords([f"{e.title}. {e.change}" for e in self._entries])

    def valid(self, measure_ids: Sequence[str]) -> list[str]:
        """The ids that name a catalogue measure, canonical and without repeats."""
        known = {m.id for m in self._knowledge.measures()}
        kept: list[str] = []
        for raw in measure_ids:
            key = raw.strip().lower().replace("-", "_")
            if key in known and key not in kept:
                kept.append(key)
        return kept

    def suggest(self, idea_text: str) -> list[str]:
        """Measures of the closest playbook changes, with the burnout item for human cost."""
        scored = sorted(
            zip(self._index.similarities(idea_text), self._entries, strict=True),
            key=lambda pair: pair[0],
            reverse=True,
        )
        measures: list[str] = []
        for score, entry in scored[:MEASURES_SUGGESTED]:
            if score >= MIN_PLAYBOOK_SIMILARITY:
                measures += [m for m in entry.measures if m not in measures]
        chosen = measures[: MEASURES_SUGGESTED - 1] or list(DEFAULT_MEASURES)
        if HUMAN_COST_MEASURE not in chosen:
            chosen.append(HUMAN_COST_MEASURE)
        return chosen

    def hypothesis_template(self, idea_text: str, setting: str) -> HypothesisDraft:
        """A fill-in hypothesis naming the first measure and its better direction."""
        measures = self.suggest(idea_text)
        first = self._knowledge.measure(measures[0])
        direction = "fall" if first.lower_is_better else "rise"
        idea = _short(idea_text).rstrip(".")
        hypothesis = (
            f'If we try "{idea}" in {setting}, then {first.name.lower()} will {direction} '
            f"within {HYPOTHESIS_WEEKS} weeks, without raising burnout."
        )
        return HypothesisDraft(hypothesis=hypothesis, measure_ids=measures, source="fallback")
