"""A pilot's IHI progress score moves with what happens to the pilot."""

from __future__ import annotations

import pytest

from bot.domain.progress import (
    Decision,
    IhiScore,
    ProgressEvent,
    ProgressEventKind,
    advance,
)
from bot.domain.run_chart import Direction, judge

LOWER = Direction.LOWER_IS_BETTER
BASELINE = [10, 12, 11, 13, 10, 12, 11, 13]  # median 11.5


def event(kind: ProgressEventKind, **details) -> ProgressEvent:
    """An event of the given kind with optional details."""
    return ProgressEvent(kind=kind, **details)


def test_scale_runs_from_intent_to_outstanding_results_in_half_points():
    assert [float(s) for s in IhiScore] == [x / 2 for x in range(1, 11)]
    assert IhiScore(0.5).label == "intent to participate"
    assert IhiScore(2.5).describe() == "2.5 changes tested"
    assert IhiScore(5.0).label == "outstanding sustainable results"


def test_stored_float_score_reads_back_as_a_scale_point():
    # Pilot.ihi_score is stored as a float.
    assert IhiScore(1.5) is IhiScore.PLANNING
    assert float(IhiScore.SUSTAINABLE_IMPROVEMENT) == 4.5


def test_creating_a_pilot_means_planning():
    assert advance(IhiScore.TEAM_FORMED, event(ProgressEventKind.PILOT_CREATED)) == 1.5


def test_first_observation_means_activity_without_changes():
    score = advance(IhiScore.PLANNING, event(ProgressEventKind.OBSERVATION_RECORDED))
    assert score is IhiScore.ACTIVITY_NO_CHANGES


@pytest.mark.parametrize(
    "details", [{"after_change": True}, {"cycle": 2}], ids=["after change", "second cycle"]
)
def test_observations_after_the_change_mean_changes_tested(details):
    score = advance(
        IhiScore.ACTIVITY_NO_CHANGES, event(ProgressEventKind.OBSERVATION_RECORDED, **details)
    )
    assert score is IhiScore.CHANGES_TESTED


def test_improvement_on_a_single_signal_is_modest_improvement():
    judgement = judge([*BASELINE, 12, 9, 8, 9, 8, 9, 8], LOWER, baseline_points=8)
    assert len(judgement.signals) == 1
    score = advance(
        IhiScore.CHANGES_TESTED, event(ProgressEventKind.JUDGEMENT_MADE, judgement=judgement)
    )
    assert score is IhiScore.MODEST_IMPROVEMENT


def test_shift_backed_by_another_signal_is_improvement():
    # Eight weeks high then eight low: two shifts and too few runs.
    judgement = judge([10, 12, 11, 13, 10, 12, 11, 13, 6, 7, 5, 6, 7, 5, 6, 7], LOWER)
    score = advance(
        IhiScore.CHANGES_TESTED, event(ProgressEventKind.JUDGEMENT_MADE, judgement=judgement)
    )
    assert score is IhiScore.IMPROVEMENT


def test_trend_alone_is_modest_improvement_even_with_other_steps():
    judgement = judge([30, 26, 31, 25, 34, 32, 30, 30, 29, 27, 29, 33, 26], LOWER)
    score = advance(
        IhiScore.CHANGES_TESTED, event(ProgressEventKind.JUDGEMENT_MADE, judgement=judgement)
    )
    assert score is IhiScore.MODEST_IMPROVEMENT


def test_judgement_without_improvement_leaves_the_score():
    judgement = judge(
        [*BASELINE, 12, 9, 8, 9, 8, 9, 8], Direction.HIGHER_IS_BETTER, baseline_points=8
    )
    score = advance(
        IhiScore.CHANGES_TESTED, event(ProgressEventKind.JUDGEMENT_MADE, judgement=judgement)
    )
    assert score is IhiScore.CHANGES_TESTED


def test_adopting_after_an_improvement_is_significant_improvement():
    adopted = event(ProgressEventKind.DECISION_MADE, decision=Decision.ADOPT, improved_cycles=1)
    assert advance(IhiScore.IMPROVEMENT, adopted) is IhiScore.SIGNIFICANT_IMPROVEMENT


def test_adopting_after_two_improved_cycles_is_sustainable():
    adopted = event(
        ProgressEventKind.DECISION_MADE, decision=Decision.ADOPT, cycle=2, improved_cycles=2
    )
    assert advance(IhiScore.IMPROVEMENT, adopted) is IhiScore.SUSTAINABLE_IMPROVEMENT


@pytest.mark.parametrize(
    "decision, improved_cycles",
    [(Decision.ADOPT, 0), (Decision.ADAPT, 1), (Decision.ABANDON, 2)],
)
def test_other_decisions_leave_the_score(decision, improved_cycles):
    decided = event(
        ProgressEventKind.DECISION_MADE, decision=decision, improved_cycles=improved_cycles
    )
    assert advance(IhiScore.MODEST_IMPROVEMENT, decided) is IhiScore.MODEST_IMPROVEMENT


def test_score_never_goes_down_on_a_later_event():
    later_observation = event(ProgressEventKind.OBSERVATION_RECORDED)
    assert advance(IhiScore.IMPROVEMENT, later_observation) is IhiScore.IMPROVEMENT


def test_a_whole_pilot_walks_up_the_scale():
    improved = judge([*BASELINE, 12, 9, 8, 9, 8, 9, 8], LOWER, baseline_points=8)
    events = [
        event(ProgressEventKind.PILOT_CREATED),
        event(ProgressEventKind.OBSERVATION_RECORDED),
        event(ProgressEventKind.OBSERVATION_RECORDED, after_change=True),
        event(ProgressEventKind.JUDGEMENT_MADE, judgement=improved),
        event(ProgressEventKind.DECISION_MADE, decision=Decision.ADOPT, improved_cycles=1),
    ]
    score = IhiScore.TEAM_FORMED
    seen = []
    for happened in events:
        score = advance(score, happened)
        seen.append(float(score))
    assert seen == [1.5, 2.0, 2.5, 3.0, 4.0]


def test_decision_values_are_what_members_type():
    assert [d.value for d in Decision] == ["adopt", "adapt", "abandon"]
