"""Run-chart judgement of a pilot's measure (Perla, Provost & Murray, BMJ Qual Saf 2011;20:46-51).

The centre line is the median; points exactly on it are skipped for shifts and
runs. Four rules read the chart: a shift (6 or more useful points in a row on
one side), a trend (5 or more points all going up or all going down, equal
neighbours counted once), too few or too many runs for the number of useful
points, and an astronomical point. Each measure says whether lower or higher is
better, so a signal reads as an improvement or a deterioration.

The runs limits for 10 to 60 useful points are Perla's Table 1, derived from
Swed & Eisenhart (1943) with about 5% risk. Computing the exact distribution
(half the points above, half below; at most 2.5% in each tail) agrees with the
published table on 35 of its 51 rows; on rows 11, 12, 17, 20, 22, 23, 25, 29,
32, 37, 41, 43, 53, 55, 57 and 59 the published limit differs from the exact
one by one run. We keep the published numbers, since that is what clinicians
see on paper; tests/domain/test_run_chart.py checks both facts.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from enum import StrEnum
from itertools import groupby
from typing import Literal

from pydantic import BaseModel, ConfigDict

MIN_USEFUL_POINTS = 10
SHIFT_LENGTH = 6
TREND_LENGTH = 5
# A possible astronomical point lies more than this many robust standard deviations
# (1.4826 x MAD) from the median; see _astronomical for why so far.
ASTRONOMICAL_ROBUST_SDS = 5.0
ASTRONOMICAL_MIN_POINTS = 5

# Perla, Provost & Murray 2011, Table 1: useful points -> (lower, upper) limit.
# Fewer runs than the lower limit are "too few"; more than the upper, "too many".
PUBLISHED_RUNS_LIMITS: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12),
    15: (5, 12), 16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15),
    20: (6, 16), 21: (7, 16), 22: (7, 17), 23: (7, 17), 24: (8, 18),
    25: (8, 18), 26: (9, 19), 27: (10, 19), 28: (10, 20), 29: (10, 20),
    30: (11, 21), 31: (11, 22), 32: (11, 23), 33: (12, 23), 34: (12, 24),
    35: (13, 24), 36: (13, 25), 37: (13, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27), 41: (15, 27), 42: (16, 28), 43: (16, 28), 44: (17, 29),
    45: (17, 30), 46: (17, 31), 47: (18, 31), 48: (18, 32), 49: (19, 32),
    50: (19, 33), 51: (20, 33), 52: (20, 34), 53: (21, 34), 54: (21, 35),
    55: (22, 35), 56: (22, 36), 57: (23, 36), 58: (23, 37), 59: (24, 38),
    60: (24, 38),
}  # fmt: skip

Side = Literal["above", "below"]
Movement = Literal["up", "down"]


class Direction(StrEnum):
    """Which way a measure should move to count as better."""

    LOWER_IS_BETTER = "lower"
    HIGHER_IS_BETTER = "higher"


class SignalKind(StrEnum):
    """The run-chart rules that can fire."""

    SHIFT = "shift"
    TREND = "trend"
    TOO_FEW_RUNS = "too_few_runs"
    TOO_MANY_RUNS = "too_many_runs"
    ASTRONOMICAL = "astronomical"


class Verdict(StrEnum):
    """What the chart says about the pilot, in one word."""

    TOO_FEW_POINTS = "too_few_points"
    NO_SIGNAL = "no_signal"
    IMPROVEMENT = "improvement"
    DETERIORATION = "deterioration"
    MIXED = "mixed"  # signals point both ways
    CHANGE = "change"  # non-random, but the rules that fired have no direction


class Signal(BaseModel):
    """One rule that fired, over points start..end (indices into the series, inclusive)."""

    model_config = ConfigDict(frozen=True)

    kind: SignalKind
    start: int
    end: int
    # Points that make the signal: useful points (shift), distinct values (trend), runs (runs).
    length: int
    direction: Movement | None = None  # which way the process moved
    improvement: bool | None = None  # None when the rule has no direction
    side: Side | None = None  # for a shift or an astronomical point: where it sits
    possible: bool = False  # True when the rule is a judgement call (astronomical point)


class RunChartJudgement(BaseModel):
    """The run-chart reading of one measure: centre line, runs, signals and verdict."""

    model_config = ConfigDict(frozen=True)

    direction: Direction
    points: int
    median: float | None
    baseline_points: int | None = None
    useful_points: int
    runs: int
    runs_range: tuple[int, int] | None
    signals: tuple[Signal, ...]
    verdict: Verdict

    def plain_text(self, period: str = "points") -> str:
        """One line for a clinician: 'Improvement: 7 weeks in a row below the median (shift).'"""
        return _plain_text(self, period)


def runs_limits(useful_points: int) -> tuple[int, int] | None:
    """Lowest and highest number of runs expected by chance, or None under 10 useful points.

    From 10 to 60 useful points this is Perla's published table. Above 60 it is
    the normal approximation of the Swed-Eisenhart distribution with half the
    points on each side (mean 2ab/n + 1, variance 2ab(2ab - n) / (n^2 (n - 1)),
    1.96 standard deviations, continuity correction of half a run); it matches
    the exact 2.5%-per-tail limits within one run.
    """
    if useful_points < MIN_USEFUL_POINTS:
        return None
    if useful_points in PUBLISHED_RUNS_LIMITS:
        return PUBLISHED_RUNS_LIMITS[useful_points]
    n = useful_points
    below, above = n // 2, n - n // 2
    mean = 2 * below * above / n + 1
    variance = 2 * below * above * (2 * below * above - n) / (n * n * (n - 1))
    spread = 1.96 * math.sqrt(variance)
    return math.floor(mean - spread + 0.5), math.ceil(mean + spread - 0.5)


def judge(
    values: Sequence[float], direction: Direction, baseline_points: int | None = None
) -> RunChartJudgement:
    """Read a series in time order with Perla's run-chart rules and say what it shows.

    With baseline_points, the centre line is the median of the first that many
    points and a shift is read against it (above it is "up"). Without, the centre
    line is the whole series' median and a shift is read in time order: a shift
    that opens the series means the process later left that level.
    """
    series = [float(v) for v in values]
    if any(not math.isfinite(v) for v in series):
        raise ValueError("run-chart values must be finite numbers")
    if baseline_points is not None and not 1 <= baseline_points <= len(series):
        raise ValueError(f"baseline_points must be between 1 and {len(series)}")
    reference = series[:baseline_points] if baseline_points else series
    median = statistics.median(reference) if reference else None
    sides = _sides(series, median)
    groups = _runs(sides)
    useful = len(sides)
    limits = runs_limits(useful)
    signals = [
        *_shifts(groups, direction, read_in_time_order=baseline_points is None),
        *_trends(series, direction),
        *_runs_signals(len(groups), limits, len(series)),
        *_astronomical(series, direction),
    ]
    signals.sort(key=lambda s: (s.start, s.end))
    return RunChartJudgement(
        direction=direction,
        points=len(series),
        median=median,
        baseline_points=baseline_points,
        useful_points=useful,
        runs=len(groups),
        runs_range=limits,
        signals=tuple(signals),
        verdict=_verdict(useful, signals),
    )


def _sides(series: list[float], median: float | None) -> list[tuple[int, Side]]:
    """Index and side of every point not on the centre line."""
    if median is None:
        return []
    # isclose, because a median of floats can differ from an equal value in the last bit
    return [
        (i, "above" if v > median else "below")
        for i, v in enumerate(series)
        if not math.isclose(v, median, rel_tol=1e-9, abs_tol=1e-12)
    ]


def _runs(sides: list[tuple[int, Side]]) -> list[list[tuple[int, Side]]]:
    """Split the useful points into runs: consecutive points on one side."""
    groups: list[list[tuple[int, Side]]] = []
    for point in sides:
        if groups and groups[-1][-1][1] == point[1]:
            groups[-1].append(point)
        else:
            groups.append([point])
    return groups


def _is_improvement(movement: Movement, direction: Direction) -> bool:
    """Whether a move up or down is the good way for this measure."""
    return (movement == "down") == (direction is Direction.LOWER_IS_BETTER)


def _shifts(
    groups: list[list[tuple[int, Side]]], direction: Direction, read_in_time_order: bool
) -> list[Signal]:
    """Runs of six or more useful points on one side of the centre line."""
    signals = []
    for number, group in enumerate(groups):
        if len(group) < SHIFT_LENGTH:
            continue
        side = group[0][1]
        movement: Movement = "up" if side == "above" else "down"
        # Against the whole-series median, an opening shift is the old level the process left.
        if read_in_time_order and number == 0 and len(groups) > 1:
            movement = "down" if movement == "up" else "up"
        signals.append(
            Signal(
                kind=SignalKind.SHIFT,
                start=group[0][0],
                end=group[-1][0],
                length=len(group),
                direction=movement,
                improvement=_is_improvement(movement, direction),
                side=side,
            )
        )
    return signals


def _trends(series: list[float], direction: Direction) -> list[Signal]:
    """Five or more points all going up or all going down; equal neighbours count once."""
    # Each step is a block of equal neighbours: (value, first index, last index).
    steps: list[tuple[float, int, int]] = []
    for i, v in enumerate(series):
        if steps and v == steps[-1][0]:
            steps[-1] = (v, steps[-1][1], i)
        else:
            steps.append((v, i, i))
    rising = [steps[j + 1][0] > steps[j][0] for j in range(len(steps) - 1)]
    signals = []
    j = 0
    for up, leg in groupby(rising):
        moves = len(list(leg))  # a leg of n moves joins n + 1 steps
        if moves + 1 >= TREND_LENGTH:
            movement: Movement = "up" if up else "down"
            signals.append(
                Signal(
                    kind=SignalKind.TREND,
                    start=steps[j][1],
                    end=steps[j + moves][2],
                    length=moves + 1,
                    direction=movement,
                    improvement=_is_improvement(movement, direction),
                )
            )
        j += moves
    return signals


def _runs_signals(runs: int, limits: tuple[int, int] | None, points: int) -> list[Signal]:
    """Too few or too many runs for the number of useful points; neither has a direction."""
    if limits is None:
        return []
    low, high = limits
    if runs < low:
        return [Signal(kind=SignalKind.TOO_FEW_RUNS, start=0, end=points - 1, length=runs)]
    if runs > high:
        return [Signal(kind=SignalKind.TOO_MANY_RUNS, start=0, end=points - 1, length=runs)]
    return []


def _astronomical(series: list[float], direction: Direction) -> list[Signal]:
    """Points far from the rest, marked possible: beyond median +/- 5 x 1.4826 x MAD.

    Perla leaves the astronomical point to the eye. This stand-in uses the median
    and the median absolute deviation (MAD), so one wild point cannot hide itself
    by inflating the spread. The usual 3 or 3.5 robust SDs flagged 10-30% of
    simulated pure-noise series of 10-50 points; 5 flags about 0.3-4% (normal
    noise) or 7-9% (skewed noise), conservative enough for a hint. With a MAD of
    zero (most points equal) or fewer than 5 points, it says nothing.
    """
    if len(series) < ASTRONOMICAL_MIN_POINTS:
        return []
    centre = statistics.median(series)
    robust_sd = 1.4826 * statistics.median(abs(v - centre) for v in series)
    if robust_sd == 0:
        return []
    signals = []
    for i, v in enumerate(series):
        if abs(v - centre) > ASTRONOMICAL_ROBUST_SDS * robust_sd:
            movement: Movement = "up" if v > centre else "down"
            signals.append(
                Signal(
                    kind=SignalKind.ASTRONOMICAL,
                    start=i,
                    end=i,
                    length=1,
                    direction=movement,
                    improvement=_is_improvement(movement, direction),
                    side="above" if v > centre else "below",
                    possible=True,
                )
            )
    return signals


def _verdict(useful_points: int, signals: list[Signal]) -> Verdict:
    """Sum up the signals; a possible astronomical point alone does not decide."""
    if useful_points < MIN_USEFUL_POINTS:
        return Verdict.TOO_FEW_POINTS
    firm = [s for s in signals if not s.possible]
    better = any(s.improvement is True for s in firm)
    worse = any(s.improvement is False for s in firm)
    if better and worse:
        return Verdict.MIXED
    if better:
        return Verdict.IMPROVEMENT
    if worse:
        return Verdict.DETERIORATION
    return Verdict.CHANGE if firm else Verdict.NO_SIGNAL


_HEADLINES = {
    Verdict.NO_SIGNAL: "No signal",
    Verdict.IMPROVEMENT: "Improvement",
    Verdict.DETERIORATION: "Deterioration",
    Verdict.MIXED: "Mixed signals",
    Verdict.CHANGE: "Non-random change, direction unclear",
}
_RANK = {
    SignalKind.SHIFT: 0, SignalKind.TREND: 1, SignalKind.TOO_FEW_RUNS: 2,
    SignalKind.TOO_MANY_RUNS: 3, SignalKind.ASTRONOMICAL: 4,
}  # fmt: skip


def _plain_text(judgement: RunChartJudgement, period: str) -> str:
    """Build the one-line explanation behind RunChartJudgement.plain_text."""
    signals = judgement.signals
    if judgement.verdict is Verdict.TOO_FEW_POINTS:
        text = (
            f"Too few points to judge: {judgement.useful_points} of {judgement.points} {period} "
            f"off the median, a run chart needs at least {MIN_USEFUL_POINTS}."
        )
        if signals:
            text += f" Seen so far: {_describe(_pick(signals), judgement, period)}."
        return text
    headline = _HEADLINES[judgement.verdict]
    if judgement.verdict is Verdict.NO_SIGNAL:
        low, high = judgement.runs_range or (0, 0)
        text = (
            f"{headline}: {judgement.points} {period} vary around the median "
            f"({judgement.runs} runs, {low} to {high} expected by chance)."
        )
        if signals:
            text += f" Worth a look: {_describe(_pick(signals), judgement, period)}."
        return text
    if judgement.verdict is Verdict.MIXED:
        good = _pick([s for s in signals if s.improvement is True and not s.possible])
        bad = _pick([s for s in signals if s.improvement is False and not s.possible])
        return (
            f"{headline}: better ({_describe(good, judgement, period)}) "
            f"and worse ({_describe(bad, judgement, period)})."
        )
    wanted = {Verdict.IMPROVEMENT: True, Verdict.DETERIORATION: False}.get(judgement.verdict)
    main = _pick([s for s in signals if s.improvement is wanted and not s.possible])
    others = len([s for s in signals if not s.possible]) - 1
    more = f"; {others} more signal{'s' if others > 1 else ''}" if others > 0 else ""
    return f"{headline}: {_describe(main, judgement, period)}{more}."


def _pick(signals: Sequence[Signal]) -> Signal:
    """The signal to lead with: the strongest kind, then the latest."""
    return min(signals, key=lambda s: (_RANK[s.kind], -s.end))


def _describe(signal: Signal, judgement: RunChartJudgement, period: str) -> str:
    """A few words for one signal, e.g. '7 weeks in a row below the median (shift)'."""
    low, high = judgement.runs_range or (0, 0)
    if signal.kind is SignalKind.SHIFT:
        text = f"{signal.length} {period} in a row {signal.side} the median"
        if (signal.side == "above") != (signal.direction == "up"):
            text += f" at the start, {'higher' if signal.direction == 'up' else 'lower'} since"
        return text + " (shift)"
    if signal.kind is SignalKind.TREND:
        going = "going up" if signal.direction == "up" else "going down"
        return f"{signal.length} {period} in a row {going} (trend)"
    if signal.kind is SignalKind.TOO_FEW_RUNS:
        return f"only {signal.length} runs where at least {low} were expected (too few runs)"
    if signal.kind is SignalKind.TOO_MANY_RUNS:
        return f"{signal.length} runs where at most {high} were expected (too many runs)"
    where = "high" if signal.direction == "up" else "low"
    return f"point {signal.start + 1} is unusually {where} (possible astronomical point)"
