"""What a meeting leaves behind: every proposal with its votes, concerns and visible status."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.domain.models import Burden, ExperimentStatus, Meeting, MicroExperiment, WorkingGroup
from bot.domain.questions import ORDER, Question

# Statuses that still need the group's attention after the meeting.
_OPEN_FOR_PILOT = (ExperimentStatus.PROPOSED, ExperimentStatus.SETTLE_BY_PILOT)


class IdeaTally(BaseModel):
    """One proposal of the meeting and how the group received it."""

    model_config = ConfigDict(frozen=True)

    idea: MicroExperiment
    votes: int = 0
    concerns: int = 0
    consensus_count: int = 0
    consensus_mean: float | None = None

    @property
    def disputed(self) -> bool:
        """Split opinion: marked to settle by pilot, or someone raised a concern."""
        return self.idea.status is ExperimentStatus.SETTLE_BY_PILOT or self.concerns > 0


class MeetingSummary(BaseModel):
    """Everything `end` reports: the burdens in play and every idea, sorted for the reader."""

    model_config = ConfigDict(frozen=True)

    meeting: Meeting
    group: WorkingGroup
    burdens: list[Burden]
    ideas: list[IdeaTally]

    def by_question(self) -> list[tuple[Question, list[IdeaTally]]]:
        """Proposals under the questions, in the method's order, most voted first; protected
        work is listed apart (`protected`), so it is left out here."""
        grouped = []
        for question in ORDER:
            under = [
                t
                for t in self.ideas
                if t.idea.question is question and t.idea.status is not ExperimentStatus.PROTECTED
            ]
            if under:
                grouped.append((question, sorted(under, key=lambda t: (-t.votes, t.idea.number))))
        return grouped

    @property
    def disagreements(self) -> list[IdeaTally]:
        """Ideas with split votes or concerns: the method settles these with a pilot."""
        return [t for t in self.ideas if t.disputed and t.idea.status in _OPEN_FOR_PILOT]

    @property
    def parked(self) -> list[IdeaTally]:
        """Ideas held in the parking lot (added work during a checklist pause)."""
        return [t for t in self.ideas if t.idea.status is ExperimentStatus.PARKED]

    @property
    def protected(self) -> list[IdeaTally]:
        """Work the group keeps sacred with clinicians."""
        return [t for t in self.ideas if t.idea.status is ExperimentStatus.PROTECTED]

    @property
    def next_steps(self) -> list[IdeaTally]:
        """Ideas to turn into pilots: disputed ones first, then the rest by votes."""
        candidates = [t for t in self.ideas if t.idea.status in _OPEN_FOR_PILOT]
        return sorted(candidates, key=lambda t: (not t.disputed, -t.votes, t.idea.number))
