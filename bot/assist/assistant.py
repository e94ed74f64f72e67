"""The assistant: sorts, summarises and drafts with a language model when one is configured,
and with deterministic methods when none is, or when the model is slow, fails or answers badly.

Every method returns within its deadline (a few seconds) with a usable answer; the caller never
needs to know which path answered, though each result says so in its `source`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from pydantic import BaseModel

from bot.assist.figures import Figures, figures_text, invented_numbers, leaders_template
from bot.assist.models import HypothesisDraft, IdeaDiscussion, SortedIdea, SortedIdeas, StageSummary
from bot.assist.private_model import LazyChatModel, PrivateModel
from bot.assist.prompts import load_prompt
from bot.assist.replies import (
    HypothesisReply,
    LeadersParagraphReply,
    SortedIdeasReply,
    StageSummaryReply,
)
from bot.assist.sorting import IDEA_QUESTIONS, QuestionSorter
from bot.assist.templates import MeasureSuggester, stage_summary_template
from bot.domain.models import Meeting, WorkingGroup
from bot.domain.questions import Question
from bot.knowledge import KnowledgeBase
from bot.privacy import IdentifierDetector, default_detector
from bot.settings import Settings
from bot.store.database import Database
from bot.store.meeting_threads import MeetingThreads

log = logging.getLogger(__name__)

R = TypeVar("R", bound=BaseModel)
DEFAULT_TIMEOUT_SECONDS = 8.0
_WORKERS = 4


class Assistant:
    """Language-model assistance with a deterministic fallback for every task."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        model: PrivateModel | None,
        detector: Callable[[], IdentifierDetector] = default_detector,
        meetings: MeetingThreads | None = None,
    ) -> None:
        self._knowledge = knowledge
        # The only handle on a chat model: a PrivateModel, which redacts everything it sends.
        self._model = model
        self._detector = detector
        self._meetings = meetings
        self._sorter = QuestionSorter(knowledge)
        self._measures = MeasureSuggester(knowledge)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        database: Database | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> Assistant:
        """The assistant for UNBURDEN_LLM; the model itself is built on first use."""
        model = None
        if settings.llm_enabled:
            model = PrivateModel(
                LazyChatModel(settings.unburden_llm, timeout_seconds),
                default_detector,
                ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="unburden-llm"),
                timeout_seconds,
            )
        meetings = MeetingThreads(database) if database is not None else None
        return cls(KnowledgeBase.load(settings.unburden_knowledge_dir), model, meetings=meetings)

    @property
    def uses_model(self) -> bool:
        """Whether a language model is configured (it may still fall back on any call)."""
        return self._model is not None

    def _ask(self, task: str, variables: Mapping[str, str], schema: type[R]) -> R | None:
        """The model's answer through the redacting chokepoint, or None to fall back."""
        if self._model is None:
            return None
        prompt = load_prompt(task)
        try:
            return self._model.ask(prompt, variables, schema)
        except Exception as error:  # noqa: BLE001 - any model failure falls back, by design
            # The class only: a parser's message can quote the model's output.
            log.warning(
                "%s fell back to the deterministic method: %s", prompt.label, type(error).__name__
            )
            return None

    def sort_message(self, text: str, setting: str) -> SortedIdeas:
        """The ideas in a message, each under one of the five questions; identifiers redacted."""
        redacted = self._detector().redact(text)
        questions = "\n".join(
            f"- {q.value}: {self._knowledge.guide(q).ask}" for q in IDEA_QUESTIONS
        )
        reply = self._ask(
            "sort_message",
            {"setting": setting, "questions": questions, "text": redacted},
            SortedIdeasReply,
        )
        if reply is None:
            return self._sorter.sort_message(redacted)
        ideas = [
            SortedIdea(question=Question(idea.question), text=" ".join(idea.text.split()))
            for idea in reply.ideas
            if idea.text.strip()
        ]
        return SortedIdeas(ideas=ideas, source="model")

    def summarise_stage(self, question: Question, ideas: Sequence[IdeaDiscussion]) -> StageSummary:
        """A short summary of one question's discussion that names the disagreements."""
        listed = "\n".join(_discussion_line(i) for i in ideas)
        reply = None
        if ideas:
            reply = self._ask(
                "summarise_stage",
                {
                    "question": question.label,
                    "ask": self._knowledge.guide(question).ask,
                    "ideas": listed,
                },
                StageSummaryReply,
            )
        if reply is None or not reply.summary.strip():
            return stage_summary_template(question, ideas)
        return StageSummary(
            question=question,
            summary=reply.summary.strip(),
            disagreements=[d.strip() for d in reply.disagreements if d.strip()],
            source="model",
        )

    def draft_hypothesis(self, idea_text: str, setting: str) -> HypothesisDraft:
        """A pilot's hypothesis and measures from the catalogue, never an unknown measure id."""
        catalogue = "\n".join(
            f"- {m.id}: {m.name}, {m.unit}, {m.direction} is better"
            for m in self._knowledge.measures()
        )
        reply = self._ask(
            "draft_hypothesis",
            {"setting": setting, "idea": idea_text, "measures": catalogue},
            HypothesisReply,
        )
        measures = self._measures.valid(reply.measure_ids) if reply else []
        if reply is None or not reply.hypothesis.strip() or not measures:
            # The template only quotes the group's own recorded idea back to it: no redaction wait.
            return self._measures.hypothesis_template(idea_text, setting)
        return HypothesisDraft(
            hypothesis=reply.hypothesis.strip(), measure_ids=measures, source="model"
        )

    def leaders_paragraph(self, figures: Figures) -> str:
        """The leaders' paragraph; a model's wording is used only when it adds no number."""
        if not figures:
            return leaders_template(figures)
        reply = self._ask(
            "leaders_paragraph", {"figures": figures_text(figures)}, LeadersParagraphReply
        )
        if reply is None or not reply.paragraph.strip():
            return leaders_template(figures)
        invented = invented_numbers(reply.paragraph, figures)
        if invented:
            log.warning(
                "leaders_paragraph fell back: %d number(s) not among the figures", len(invented)
            )
            return leaders_template(figures)
        return " ".join(reply.paragraph.split())

    def meeting_for_thread(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> tuple[Meeting, WorkingGroup] | None:
        """The open meeting (and its group) whose thread this is, if any."""
        if self._meetings is None:
            return None
        return self._meetings.open_meeting(team_id, channel_id, thread_ts)


def _discussion_line(idea: IdeaDiscussion) -> str:
    """One idea as the summary prompt lists it: id, votes, ratings, status, then its concerns."""
    disputed = "; marked settle by pilot" if idea.settle_by_pilot else ""
    ratings = idea.consensus or "none"
    line = f"- {idea.short_id} ({idea.votes} votes; fist-to-five {ratings}{disputed}): {idea.text}"
    concerns = [f"\n  concern: {c}" for c in idea.concerns]
    unlisted = idea.concerns_raised - len(idea.concerns)
    if unlisted:
        concerns.append(f"\n  {unlisted} concern(s) raised, text not given")
    return line + "".join(concerns)
