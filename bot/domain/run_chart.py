"""Run-chart judgement of a pilot's measure (Perla, Provost & Murray, BMJ Qual Saf 2011;20:46-51).

A pilot's series is a baseline (values measured before the change) followed by the pilot
period. As Perla et al. describe for a before-and-after chart, the baseline median is frozen
and extended across the pilot period, and the pilot period is read against it:

- a **shift** is 6 or more useful pilot-period points in a row on one side of the baseline
  median (points on it are skipped: they neither break nor extend a shift);
- a **trend** is 5 or more pilot-period points all going up or all going down (equal
  neighbours count once);
- **too few or too many runs** of pilot-period points around the baseline median, for their
  number (see runs_limits);
- an **astronomical point** is left to the eye in the paper; here a point far from the rest is
  marked *possible* and never decides alone.

A signal's direction is its side of the baseline median (for a trend, the side most of its
points are on) combined with the measure's direction: below the baseline median is better for
a lower-is-better measure. The direction is never read from whichever run comes first, so one
stray point cannot turn an improvement into a deterioration. Runs have no direction.

With fewer than MIN_BASELINE_POINTS baseline values there is no median worth freezing and the
chart judges nothing; with fewer than 10 points in all, or a pilot period shorter than a shift,
the data are too few to judge.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from enum import StrEnum
from itertools import groupby
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.runs_limits import MIN_USEFUL_POINTS, runs_limits

SHIFT_LENGTH = 6
TREND_LENGTH = 5
# A frozen median from fewer values is so uncertain that 12 pilot-period points of pure noise
# show a 6-point shift 31% (4-5 values) to 50% (1 value) of the time, against 27% with 6 and
# 12% with a median known exactly (benchmarks/verdicts.py prints this). Six is also the
# length of a shift, and what a group can measure in six weeks before starting.
MIN_BASELINE_POINTS = 6
# A possible astronomical point lies more than this many robust standard deviations
# (1.4826 x MAD) from the median; see _astronomical for why so far.
ASTRONOMICAL_ROBUST_SDS = 5.0
ASTRONOMICAL_MIN_POINTS = 5

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

    TOO_LITTLE_BASELINE = "too_little_baseline"
    TOO_FEW_POINTS = "too_few_points"
    NO_SIGNAL = "no_signal"
    IMPROVEMENT = "improvement"
    DETERIORATION = "deterioration"
    MIXED = "mixed"  # signals point both ways
    CHANGE = "change"  # non-random, but the rules that fired have no direction


class Signal(BaseModel):
    """One rule that fired, over points start..end (indices into the whole series, inclusive)."""

    model_config = ConfigDict(frozen=True)

    kind: SignalKind
    start: int
    end: int
    # Points that make the signal: useful points (shift), distinct values (trend), runs (runs).
    length: int
    direction: Movement | None = None  # shift: its side as a level; trend: which way it moves
    improvement: bool | None = None  # on the better side of the baseline median; None: no side
    side: Side | None = None  # where the signal sits against the baseline median
    possible: bool = False  # True when the rule is a judgement call (astronomical point)


class RunChartJudgement(BaseModel):
    """The run-chart reading of one measure: frozen baseline median, runs, signals and verdict.

    `median` is the baseline median (None without baseline values); `useful_points` and `runs`
    count the pilot-period points off that median.
    """

    model_config = ConfigDict(frozen=True)

    direction: Direction
    points: int
    median: float | None
    baseline_points: int
    useful_points: int
    runs: int
    runs_range: tuple[int, int] | None
    signals: tuple[Signal, ...]
    verdict: Verdict

    @property
    def period_points(self) -> int:
        """Points measured in the pilot period (after the baseline)."""
        return self.points - self.baseline_points

    def plain_text(self, period: str = "points") -> str:
        """One line for a clinician: 'Improvement: 7 weeks in a row below the baseline median.'"""
        return _plain_text(self, period)


def judge(values: Sequence[float], direction: Direction, baseline_points: int) -> RunChartJudgement:
    """Read a series (baseline values first, then the pilot period, each in time order).

    The first `baseline_points` values are the baseline; their median is frozen and the rest
    is judged against it. Raises ValueError for values that are not finite numbers or a
    baseline longer than the series.
    """
    series = [float(v) for v in values]
    if any(not math.isfinite(v) for v in series):
        raise ValueError("run-chart values must be finite numbers")
    if not 0 <= baseline_points <= len(series):
        raise ValueError(f"baseline_points must be between 0 and {len(series)}")
    median = statistics.median(series[:baseline_points]) if baseline_points else None
    sides = _sides(series, median, baseline_points)
    groups = _runs(sides)
    limits = runs_limits(len(sides))
    signals: list[Signal] = []
    if median is not None and baseline_points >= MIN_BASELINE_POINTS:
        signals = [
            *_shifts(groups, direction),
            *_trends(series, baseline_points, median, direction),
            *_runs_signals(len(groups), limits, baseline_points, len(series)),
            *_astronomical(series, baseline_points, direction),
        ]
        signals.sort(key=lambda s: (s.start, s.end))
    return RunChartJudgement(
        direction=direction,
        points=len(series),
        median=median,
        baseline_points=baseline_points,
        useful_points=len(sides),
        runs=len(groups),
        runs_range=limits,
        signals=tuple(signals),
        verdict=_verdict(baseline_points, len(series), signals),
    )


def _sides(series: list[float], median: float | None, first: int) -> list[tuple[int, Side]]:
    """Index and side of every pilot-period point not on the baseline median."""
    if median is None:
        return []
    # isclose, because a median of floats can differ from an equal value in the last bit
    return [
        (i, "above" if v > median else "below")
        for i, v in enumerate(series)
        if i >= first and not math.isclose(v, median, rel_tol=1e-9, abs_tol=1e-12)
    ]


def _runs(sides: list[tuple[int, Side]]) -> list[list[tuple[int, Side]]]:
    """Split the useful points into runs: consecutive points on one side."""
    return [list(group) for _, group in groupby(sides, key=lambda point: point[1])]


def _better_side(side: Side | None, direction: Direction) -> bool | None:
    """Whether a signal on this side of the baseline median is the good way for this measure."""
    if side is None:
        return None
    return (side == "below") == (direction is Direction.LOWER_IS_BETTER)


def _shifts(groups: list[list[tuple[int, Side]]], direction: Direction) -> list[Signal]:
    """Runs of six or more useful pilot-period points on one side of the baseline median."""
    signals = []
    for group in groups:
        if len(group) < SHIFT_LENGTH:
            continue
        side = group[0][1]
        signals.append(
            Signal(
                kind=SignalKind.SHIFT,
                start=group[0][0],
                end=group[-1][0],
                length=len(group),
                direction="up" if side == "above" else "down",
                improvement=_better_side(side, direction),
                side=side,
            )
        )
    return signals


def _trends(series: list[float], first: int, median: float, direction: Direction) -> list[Signal]:
    """Five or more pilot-period points all going up or all going down (ties count once)."""
    # Each step is a block of equal neighbours: (value, first index, last index).
    steps: list[tuple[float, int, int]] = []
    for i in range(first, len(series)):
        v = series[i]
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
            start, end = steps[j][1], steps[j + moves][2]
            side = _majority_side(series[start : end + 1], median)
            signals.append(
                Signal(
                    kind=SignalKind.TREND,
                    start=start,
                    end=end,
                    length=moves + 1,
                    direction="up" if up else "down",
                    improvement=_better_side(side, direction),
                    side=side,
                )
            )
        j += moves
    return signals


def _majority_side(values: list[float], median: float) -> Side | None:
    """The side of the median most of these values are on; None when they split evenly."""
    above = sum(1 for v in values if v > median)
    below = sum(1 for v in values if v < median)
    if above == below:
        return None
    return "above" if above > below else "below"


def _runs_signals(
    runs: int, limits: tuple[int, int] | None, first: int, points: int
) -> list[Signal]:
    """Too few or too many pilot-period runs for their number; neither has a direction."""
    if limits is None:
        return []
    low, high = limits
    kind = SignalKind.TOO_FEW_RUNS if runs < low else SignalKind.TOO_MANY_RUNS
    if low <= runs <= high:
        return []
    return [Signal(kind=kind, start=first, end=points - 1, length=runs)]


def _astronomical(series: list[float], first: int, direction: Direction) -> list[Signal]:
    """Pilot-period points far from the rest, marked possible: beyond median +/- 5 x 1.4826 x MAD.

    Perla leaves the astronomical point to the eye. This stand-in uses the whole chart's
    median and median absolute deviation (MAD), so one wild point cannot hide itself by
    inflating the spread. The usual 3 or 3.5 robust SDs flagged 10-30% of simulated pure-noise
    series of 10-50 points; 5 flags about 0.3-4% (normal noise) or 7-9% (skewed noise),
    conservative enough for a hint. With a MAD of zero or fewer than 5 points, it says nothing.
    """
    if len(series) < ASTRONOMICAL_MIN_POINTS:
        return []
    centre = statistics.median(series)
    robust_sd = 1.4826 * statistics.median(abs(v - centre) for v in series)
    if robust_sd == 0:
        return []
    signals = []
    for i in range(first, len(series)):
        v = series[i]
        if abs(v - centre) > ASTRONOMICAL_ROBUST_SDS * robust_sd:
            side: Side = "above" if v > centre else "below"
            signals.append(
                Signal(
                    kind=SignalKind.ASTRONOMICAL,
                    start=i,
                    end=i,
                    length=1,
                    direction="up" if side == "above" else "down",
                    improvement=_better_side(side, direction),
                    side=side,
                    possible=True,
                )
            )
    return signals


def _verdict(baseline_points: int, points: int, signals: list[Signal]) -> Verdict:
    """Sum up the signals; a possible astronomical point alone does not decide."""
    if baseline_points < MIN_BASELINE_POINTS:
        return Verdict.TOO_LITTLE_BASELINE
    if points < MIN_USEFUL_POINTS or points - baseline_points < SHIFT_LENGTH:
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
    if judgement.verdict is Verdict.TOO_LITTLE_BASELINE:
        return (
            f"Not judged: {judgement.baseline_points} baseline value"
            f"{'' if judgement.baseline_points == 1 else 's'} measured before the start; "
            f"a run chart needs at least {MIN_BASELINE_POINTS} to freeze a baseline median."
        )
    if judgement.verdict is Verdict.TOO_FEW_POINTS:
        text = (
            f"Too few points to judge: {judgement.period_points} {period} since the start "
            f"({judgement.points} with the baseline); a run chart needs at least "
            f"{SHIFT_LENGTH} since the start and {MIN_USEFUL_POINTS} in all."
        )
        if signals:
            text += f" Seen so far: {_describe(_pick(signals), judgement, period)}."
        return text
    headline = _HEADLINES[judgement.verdict]
    if judgement.verdict is Verdict.NO_SIGNAL:
        text = (
            f"{headline}: {judgement.period_points} {period} since the start vary around "
            f"the baseline median of {_num(judgement.median)}."
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
    """A few words for one signal, e.g. '7 weeks in a row below the baseline median (shift)'."""
    low, high = judgement.runs_range or (0, 0)
    if signal.kind is SignalKind.SHIFT:
        return f"{signal.length} {period} in a row {signal.side} the baseline median (shift)"
    if signal.kind is SignalKind.TREND:
        going = "going up" if signal.direction == "up" else "going down"
        where = f", mostly {signal.side} the baseline median" if signal.side else ""
        return f"{signal.length} {period} in a row {going}{where} (trend)"
    if signal.kind is SignalKind.TOO_FEW_RUNS:
        return f"only {signal.length} runs where at least {low} were expected (too few runs)"
    if signal.kind is SignalKind.TOO_MANY_RUNS:
        return f"{signal.length} runs where at most {high} were expected (too many runs)"
    where = "high" if signal.direction == "up" else "low"
    return f"point {signal.start + 1} is unusually {where} (possible astronomical point)"


def _num(x: float | None) -> str:
    """A median as a person writes it: 12, 7.5."""
    if x is None:
        return "none"
    return f"{x:g}"
