"""What the assistant gives back: pydantic models that say whether a model or a template made them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.questions import Question

# "model" when a language model answered, "fallback" when the deterministic method did.
Source = Literal["model", "fallback"]
IdeaQuestion = Literal["stop", "automate", "delegate", "outsource", "keep_sacred"]


class _Result(BaseModel):
    """Base of the assistant's results: immutable once built."""

    model_config = ConfigDict(frozen=True)


class SortedIdea(_Result):
    """One idea found in a message, under the question it answers; its text is redacted."""

    question: Question
    text: str = Field(min_length=1)


class SortedIdeas(_Result):
    """The ideas one message holds, in the order the member wrote them (possibly none)."""

    ideas: list[SortedIdea] = Field(default_factory=list)
    source: Source


class IdeaDiscussion(_Result):
    """One idea of a stage as the meeting recorded it: votes, fist-to-five ratings and concerns.

    Give the concerns' texts when they are at hand, else only their count; `settle_by_pilot`
    is the idea's status when the group already marked it as disputed."""

    short_id: str
    text: str
    votes: int = Field(default=0, ge=0)
    consensus: list[int] = Field(default_factory=list)
    concerns: list[str] = Field(default_factory=list)
    concern_count: int = Field(default=0, ge=0)
    settle_by_pilot: bool = False

    @property
    def concerns_raised(self) -> int:
        """How many concerns were raised, from the texts or the count, whichever says more."""
        return max(len(self.concerns), self.concern_count)


class StageSummary(_Result):
    """A few sentences on one question's discussion, with its disagreements named."""

    question: Question
    summary: str
    disagreements: list[str] = Field(default_factory=list)
    source: Source


class HypothesisDraft(_Result):
    """A pilot's draft hypothesis and measure ids, every one of them from the catalogue."""

    hypothesis: str
    measure_ids: list[str] = Field(default_factory=list)
    source: Source
