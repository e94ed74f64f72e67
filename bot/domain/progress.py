"""Progress of a pilot on the IHI Assessment Scale for Collaboratives, read from its measures.

The scale runs from 0.5 (intent to participate) to 5.0 (outstanding sustainable results). The
lower levels follow what the pilot has done; the upper levels are goal-referenced, from the
share of the way each measure has come from its frozen baseline median to its target:

- no value yet: 1.5 planning;
- values measured only before the start (the baseline): 2.0 activity, no changes yet;
- values since the start: 2.5 changes tested;
- a run-chart improvement that has come at least a fifth of the way to the target: 3.0 modest
  improvement; a third of the way: 3.5 improvement; half: 4.0 significant improvement;
- three quarters, with the last 6 values all on the better side of the baseline median
  (sustained): 4.5 sustainable improvement; the whole way, sustained: 5.0 outstanding.

A cycle in which any measure is significantly worse (a run-chart deterioration, or signals both
ways) is not improved, whatever the other measures show. The score is worked out afresh from
the data each time, so it falls again when an improvement does not hold or proves wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum, StrEnum

from pydantic import BaseModel, ConfigDict

from bot.domain.run_chart import SHIFT_LENGTH, RunChartJudgement, Verdict


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

# Share of the way from baseline to target each goal-referenced level needs (IHI Assessment
# Scale for Collaboratives: modest ~ a fifth of the expected result, significant ~ half the
# goal, sustainable ~ three quarters, outstanding = goal met), highest first.
GOAL_LEVELS: tuple[tuple[float, bool, IhiScore], ...] = (
    (1.0, True, IhiScore.OUTSTANDING_SUSTAINABLE_RESULTS),
    (0.75, True, IhiScore.SUSTAINABLE_IMPROVEMENT),
    (0.5, False, IhiScore.SIGNIFICANT_IMPROVEMENT),
    (1 / 3, False, IhiScore.IMPROVEMENT),
    (0.2, False, IhiScore.MODEST_IMPROVEMENT),
)
WORSE_VERDICTS = frozenset({Verdict.DETERIORATION, Verdict.MIXED})


class Decision(StrEnum):
    """How a PDSA cycle ends."""

    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class GoalProgress(BaseModel):
    """One measure's way from its frozen baseline median towards its target."""

    model_config = ConfigDict(frozen=True)

    baseline: float | None  # the frozen baseline median; None without a measured baseline
    target: float | None
    current: float | None  # where the measure stands now (median of the latest values)
    judgement: RunChartJudgement

    @property
    def share_of_goal(self) -> float | None:
        """(baseline - current) / (baseline - target): 0 at baseline, 1 at target; None when
        baseline, target or current is missing or the target equals the baseline."""
        if self.baseline is None or self.target is None or self.current is None:
            return None
        if self.target == self.baseline:
            return None
        return (self.baseline - self.current) / (self.baseline - self.target)

    @property
    def sustained(self) -> bool:
        """Whether the last 6 pilot-period values all sit on the better side of the median."""
        signals = [s for s in self.judgement.signals if s.improvement is True]
        last = self.judgement.points - 1
        return any(
            s.kind == "shift" and s.end == last and s.length >= SHIFT_LENGTH for s in signals
        )


def goal_score(progress: GoalProgress) -> IhiScore | None:
    """The goal-referenced level one measure has reached, or None below a fifth of the way
    or without a run-chart improvement."""
    share = progress.share_of_goal
    if progress.judgement.verdict is not Verdict.IMPROVEMENT or share is None:
        return None
    for needed, must_hold, level in GOAL_LEVELS:
        if share >= needed - 1e-9 and (progress.sustained or not must_hold):
            return level
    return None


def activity_score(baseline_values: int, period_values: int) -> IhiScore:
    """1.5 before any value, 2.0 with only baseline values, 2.5 once values since the start."""
    if period_values:
        return IhiScore.CHANGES_TESTED
    return IhiScore.ACTIVITY_NO_CHANGES if baseline_values else IhiScore.PLANNING


def pilot_score(activity: IhiScore, measures: Iterable[GoalProgress]) -> IhiScore:
    """The pilot's score now: its activity level, raised by the best goal-referenced level of
    its measures unless any measure is significantly worse."""
    progress = list(measures)
    if any(p.judgement.verdict in WORSE_VERDICTS for p in progress):
        return activity
    levels = [level for level in map(goal_score, progress) if level is not None]
    return max([activity, *levels], key=lambda score: score.value)


def cycle_improved(judgements: Iterable[RunChartJudgement]) -> bool:
    """A cycle improved when some measure shows an improvement and none is significantly worse."""
    verdicts = {j.verdict for j in judgements}
    return Verdict.IMPROVEMENT in verdicts and not verdicts & WORSE_VERDICTS
