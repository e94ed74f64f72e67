"""Run-chart rules of Perla, Provost & Murray (2011), read as a clinician would.

A pilot's series is its baseline (measured before the start) then the pilot period, judged
against the frozen baseline median.
"""

from __future__ import annotations

import math
import random
import statistics
from itertools import combinations, groupby

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.run_chart import (
    MIN_BASELINE_POINTS,
    Direction,
    SignalKind,
    Verdict,
    judge,
    runs_limits,
)

LOWER = Direction.LOWER_IS_BETTER
HIGHER = Direction.HIGHER_IS_BETTER


def kinds(judgement) -> list[SignalKind]:
    """The kinds of signal in a judgement, in order."""
    return [s.kind for s in judgement.signals]


# --- the runs table -------------------------------------------------------------


def enumerated_run_counts(useful: int) -> dict[int, int]:
    """How many arrangements of half the points below and half above give each number of
    runs, by listing every arrangement (independent of the module's formula)."""
    below = useful // 2
    counts: dict[int, int] = {}
    for positions in combinations(range(useful), below):
        chosen = set(positions)
        sides = [i in chosen for i in range(useful)]
        runs = 1 + sum(1 for a, b in zip(sides, sides[1:], strict=False) if a != b)
        counts[runs] = counts.get(runs, 0) + 1
    return counts


def limits_from_counts(counts: dict[int, int], risk: float = 0.05) -> tuple[int, int]:
    """Swed-Eisenhart critical values at `risk` per tail from counted arrangements."""
    total = sum(counts.values())
    runs = sorted(counts)
    low = max(r for r in runs if sum(counts[s] for s in runs if s <= r) / total <= risk)
    high = min(r for r in runs if sum(counts[s] for s in runs if s >= r) / total <= risk)
    return low, high


@pytest.mark.parametrize("useful", range(10, 19))
def test_runs_limits_match_an_enumeration_of_every_arrangement(useful):
    assert runs_limits(useful) == limits_from_counts(enumerated_run_counts(useful))


def test_runs_limits_give_the_rows_quoted_in_the_domain_notes():
    # DOMAIN.md and Perla's Table 1: 10 points 3 to 9 runs; 20 points 6 to 16.
    assert runs_limits(10) == (3, 9)
    assert runs_limits(20) == (6, 16)


@pytest.mark.parametrize("useful", range(19, 161))
def test_runs_limits_are_within_one_run_of_the_normal_approximation(useful):
    # Swed & Eisenhart's normal approximation: mean 2ab/n + 1, 1.645 SD for 5% in a tail.
    a, b = useful // 2, useful - useful // 2
    mean = 2 * a * b / useful + 1
    sd = math.sqrt(2 * a * b * (2 * a * b - useful) / (useful**2 * (useful - 1)))
    low, high = runs_limits(useful) or (0, 0)
    assert abs(low - (mean - 1.645 * sd)) <= 1.5
    assert abs(high - (mean + 1.645 * sd)) <= 1.5
    assert low < mean < high


def test_runs_limits_are_unknown_under_ten_useful_points():
    assert runs_limits(9) is None
    assert runs_limits(0) is None


# --- the examples -------------------------------------------------------

# Inbox messages (lower is better): the first seven weeks before the start are the baseline.
ROSE = [16, 7, 8, 6, 7, 8, 7, 15, 16, 14, 17, 15, 16]
FELL = [6, 15, 14, 16, 15, 14, 17, 7, 6, 8, 7, 6, 9]


def test_a_measure_that_rose_from_about_7_to_15_is_a_deterioration():
    judgement = judge(ROSE, LOWER, baseline_points=7)
    assert judgement.median == 7
    assert judgement.verdict is Verdict.DETERIORATION
    assert judgement.plain_text("weeks") == (
        "Deterioration: 6 weeks in a row above the baseline median (shift)."
    )


def test_a_measure_that_fell_from_about_15_to_7_is_an_improvement():
    judgement = judge(FELL, LOWER, baseline_points=7)
    assert judgement.median == 15
    assert judgement.verdict is Verdict.IMPROVEMENT


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
    assert (shift.side, shift.improvement) == ("below", True)


def test_shift_below_is_a_deterioration_when_higher_is_better():
    judgement = judge(SIX_BELOW, HIGHER, baseline_points=8)
    assert judgement.verdict is Verdict.DETERIORATION
    assert judgement.signals[0].improvement is False


def test_shift_above_is_an_improvement_when_higher_is_better():
    judgement = judge(SIX_ABOVE, HIGHER, baseline_points=8)
    assert judgement.verdict is Verdict.IMPROVEMENT
    assert [(s.kind, s.side) for s in judgement.signals] == [(SignalKind.SHIFT, "above")]


def test_five_in_a_row_below_is_not_a_shift():
    judgement = judge([*BASELINE, 12, 9, 8, 9, 8, 9, 12], LOWER, baseline_points=8)
    assert SignalKind.SHIFT not in kinds(judgement)
    assert judgement.verdict is Verdict.NO_SIGNAL
    assert judgement.plain_text("weeks") == (
        "No signal: 7 weeks since the start vary around the baseline median of 11.5."
    )


def test_points_on_the_median_neither_break_nor_extend_a_shift():
    # 11.5 sits on the baseline median: six useful points below, spread over seven weeks.
    judgement = judge([*BASELINE, 9, 8, 9, 11.5, 8, 9, 8], LOWER, baseline_points=8)
    (shift,) = judgement.signals
    assert (shift.start, shift.end, shift.length) == (8, 14, 6)
    assert judgement.useful_points == 6


def test_a_level_held_throughout_is_no_signal_however_the_series_opens():
    # High for eight weeks before the start and high since: nothing changed.
    judgement = judge([10, 12, 11, 13, 10, 12, 11, 13, 12, 11, 13, 10, 12, 11], LOWER, 8)
    assert judgement.verdict is Verdict.NO_SIGNAL


def test_shifts_on_both_sides_are_mixed():
    values = [*BASELINE, 14, 15, 14, 15, 14, 15, 9, 8, 9, 8, 9, 8]
    judgement = judge(values, LOWER, baseline_points=8)
    assert judgement.verdict is Verdict.MIXED
    assert judgement.plain_text("weeks").startswith(
        "Mixed signals: better (6 weeks in a row below the baseline median (shift))"
    )


# --- trends ---------------------------------------------------------------------


def test_trend_of_five_counts_tied_neighbours_once():
    judgement = judge([*BASELINE, 11, 10, 10, 9, 8, 8, 7], LOWER, baseline_points=8)
    trend = next(s for s in judgement.signals if s.kind is SignalKind.TREND)
    assert (trend.start, trend.end, trend.length) == (8, 14, 5)
    assert (trend.direction, trend.side, trend.improvement) == ("down", "below", True)


def test_tied_neighbours_do_not_lengthen_a_trend():
    # Seven points, but only four distinct steps down.
    judgement = judge([*BASELINE, 12, 11, 11, 10, 10, 9, 9], LOWER, baseline_points=8)
    assert SignalKind.TREND not in kinds(judgement)


def test_trend_takes_the_side_most_of_its_points_are_on_not_its_slope():
    # Rising, but four of its five points are still below the baseline median: better.
    judgement = judge([*BASELINE, 7, 8, 9, 10, 30, 9, 8], LOWER, baseline_points=8)
    trend = next(s for s in judgement.signals if s.kind is SignalKind.TREND)
    assert (trend.direction, trend.side, trend.improvement) == ("up", "below", True)
    assert judgement.verdict is not Verdict.DETERIORATION


def test_trends_are_read_in_the_pilot_period_only():
    # The baseline itself falls five steps; the pilot period holds the baseline's level.
    judgement = judge([15, 14, 13, 12, 11, 10, 12, 13, 11, 12, 13, 11], LOWER, 6)
    assert SignalKind.TREND not in kinds(judgement)


# --- runs -----------------------------------------------------------------------


def test_too_few_runs_is_a_change_without_direction():
    # Pilot period in blocks of five above and below the baseline median: 4 runs in 20 points.
    period = [1, 2, 1, 3, 2, 8, 9, 8, 7, 9] * 2
    judgement = judge([5, 4, 6, 5, 4, 6, *period], LOWER, baseline_points=6)
    assert (judgement.useful_points, judgement.runs, judgement.runs_range) == (20, 4, (6, 16))
    assert kinds(judgement) == [SignalKind.TOO_FEW_RUNS]
    assert judgement.signals[0].improvement is None
    assert judgement.verdict is Verdict.CHANGE


def test_too_many_runs_when_points_alternate():
    judgement = judge([4, 6] * 3 + [1, 9] * 10, HIGHER, baseline_points=6)
    assert judgement.runs == 20
    assert kinds(judgement) == [SignalKind.TOO_MANY_RUNS]
    assert judgement.verdict is Verdict.CHANGE
    assert "too many runs" in judgement.plain_text()


# --- no signal, too little baseline, too few points -----------------------------


def test_random_noise_shows_no_signal():
    rng = random.Random(5)
    values = [round(rng.gauss(30, 4), 1) for _ in range(20)]
    judgement = judge(values, LOWER, baseline_points=8)
    median = statistics.median(values[:8])
    # Check independently what the rules see, so the seed is genuinely signal-free.
    sides = [v > median for v in values[8:] if v != median]
    run_lengths = [len(list(run)) for _, run in groupby(sides)]
    period = values[8:]
    moves = [b > a for a, b in zip(period, period[1:], strict=False) if a != b]
    leg_lengths = [len(list(leg)) + 1 for _, leg in groupby(moves)]
    assert (judgement.runs, judgement.useful_points) == (len(run_lengths), len(sides))
    assert max(run_lengths) < 6 and max(leg_lengths) < 5
    assert judgement.signals == ()
    assert judgement.verdict is Verdict.NO_SIGNAL


def test_too_little_baseline_judges_nothing_and_says_so():
    # A typed baseline is not a measured one: two values before the start, then a clear fall.
    judgement = judge([60, 61, 50, 49, 51, 50, 48, 50, 49, 51, 50, 49, 48, 50], LOWER, 2)
    assert judgement.verdict is Verdict.TOO_LITTLE_BASELINE
    assert judgement.signals == ()
    assert judgement.plain_text() == (
        "Not judged: 2 baseline values measured before the start; a run chart needs at "
        f"least {MIN_BASELINE_POINTS} to freeze a baseline median."
    )


def test_no_baseline_at_all_judges_nothing():
    judgement = judge([50] * 12, LOWER, baseline_points=0)
    assert (judgement.median, judgement.verdict) == (None, Verdict.TOO_LITTLE_BASELINE)


def test_a_short_pilot_period_is_too_few_to_judge_but_what_is_seen_is_reported():
    judgement = judge([*BASELINE, 9, 8, 7, 6, 5], LOWER, baseline_points=8)
    assert judgement.verdict is Verdict.TOO_FEW_POINTS
    assert kinds(judgement) == [SignalKind.TREND]
    text = judgement.plain_text("weeks")
    assert text.startswith("Too few points to judge: 5 weeks since the start (13 with the")
    assert "5 weeks in a row going down, mostly below the baseline median (trend)" in text


def test_no_values_judges_nothing():
    judgement = judge([], LOWER, baseline_points=0)
    assert (judgement.median, judgement.verdict) == (None, Verdict.TOO_LITTLE_BASELINE)


# --- astronomical points --------------------------------------------------------


def test_astronomical_point_is_marked_possible_and_does_not_decide_alone():
    values = [30, 28, 29, 31, 32, 30, 28, 27, 31, 29, 95, 30, 29, 31]
    judgement = judge(values, LOWER, baseline_points=6)
    (point,) = judgement.signals
    assert (point.kind, point.start, point.possible) == (SignalKind.ASTRONOMICAL, 10, True)
    assert point.improvement is False
    assert judgement.verdict is Verdict.NO_SIGNAL
    assert "point 11 is unusually high (possible astronomical point)" in judgement.plain_text()


def test_ordinary_spread_is_not_astronomical():
    values = [30, 28, 29, 31, 32, 30, 28, 27, 31, 29, 36, 30, 29, 31]
    assert judge(values, LOWER, baseline_points=6).signals == ()


# --- properties -----------------------------------------------------------------

_SERIES = st.lists(st.integers(-50, 50), min_size=0, max_size=40)
_OPPOSITE = {LOWER: HIGHER, HIGHER: LOWER}
_SWAPPED = {Verdict.IMPROVEMENT: Verdict.DETERIORATION, Verdict.DETERIORATION: Verdict.IMPROVEMENT}


@settings(max_examples=300, deadline=None)
@given(_SERIES, st.data(), st.sampled_from([LOWER, HIGHER]))
def test_mirroring_a_series_and_its_direction_gives_the_same_verdict(values, data, direction):
    baseline = data.draw(st.integers(0, len(values)))
    mirrored = [-v for v in values]
    judgement = judge(values, direction, baseline)
    assert judge(mirrored, _OPPOSITE[direction], baseline).verdict is judgement.verdict
    # Mirroring the series alone turns an improvement into a deterioration and back.
    flipped = judge(mirrored, direction, baseline).verdict
    assert flipped is _SWAPPED.get(judgement.verdict, judgement.verdict)


@st.composite
def clear_improvement(draw):
    """A baseline around one level and a pilot period clearly on the better side of it."""
    direction = draw(st.sampled_from([LOWER, HIGHER]))
    spread = draw(st.integers(1, 5))
    before = draw(st.integers(20, 80))
    gap = draw(st.integers(2 * spread + 1, 40))
    after = before - gap if direction is LOWER else before + gap
    noise = st.integers(-spread, spread)
    baseline = [before + draw(noise) for _ in range(draw(st.integers(MIN_BASELINE_POINTS, 15)))]
    period = [after + draw(noise) for _ in range(draw(st.integers(7, 25)))]
    return direction, baseline, period


@settings(max_examples=300, deadline=None)
@given(clear_improvement(), st.data(), st.integers(-1000, 1000))
def test_one_stray_point_never_turns_an_improvement_into_a_deterioration(case, data, stray):
    direction, baseline, period = case
    values = [*baseline, *period]
    assert judge(values, direction, len(baseline)).verdict is Verdict.IMPROVEMENT
    where = data.draw(st.integers(0, len(values) - 1))
    values[where] = stray
    assert judge(values, direction, len(baseline)).verdict is not Verdict.DETERIORATION


# --- refusals -------------------------------------------------------------------


def test_baseline_longer_than_the_series_is_refused():
    with pytest.raises(ValueError):
        judge([1, 2, 3], LOWER, baseline_points=4)


def test_missing_values_are_refused():
    with pytest.raises(ValueError):
        judge([1.0, float("nan"), 3.0], LOWER, baseline_points=1)
