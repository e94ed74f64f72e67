"""The shapes a language model fills through structured output; checked before anyone sees them.

They are separate from the results in `models.py` so that what the model is asked for stays
small and plain (no source field, no enum of the review stage)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.assist.models import IdeaQuestion


class SortedIdeaReply(BaseModel):
    """One idea the model found: the question it answers and the idea in the member's words."""

    question: IdeaQuestion = Field(description="stop, automate, delegate, outsource or keep_sacred")
    text: str = Field(description="the idea, one sentence, in the member's own words")


class SortedIdeasReply(BaseModel):
    """Every separate idea in the message; an empty list when it holds none."""

    ideas: list[SortedIdeaReply] = Field(default_factory=list)


class StageSummaryReply(BaseModel):
    """A short summary of the stage and each disagreement in one line."""

    summary: str = Field(description="two to four sentences")
    disagreements: list[str] = Field(default_factory=list, description="one line each")


class HypothesisReply(BaseModel):
    """A one-sentence hypothesis and the ids of the catalogue measures that would test it."""

    hypothesis: str = Field(description="If we ..., then ... will ... within ... weeks")
    measure_ids: list[str] = Field(description="ids from the measure catalogue only")


class LeadersParagraphReply(BaseModel):
    """The paragraph for leaders, using only the figures given."""

    paragraph: str
