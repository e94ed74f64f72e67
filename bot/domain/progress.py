"""Progress of a pilot on the IHI assessment scale, moved by what happens to the pilot.

The IHI scale runs from 0.5 (intent to participate) to 5.0 (outstanding
sustainable results). The bot moves a pilot's score on plain events, so
leaders see progress without anyone filling in a form:

- pilot created: 1.5 planning;
- first observation: 2.0 activity, no changes yet;
- observations after the change (or in a second PDSA cycle): 2.5 changes tested;
- a run-chart judgement of improvement: 3.0 modest improvement with one
  signal, 3.5 improvement when a shift comes with at least one more signal;
- decision to adopt after an improvement: 4.0 significant improvement;
- decision to adopt after improvement in 2 or more cycles in a row: 4.5 sustainable.

Scores only go up: a bad week does not undo a tested change, and 5.0
(outstanding, sustained results) is left to people, as is lowering a score.
"""

from __future__ import annotations

from enum import Enum, StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.run_chart import RunChartJudgement, SignalKind, Verdict


class IhiScore(float, Enum):
    """A point of the IHI assessment scale; its value is the score itself."""

    INTENT = 0.5
    TEAM_FORMED = 1.0
    PLANNING = 1.5
    ACTIVITY_NO_CHANGES = 2.0
    CHANGES_TESTED = 2.5
    MODEST_IMPROVEMENT = 3.0
    IMPROVEMENT = 3.5
    SIGNIFICANT_IMPROVEMENT = 4.0
    SUSTAINABLE_IMPROVEMENT = 4.5
    OUTSTANDING_SUSTAINABLE_RESULTS = 5.0

    @property
    def label(self) -> str:
        """The scale's words for this score, e.g. 'changes tested'."""
        return _LABELS[self]

    def describe(self) -> str:
        """Score and words together, e.g. '2.5 changes tested'."""
        return f"{self.value:.1f} {self.label}"


_LABELS = {
    IhiScore.INTENT: "intent to participate",
    IhiScore.TEAM_FORMED: "team formed",
    IhiScore.PLANNING: "planning",
    IhiScore.ACTIVITY_NO_CHANGES: "activity, no changes yet",
    IhiScore.CHANGES_TESTED: "changes tested",
    IhiScore.MODEST_IMPROVEMENT: "modest improvement",
    IhiScore.IMPROVEMENT: "improvement",
    IhiScore.SIGNIFICANT_IMPROVEMENT: "significant improvement",
    IhiScore.SUSTAINABLE_IMPROVEMENT: "sustainable improvement",
    IhiScore.OUTSTANDING_SUSTAINABLE_RESULTS: "outstanding sustainable results",
}


class Decision(StrEnum):
    """How a PDSA cycle ends."""

    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class ProgressEventKind(StrEnum):
    """The things that happen to a pilot that can move its score."""

    PILOT_CREATED = "pilot_created"
    OBSERVATION_RECORDED = "observation_recorded"
    JUDGEMENT_MADE = "judgement_made"
    DECISION_MADE = "decision_made"


class ProgressEvent(BaseModel):
    """One event in a pilot's life, with what the score rule needs to know about it."""

    model_config = ConfigDict(frozen=True)

    kind: ProgressEventKind
    cycle: int = Field(default=1, ge=1)  # the PDSA cycle the event belongs to
    after_change: bool = False  # an observation taken once the change was in place
    judgement: RunChartJudgement | None = None  # for JUDGEMENT_MADE
    decision: Decision | None = None  # for DECISION_MADE
    improved_cycles: int = Field(default=0, ge=0)  # cycles in a row, to this one, judged improved


def advance(current: IhiScore, event: ProgressEvent) -> IhiScore:
    """The pilot's score after an event; it never goes down."""
    reached = _score_for(event)
    if reached is None or reached <= current:
        return current
    return reached


def _score_for(event: ProgressEvent) -> IhiScore | None:
    """The score an event shows the pilot has reached, or None if it shows nothing new."""
    if event.kind is ProgressEventKind.PILOT_CREATED:
        return IhiScore.PLANNING
    if event.kind is ProgressEventKind.OBSERVATION_RECORDED:
        tested = event.after_change or event.cycle >= 2
        return IhiScore.CHANGES_TESTED if tested else IhiScore.ACTIVITY_NO_CHANGES
    if event.kind is ProgressEventKind.JUDGEMENT_MADE:
        return _score_for_judgement(event.judgement) if event.judgement else None
    if event.decision is Decision.ADOPT and event.improved_cycles >= 2:
        return IhiScore.SUSTAINABLE_IMPROVEMENT
    if event.decision is Decision.ADOPT and event.improved_cycles == 1:
        return IhiScore.SIGNIFICANT_IMPROVEMENT
    return None  # adapt, abandon, or adopt without a measured improvement


def _score_for_judgement(judgement: RunChartJudgement) -> IhiScore | None:
    """3.0 for an improvement on one signal, 3.5 for a shift backed by another signal."""
    if judgement.verdict is not Verdict.IMPROVEMENT:
        return None
    # Undirected signals (too few runs) back a shift; possible astronomical points do not.
    backing = [s for s in judgement.signals if not s.possible and s.improvement is not False]
    has_shift = any(s.kind is SignalKind.SHIFT and s.improvement for s in backing)
    if has_shift and len(backing) >= 2:
        return IhiScore.IMPROVEMENT
    return IhiScore.MODEST_IMPROVEMENT
