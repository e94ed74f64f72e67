"""Figures that claim a gain, from measured series only (pure: no Slack, no SQL).

- Hours reclaimed = (baseline median - pilot-period median) of the first time measure in
  hours a week x participants, shown only when its run chart shows an improvement; otherwise
  "not shown yet" with the reason.
- Value/burden = Quality / (Financial cost + Human cost) (Runnels & Pronovost, BMJ Qual Saf
  2025), each part an index with its baseline at 100 moved only behind a run-chart signal;
  human cost = time (in hours) + the share of Mini-Z ratings at 3 or more; financial cost =
  the cost measures tracked and, with a role's rate, what the staff time costs in dollars a
  year (hours a week x 52 weeks x the role's hourly cost, as the cost avoided is counted).
  Shown only when some part improved.
- The IHI score from the current cycle's series (bot.domain.progress).
Each figure names its basis in one line.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.models import PilotMeasure
from bot.domain.money import RoleRate, cost_avoided_per_year, dollars
from bot.domain.pilots import MeasureSeries, current_level
from bot.domain.progress import GoalProgress, IhiScore, activity_score, pilot_score
from bot.domain.run_chart import MIN_BASELINE_POINTS, SHIFT_LENGTH, RunChartJudgement, Verdict
from bot.domain.value import (
    WORKDAYS_PER_WEEK,
    HoursReclaimed,
    MiniZShare,
    TimeUnit,
    ValueBurden,
    ValueFigure,
    hours_reclaimed_per_week,
    weekly_hours,
)

# EHR-use metrics are per 8 h of scheduled patient time; turning them into hours a week needs
# each person's patient hours, which the bot does not know: it assumes four clinic days.
ASSUMED_PATIENT_HOURS_PER_WEEK = 32.0
INDEX_BASE = 100.0
# Why a figure that claims a gain is not shown yet, by the run chart's verdict.
_NOT_SHOWN = {
    Verdict.TOO_FEW_POINTS: "only {period} value(s) since the start; at least {shift} needed",
    Verdict.NO_SIGNAL: "the run chart shows no signal yet",
    Verdict.DETERIORATION: "the run chart shows a change in the worse direction",
    Verdict.MIXED: "the run chart shows signals both ways",
    Verdict.CHANGE: "the run chart's signal has no direction",
}


def not_shown_reason(judgement: RunChartJudgement) -> str | None:
    """Why a figure claiming a gain cannot rest on this run chart, or None when it can."""
    if judgement.verdict is Verdict.IMPROVEMENT:
        return None
    if judgement.verdict is Verdict.TOO_LITTLE_BASELINE:
        return (
            f"{judgement.baseline_points} baseline value(s) measured before the start; at "
            f"least {MIN_BASELINE_POINTS} needed (log them with a date before the start)"
        )
    return _NOT_SHOWN[judgement.verdict].format(period=judgement.period_points, shift=SHIFT_LENGTH)


def hours_reclaimed(series: Sequence[MeasureSeries], participants: int) -> HoursReclaimed | None:
    """Hours a week reclaimed, from the first time measure that converts to hours; "not shown
    yet" with the reason unless its run chart shows an improvement. None without such a
    measure."""
    for item in series:
        measure = item.measure
        unit = _time_unit(measure.unit)
        if unit is None or measure.kind != "human_time":
            continue
        ehr = unit is TimeUnit.HOURS_PER_8H_PATIENT_TIME
        patient_hours = ASSUMED_PATIENT_HOURS_PER_WEEK if ehr else None
        assumption = (
            f"assuming {ASSUMED_PATIENT_HOURS_PER_WEEK:.0f} h of scheduled patient time a week"
            if ehr
            else None
        )
        reason = not_shown_reason(item.judgement)
        before, after = item.baseline_median, item.period_median
        if reason is not None or before is None or after is None:
            return HoursReclaimed(
                measure_id=measure.measure_id,
                name=measure.name,
                participants=participants,
                reason=reason or "no values yet",
            )
        hours = hours_reclaimed_per_week(
            before, after, unit, participants, patient_hours_per_week=patient_hours
        )
        return HoursReclaimed(
            measure_id=measure.measure_id,
            name=measure.name,
            participants=participants,
            hours_per_week=hours,
            basis=_hours_basis(measure, before, after, unit, participants),
            assumption=assumption,
        )
    return None


def _hours_basis(
    measure: PilotMeasure, before: float, after: float, unit: TimeUnit, participants: int
) -> str:
    """'(baseline median 90 - pilot-period median 60 minutes per day) x 5 days / 60 x 3
    people, behind a run-chart improvement'."""
    to_hours = {
        TimeUnit.MINUTES_PER_DAY: f" x {WORKDAYS_PER_WEEK:g} days / 60",
        TimeUnit.MINUTES_PER_WEEK: " / 60",
        TimeUnit.HOURS_PER_WEEK: "",
        TimeUnit.HOURS_PER_8H_PATIENT_TIME: f" x {ASSUMED_PATIENT_HOURS_PER_WEEK:g} / 8",
    }[unit]
    people = f"{participants} {'person' if participants == 1 else 'people'}"
    return (
        f"({measure.name}: baseline median {_num(before)} - pilot-period median {_num(after)} "
        f"{measure.unit}){to_hours} x {people}, behind a run-chart improvement"
    )


def value_figure(
    series: Sequence[MeasureSeries],
    burnout: tuple[MiniZShare, MiniZShare] | None = None,
    rate: RoleRate | None = None,
    participants: int = 1,
) -> ValueFigure | None:
    """Value/burden before and now from measured parts, or "not shown yet" with the reason.

    With the `rate` of the role whose time comes back, the staff time's cost in dollars a year
    (for the `participants`) is a financial part too. None when the pilot tracks no human cost
    (no time measure in hours and no Mini-Z shares).
    """
    parts: dict[str, list[float]] = {"quality": [], "financial": [], "time": []}
    notes: list[str] = []
    improved = False
    for item in series:
        part = _part(item)
        if part is None:
            continue
        index, note, better = _index(item, part)
        parts[part].append(index)
        notes.append(note)
        improved = improved or better
    staff = staff_time_cost(series, rate, participants) if rate is not None else None
    if staff is not None:
        parts["financial"].append(staff.index)
        notes.append(staff.note)
    satisfaction = None
    if burnout is not None:
        satisfaction, note, better = _satisfaction_index(*burnout)
        notes.append(note)
        improved = improved or better
    if not parts["time"] and satisfaction is None:
        return None
    basis = "; ".join(notes)
    if not improved:
        reason = "no part of it shows a run-chart improvement yet"
        return ValueFigure(reason=reason, basis=basis)
    time_now = statistics.fmean(parts["time"]) if parts["time"] else 0.0
    human_before = INDEX_BASE * (bool(parts["time"]) + (satisfaction is not None))
    human_after = time_now + (satisfaction or 0.0)
    if human_after <= 0:
        return ValueFigure(reason="the burden measured fell to zero", basis=basis)
    # Quality's absence is said once, in the verdict (ValueBurden.quality_measured).
    missing = ["financial not measured"] if not parts["financial"] else []
    vb = ValueBurden(
        quality_before=INDEX_BASE,
        quality_after=statistics.fmean(parts["quality"]) if parts["quality"] else INDEX_BASE,
        financial_cost_before=INDEX_BASE if parts["financial"] else 0.0,
        financial_cost_after=statistics.fmean(parts["financial"]) if parts["financial"] else 0.0,
        human_cost_before=human_before,
        human_cost_after=human_after,
        quality_measured=bool(parts["quality"]),
    )
    return ValueFigure(value_burden=vb, basis="; ".join([*notes, *missing]))


@dataclass(frozen=True)
class StaffTimeCost:
    """What the staff time of a pilot's first time measure costs a year (dollars), before and
    now, and the financial index it gives (baseline 100; moved only behind a run-chart signal)."""

    cost_before: float
    cost_now: float
    moved: bool
    note: str  # the one-line basis

    @property
    def index(self) -> float:
        """The financial index now: 100 x cost now / cost before, or 100 when not moved."""
        if not self.moved or self.cost_before <= 0:
            return INDEX_BASE
        return INDEX_BASE * self.cost_now / self.cost_before


def staff_time_cost(
    series: Sequence[MeasureSeries], rate: RoleRate, participants: int = 1
) -> StaffTimeCost | None:
    """The staff time's cost in dollars a year: hours a week (first time measure, as hours
    reclaimed counts them) x participants x 52 weeks x the role's hourly cost. None without a
    time measure in hours or its baseline and pilot-period medians."""
    for item in series:
        unit = _time_unit(item.measure.unit)
        if unit is None or item.measure.kind != "human_time":
            continue
        before, after = item.baseline_median, item.period_median
        if before is None or after is None:
            return None
        patients = (
            ASSUMED_PATIENT_HOURS_PER_WEEK if unit is TimeUnit.HOURS_PER_8H_PATIENT_TIME else None
        )
        people = max(participants, 1)
        hours = [
            weekly_hours(v, unit, patient_hours_per_week=patients) * people for v in (before, after)
        ]
        cost_before, cost_now = (cost_avoided_per_year(h, rate.hourly_cost) for h in hours)
        verdict = item.judgement.verdict
        moved = verdict in (Verdict.IMPROVEMENT, Verdict.DETERIORATION) and cost_before > 0
        head = f"financial (staff time of {item.measure.name} x {people} at {rate.citation})"
        if not moved:
            note = f"{head} held at 100: {verdict.value.replace('_', ' ')}"
        else:
            note = (
                f"{head} {_num(INDEX_BASE * cost_now / cost_before)}: {dollars(cost_before)} "
                f"-> {dollars(cost_now)} a year ({dollars(cost_before - cost_now)} avoided = "
                f"hours reclaimed x 52 weeks x the hourly cost)"
            )
        return StaffTimeCost(cost_before, cost_now, moved, note)
    return None


def _part(series: MeasureSeries) -> str | None:
    """Which part of the ratio a measure feeds: time only from measures in hours."""
    kind = series.measure.kind
    if kind == "human_time":
        return "time" if _time_unit(series.measure.unit) is not None else None
    return kind if kind in ("quality", "financial") else None


def _index(series: MeasureSeries, part: str) -> tuple[float, str, bool]:
    """The part's index now (baseline 100), a note on how, and whether it moved the better way.

    The index moves only behind a run-chart improvement or deterioration; otherwise it is held
    at 100. Quality rises with a higher-is-better measure; a cost (time, money) rises with a
    lower-is-better one; the other way round the index is the inverse ratio.
    """
    measure, judgement = series.measure, series.judgement
    before, after = series.baseline_median, series.period_median
    name = f"{part} ({measure.name})"
    moved = judgement.verdict in (Verdict.IMPROVEMENT, Verdict.DETERIORATION)
    if not moved or before is None or after is None or before <= 0 or after <= 0:
        return INDEX_BASE, f"{name} held at 100: {judgement.verdict.value.replace('_', ' ')}", False
    rises_with_measure = (part == "quality") == (measure.direction == "higher")
    ratio = after / before if rises_with_measure else before / after
    index = INDEX_BASE * ratio
    note = f"{name} {_num(index)}: median {_num(before)} -> {_num(after)} {measure.unit}"
    return index, note, judgement.verdict is Verdict.IMPROVEMENT


def _satisfaction_index(before: MiniZShare, after: MiniZShare) -> tuple[float, str, bool]:
    """Reduced satisfaction as an index of the share of Mini-Z ratings at 3 or more (a
    proportion), moved only when the two Wilson 95% intervals do not overlap."""
    text = f"burnout share at 3+ {before.plain_text()} -> {after.plain_text()}"
    apart = after.high < before.low or after.low > before.high
    if not apart or before.share == 0:
        return INDEX_BASE, f"{text}, held at 100 (no clear change)", False
    index = INDEX_BASE * after.share / before.share
    return index, f"{text}, index {_num(index)}", after.share < before.share


def goal_progress(series: MeasureSeries) -> GoalProgress:
    """A measure's way from its frozen baseline median to its target, for the IHI score."""
    return GoalProgress(
        baseline=series.baseline_median,
        target=series.measure.target,
        current=current_level(series.period_values),
        judgement=series.judgement,
    )


def score_of(series: Sequence[MeasureSeries]) -> IhiScore:
    """The pilot's IHI score from its current cycle's series (see bot.domain.progress)."""
    activity = activity_score(
        max((s.baseline_count for s in series), default=0),
        max((len(s.period_values) for s in series), default=0),
    )
    if any(s.cycle > 1 for s in series):  # a later cycle: a change was tested already
        activity = max(activity, IhiScore.CHANGES_TESTED, key=lambda score: score.value)
    return pilot_score(activity, (goal_progress(s) for s in series))


def _time_unit(unit: str) -> TimeUnit | None:
    """The time unit a measure's unit names, if it converts to hours a week."""
    try:
        return TimeUnit(unit.strip().lower())
    except ValueError:
        return None


def _num(x: float) -> str:
    """A number as a person writes it: 12, 7.5, 0.33."""
    return f"{x:,.2f}".rstrip("0").rstrip(".") if x != round(x) else f"{round(x):,}"
