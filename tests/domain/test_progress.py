"""A pilot's IHI progress score: activity levels, then goal-referenced levels from its measures."""

from __future__ import annotations

import pytest

from bot.domain.progress import (
    GoalProgress,
    IhiScore,
    activity_score,
    cycle_improved,
    goal_score,
    pilot_score,
)
from bot.domain.run_chart import Direction, judge

LOWER = Direction.LOWER_IS_BETTER
BASELINE = [30, 31, 29, 30, 32, 28]  # median 30


def progress(period: list[float], target: float = 10) -> GoalProgress:
    """A lower-is-better measure with baseline median 30, this pilot period and a target."""
    judgement = judge([*BASELINE, *period], LOWER, len(BASELINE))
    recent = sorted(period[-4:])
    current = (recent[1] + recent[2]) / 2
    return GoalProgress(baseline=30, target=target, current=current, judgement=judgement)


def test_scale_runs_from_intent_to_outstanding_results_in_half_points():
    assert [float(s) for s in IhiScore] == [x / 2 for x in range(1, 11)]
    assert IhiScore(2.5).describe() == "2.5 changes tested"
    assert IhiScore(5.0).label == "outstanding sustainable results"


@pytest.mark.parametrize(
    "baseline_values, period_values, level",
    [(0, 0, 1.5), (6, 0, 2.0), (6, 3, 2.5), (0, 3, 2.5)],
)
def test_activity_levels_follow_what_was_measured(baseline_values, period_values, level):
    assert activity_score(baseline_values, period_values).value == level


# Baseline median 30, target 10: the share of the way is (30 - current) / 20.
# Six values since the start, all below the baseline median (a shift), ending at `current`.
@pytest.mark.parametrize(
    "period, share, level",
    [
        ([28.2, 28.2, 28.2, 28.2, 28.2, 28.2], 0.09, None),  # 9% of the way: not even 3.0
        ([26, 26, 26, 26, 26, 26], 0.20, 3.0),  # a fifth: modest improvement
        ([23, 23, 23, 23, 23, 23], 0.35, 3.5),  # a third and more: improvement
        ([20, 20, 20, 20, 20, 20], 0.50, 4.0),  # half the goal met: significant improvement
        ([15, 15, 15, 15, 15, 15], 0.75, 4.5),  # three quarters, held: sustainable
        ([10, 10, 10, 10, 10, 10], 1.00, 5.0),  # goal met and held: outstanding
        ([8, 8, 8, 8, 8, 8], 1.10, 5.0),  # beyond the goal
    ],
)
def test_goal_referenced_levels(period, share, level):
    measured = progress(period)
    assert measured.share_of_goal == pytest.approx(share)
    expected = IhiScore(level) if level is not None else None
    assert goal_score(measured) is expected


def test_nine_percent_of_the_way_from_30_to_10_does_not_reach_significant_improvement():
    measured = progress([28.2] * 8)
    assert measured.judgement.verdict.value == "improvement"
    assert pilot_score(IhiScore.CHANGES_TESTED, [measured]) is IhiScore.CHANGES_TESTED


def test_three_quarters_of_the_way_but_not_held_is_significant_not_sustainable():
    # Down to 15 but the last value is back above the baseline median: the shift has ended.
    measured = progress([15, 15, 15, 15, 15, 15, 15, 31])
    assert not measured.sustained
    assert goal_score(measured) is IhiScore.SIGNIFICANT_IMPROVEMENT


def test_without_an_improvement_on_the_run_chart_the_goal_does_not_count():
    # Three values at the target are too few to judge: no goal-referenced level.
    measured = progress([10, 10, 10])
    assert goal_score(measured) is None


def test_any_measure_significantly_worse_keeps_the_cycle_from_counting_as_improved():
    better = progress([10] * 6)
    worse = GoalProgress(
        baseline=80,
        target=90,
        current=70,
        judgement=judge(
            [80, 81, 79, 80, 82, 78, 70, 70, 70, 70, 70, 70], Direction.HIGHER_IS_BETTER, 6
        ),
    )
    assert worse.judgement.verdict.value == "deterioration"
    assert pilot_score(IhiScore.CHANGES_TESTED, [better, worse]) is IhiScore.CHANGES_TESTED
    assert not cycle_improved([better.judgement, worse.judgement])
    assert cycle_improved([better.judgement])


def test_the_score_falls_again_when_the_improvement_goes():
    improved = pilot_score(IhiScore.CHANGES_TESTED, [progress([20] * 6)])
    gone = pilot_score(IhiScore.CHANGES_TESTED, [progress([20] * 6 + [31, 30.5, 32, 31, 33, 31])])
    assert (improved, gone) == (IhiScore.SIGNIFICANT_IMPROVEMENT, IhiScore.CHANGES_TESTED)
