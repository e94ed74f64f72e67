"""Run-chart rules of Perla, Provost & Murray (2011), read as a clinician would."""

from __future__ import annotations

import random
import statistics
from itertools import groupby
from math import comb

import pytest

from bot.domain.run_chart import (
    Direction,
    SignalKind,
    Verdict,
    judge,
    runs_limits,
)

LOWER = Direction.LOWER_IS_BETTER
HIGHER = Direction.HIGHER_IS_BETTER

# Perla, Provost & Murray, BMJ Qual Saf 2011, Table 1, typed again from the paper
# (useful observations: lower limit, upper limit) so a slip in the module shows.
PERLA_TABLE_1 = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19),
    28: (10, 20), 29: (10, 20), 30: (11, 21), 31: (11, 22), 32: (11, 23), 33: (12, 23),
    34: (12, 24), 35: (13, 24), 36: (13, 25), 37: (13, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27), 41: (15, 27), 42: (16, 28), 43: (16, 28), 44: (17, 29), 45: (17, 30),
    46: (17, 31), 47: (18, 31), 48: (18, 32), 49: (19, 32), 50: (19, 33), 51: (20, 33),
    52: (20, 34), 53: (21, 34), 54: (21, 35), 55: (22, 35), 56: (22, 36), 57: (23, 36),
    58: (23, 37), 59: (24, 38), 60: (24, 38),
}  # fmt: skip

# Rows where the published table is one run away from the exact distribution.
ROWS_DIFFERING_FROM_EXACT = {11, 12, 17, 20, 22, 23, 25, 29, 32, 37, 41, 43, 53, 55, 57, 59}


def swed_eisenhart_limits(useful: int, tail: float = 0.025) -> tuple[int, int]:
    """Exact runs limits for half the points on each side, at most `tail` risk per side."""
    a, b = useful // 2, useful - useful // 2
    total = comb(useful, a)
    probability = {}
    for runs in range(2, useful + 1):
        k = runs // 2
        if runs % 2 == 0:
            ways = 2 * comb(a - 1, k - 1) * comb(b - 1, k - 1)
        else:
            ways = comb(a - 1, k - 1) * comb(b - 1, k) + comb(a - 1, k) * comb(b - 1, k - 1)
        probability[runs] = ways / total
    low = next(
        r for r in range(2, useful + 1) if sum(probability[s] for s in range(2, r + 1)) > tail
    )
    high = next(
        r for r in range(useful, 1, -1) if sum(probability[s] for s in range(r, useful + 1)) > tail
    )
    return low, high


def kinds(judgement) -> list[SignalKind]:
    """The kinds of signal in a judgement, in order."""
    return [s.kind for s in judgement.signals]


# --- the published runs table -------------------------------------------------


@pytest.mark.parametrize("useful, limits", sorted(PERLA_TABLE_1.items()))
def test_runs_limits_reproduce_perla_table_1(useful, limits):
    assert runs_limits(useful) == limits


def test_published_table_is_within_one_run_of_the_exact_swed_eisenhart_limits():
    for useful, (low, high) in PERLA_TABLE_1.items():
        exact_low, exact_high = swed_eisenhart_limits(useful)
        assert abs(low - exact_low) <= 1 and abs(high - exact_high) <= 1, useful


def test_rows_where_the_published_table_differs_from_exact_are_the_documented_ones():
    differing = {n for n, limits in PERLA_TABLE_1.items() if limits != swed_eisenhart_limits(n)}
    assert differing == ROWS_DIFFERING_FROM_EXACT


def test_exact_computation_agrees_with_the_rows_quoted_in_the_domain_notes():
    # DOMAIN.md: 10 points 3 to 9 runs; both the table and the exact computation say so.
    assert swed_eisenhart_limits(10) == (3, 9) == runs_limits(10)


def test_runs_limits_are_unknown_under_ten_useful_points():
    assert runs_limits(9) is None
    assert runs_limits(0) is None


@pytest.mark.parametrize("useful", range(61, 161))
def test_normal_approximation_above_sixty_is_within_one_run_of_exact(useful):
    limits = runs_limits(useful)
    assert limits is not None
    exact_low, exact_high = swed_eisenhart_limits(useful)
    assert abs(limits[0] - exact_low) <= 1 and abs(limits[1] - exact_high) <= 1


def test_normal_approximation_matches_exact_on_almost_every_row_above_sixty():
    # With its half-run continuity correction, only a handful of rows in 61..160 differ.
    differing = [n for n in range(61, 161) if runs_limits(n) != swed_eisenhart_limits(n)]
    assert len(differing) <= 5


# --- shifts ---------------------------------------------------------------------

BASELINE = [10, 12, 11, 13, 10, 12, 11, 13]  # median 11.5, alternating around it
SIX_BELOW = [*BASELINE, 12, 9, 8, 9, 8, 9, 8]
SIX_ABOVE = [*BASELINE, 10, 14, 15, 14, 15, 14, 15]


def test_shift_of_six_below_baseline_median_is_an_improvement_when_lower_is_better():
    judgement = judge(SIX_BELOW, LOWER, baseline_points=8)
    assert judgement.median == 11.5
    assert judgement.verdict is Verdict.IMPROVEMENT
    (shift,) = judgement.signals
    assert (shift.kind, shift.start, shift.end, shift.length) == (SignalKind.SHIFT, 9, 14, 6)
    assert (shift.direction, shift.improvement) == ("down", True)


def test_shift_below_is_a_deterioration_when_higher_is_better():
    judgement = judge(SIX_BELOW, HIGHER, baseline_points=8)
    assert judgement.verdict is Verdict.DETERIORATION
    assert judgement.signals[0].improvement is False


def test_shift_above_is_an_improvement_when_higher_is_better():
    judgement = judge(SIX_ABOVE, HIGHER, baseline_points=8)
    assert judgement.verdict is Verdict.IMPROVEMENT
    assert [(s.kind, s.direction) for s in judgement.signals] == [(SignalKind.SHIFT, "up")]


def test_shift_above_is_a_deterioration_when_lower_is_better():
    judgement = judge(SIX_ABOVE, LOWER, baseline_points=8)
    assert judgement.verdict is Verdict.DETERIORATION


def test_five_in_a_row_below_is_not_a_shift():
    judgement = judge([*BASELINE, 12, 9, 8, 9, 8, 9, 12], LOWER, baseline_points=8)
    assert SignalKind.SHIFT not in kinds(judgement)
    assert judgement.verdict is Verdict.NO_SIGNAL


def test_points_on_the_median_neither_break_nor_extend_a_shift():
    # 11.5 sits on the baseline median: six useful points below, spread over seven weeks.
    judgement = judge([*BASELINE, 9, 8, 9, 11.5, 8, 9, 8], LOWER, baseline_points=8)
    (shift,) = judgement.signals
    assert (shift.start, shift.end, shift.length) == (8, 14, 6)
    assert judgement.useful_points == 14


def test_shift_that_opens_the_series_is_read_as_the_level_the_process_left():
    # Whole-series median: high for eight weeks, then low for eight.
    judgement = judge([10, 12, 11, 13, 10, 12, 11, 13, 6, 7, 5, 6, 7, 5, 6, 7], LOWER)
    shifts = [s for s in judgement.signals if s.kind is SignalKind.SHIFT]
    assert [(s.side, s.direction, s.improvement) for s in shifts] == [
        ("above", "down", True),
        ("below", "down", True),
    ]
    assert judgement.verdict is Verdict.IMPROVEMENT


def test_plain_text_tells_a_clinician_what_the_shift_means():
    judgement = judge([*BASELINE, 9, 8, 9, 8, 9, 8, 9], LOWER, baseline_points=8)
    assert (
        judgement.plain_text("weeks") == "Improvement: 7 weeks in a row below the median (shift)."
    )


def test_shifts_in_both_directions_are_mixed():
    values = [
        20,
        22,
        21,
        23,
        20,
        22,
        21,
        23,
        20,
        22,
        24,
        25,
        26,
        27,
        28,
        18,
        19,
        18,
        19,
        18,
        19,
        18,
    ]
    judgement = judge(values, LOWER)
    assert judgement.verdict is Verdict.MIXED
    assert judgement.plain_text().startswith("Mixed signals: better (7 points in a row below")


# --- trends ---------------------------------------------------------------------


def test_trend_of_five_counts_tied_neighbours_once():
    judgement = judge([10, 9, 9, 8, 7, 7, 6], LOWER)
    (trend,) = judgement.signals
    assert (trend.kind, trend.start, trend.end, trend.length) == (SignalKind.TREND, 0, 6, 5)
    assert trend.direction == "down"


def test_tied_neighbours_do_not_lengthen_a_trend():
    # Seven points, but only four distinct steps down.
    assert judge([10, 9, 9, 8, 8, 7, 7], LOWER).signals == ()


def test_trend_down_with_ties_is_an_improvement_when_lower_is_better():
    values = [30, 26, 31, 25, 34, 32, 30, 30, 29, 27, 29, 33, 26]
    judgement = judge(values, LOWER)
    assert kinds(judgement) == [SignalKind.TREND]
    assert (judgement.signals[0].start, judgement.signals[0].end) == (4, 9)
    assert judgement.verdict is Verdict.IMPROVEMENT
    assert judge(values, HIGHER).verdict is Verdict.DETERIORATION


# --- runs -----------------------------------------------------------------------


def test_too_few_runs_is_a_change_without_direction():
    # Blocks of five below and above the median: 4 runs where 20 points need at least 6.
    judgement = judge([2, 1, 3, 1, 2, 8, 7, 9, 7, 8] * 2, LOWER)
    assert judgement.runs == 4
    assert judgement.runs_range == (6, 16)
    assert kinds(judgement) == [SignalKind.TOO_FEW_RUNS]
    assert judgement.signals[0].improvement is None
    assert judgement.verdict is Verdict.CHANGE


def test_too_many_runs_when_points_alternate():
    judgement = judge([1, 9] * 10, HIGHER)
    assert judgement.runs == 20
    assert kinds(judgement) == [SignalKind.TOO_MANY_RUNS]
    assert judgement.verdict is Verdict.CHANGE
    assert "too many runs" in judgement.plain_text()


# --- no signal, too few points --------------------------------------------------


def test_random_noise_shows_no_signal():
    rng = random.Random(5)
    values = [round(rng.gauss(30, 4), 1) for _ in range(20)]
    judgement = judge(values, LOWER)
    median = statistics.median(values)
    # Check independently what the rules see, so the seed is genuinely signal-free.
    sides = [v > median for v in values if v != median]
    run_lengths = [len(list(run)) for _, run in groupby(sides)]
    moves = [b > a for a, b in zip(values, values[1:], strict=False) if a != b]
    leg_lengths = [len(list(leg)) + 1 for _, leg in groupby(moves)]
    assert (judgement.runs, judgement.useful_points) == (len(run_lengths), 20)
    assert 6 <= len(run_lengths) <= 16
    assert max(run_lengths) < 6 and max(leg_lengths) < 5
    assert judgement.signals == ()
    assert judgement.verdict is Verdict.NO_SIGNAL


def test_flat_series_has_no_useful_points_and_no_signal():
    judgement = judge([5.0] * 12, LOWER)
    assert judgement.useful_points == 0
    assert judgement.signals == ()
    assert judgement.verdict is Verdict.TOO_FEW_POINTS


def test_fewer_than_ten_points_is_too_few_to_judge_but_what_is_seen_is_reported():
    judgement = judge([1, 2, 3, 4, 5, 6, 7, 8, 9], HIGHER)
    assert judgement.verdict is Verdict.TOO_FEW_POINTS
    assert kinds(judgement) == [SignalKind.TREND]
    text = judgement.plain_text("weeks")
    assert text.startswith("Too few points to judge: 8 of 9 weeks off the median")
    assert "9 weeks in a row going up (trend)" in text


def test_no_values_is_too_few_to_judge():
    judgement = judge([], LOWER)
    assert (judgement.median, judgement.verdict) == (None, Verdict.TOO_FEW_POINTS)


# --- astronomical points --------------------------------------------------------


def test_astronomical_point_is_marked_possible_and_does_not_decide_alone():
    judgement = judge([30, 28, 29, 31, 32, 30, 28, 27, 31, 29, 95, 30, 29, 31], LOWER)
    (point,) = judgement.signals
    assert (point.kind, point.start, point.possible) == (SignalKind.ASTRONOMICAL, 10, True)
    assert point.improvement is False
    assert judgement.verdict is Verdict.NO_SIGNAL
    assert "point 11 is unusually high (possible astronomical point)" in judgement.plain_text()


def test_ordinary_spread_is_not_astronomical():
    assert judge([30, 28, 29, 31, 32, 30, 28, 27, 31, 29, 36, 30, 29, 31], LOWER).signals == ()


# --- refusals -------------------------------------------------------------------


def test_baseline_longer_than_the_series_is_refused():
    with pytest.raises(ValueError):
        judge([1, 2, 3], LOWER, baseline_points=4)


def test_missing_values_are_refused():
    with pytest.raises(ValueError):
        judge([1.0, float("nan"), 3.0], LOWER)
