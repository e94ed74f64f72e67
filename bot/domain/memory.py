"""What the micro-experiment memory answers: similar experiments, search hits and search filters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    """Base of the memory's answers: immutable once built."""

    model_config = ConfigDict(frozen=True)


class SimilarExperiment(_Answer):
    """An experiment of the same workspace whose idea reads like the one just proposed."""

    number: int
    group_id: int
    channel_id: str
    setting: str
    question: str
    status: str
    text: str
    score: float = Field(ge=0.0, le=1.0)  # cosine similarity of the two ideas

    @property
    def short_id(self) -> str:
        """The id members type, like E-12."""
        return f"E-{self.number}"


class SearchFilters(_Answer):
    """Optional narrowing of `find`: a playbook setting, a question and an experiment status."""

    setting: str | None = None  # a playbook setting such as "inpatient" (normalised)
    question: str | None = None  # stop, automate, delegate, outsource, keep_sacred
    status: str | None = None  # an ExperimentStatus value; playbook entries have none


class SearchHit(_Answer):
    """One result of `find`: a group's experiment, or a playbook entry (never mistaken for one)."""

    kind: Literal["experiment", "playbook"]
    text: str
    question: str
    score: float = Field(ge=0.0, le=1.0)
    # Experiments only.
    number: int | None = None
    group_id: int | None = None
    channel_id: str | None = None
    setting: str | None = None
    status: str | None = None
    # Playbook entries only.
    entry_id: str | None = None
    title: str | None = None
    settings: tuple[str, ...] = ()

    @property
    def short_id(self) -> str | None:
        """The experiment's id like E-12, or None for a playbook entry."""
        return f"E-{self.number}" if self.number is not None else None
