"""What a pilot has shown: run-chart judgement per measure, hours reclaimed, burnout, value/burden.

Read-only and close to pure: it loads a pilot's rows and hands them to the domain rules. The
leaders' report uses `pilot_outcome` as well as `pilots`.

A measure's series is its baseline (values dated before the pilot's start, whatever cycle they
were logged in) followed by the current cycle's values since the start. Figures that claim a
gain rest on that measured series only, never on the baseline typed in the form:
- hours reclaimed = (baseline median - pilot-period median) in hours a week x participants,
  shown only when the measure's run chart shows an improvement;
- value/burden = Quality / (Financial cost + Human cost) with each part an index (baseline
  100): a part moves only behind a run-chart signal, else it is held at its baseline; human
  cost is time (in hours) plus the share of Mini-Z ratings at 3 or more. It is shown only when
  some part improved.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Sequence
from datetime import date

from bot.domain.models import Observation, Pilot, PilotMeasure
from bot.domain.pilots import (
    HoursReclaimed,
    MeasureChange,
    MeasureSeries,
    PilotOutcome,
    ValueFigure,
    current_level,
)
from bot.domain.progress import GoalProgress, IhiScore, activity_score, pilot_score
from bot.domain.run_chart import (
    MIN_BASELINE_POINTS,
    SHIFT_LENGTH,
    Direction,
    RunChartJudgement,
    Verdict,
    judge,
)
from bot.domain.value import (
    MINI_Z_RATINGS,
    WORKDAYS_PER_WEEK,
    BurnoutChange,
    MiniZShare,
    TimeUnit,
    ValueBurden,
    burnout_change,
    hours_reclaimed_per_week,
    mini_z_share,
)
from bot.errors import NotFound
from bot.store.groups import GroupStore
from bot.store.pilot_batches import ObservedValue, PilotBatches, PilotRows
from bot.store.pilots import PilotStore

# EHR-use metrics are per 8 h of scheduled patient time; turning them into hours a week needs
# each person's patient hours, which the bot does not know: it assumes four clinic days.
ASSUMED_PATIENT_HOURS_PER_WEEK = 32.0
INDEX_BASE = 100.0
BURNOUT_SAMPLE = 4  # ratings compared at the start and at the end of the first/last cycle
MINI_Z_MEASURE = "mini_z_burnout"
# What to call the points of a chart, from the usual gap in days between them.
_PERIODS = ((1, 1, "days"), (6, 8, "weeks"), (13, 15, "fortnights"), (29, 31, "months"))
# Why a figure that claims a gain is not shown yet, by the run chart's verdict.
_NOT_SHOWN = {
    Verdict.TOO_FEW_POINTS: "only {period} value(s) since the start; at least {shift} needed",
    Verdict.NO_SIGNAL: "the run chart shows no signal yet",
    Verdict.DETERIORATION: "the run chart shows a change in the worse direction",
    Verdict.MIXED: "the run chart shows signals both ways",
    Verdict.CHANGE: "the run chart's signal has no direction",
}


class OutcomeService:
    """Builds PilotOutcome from stored pilots: the one source of the figures `pilots`, `log`,
    the leaders' summary, App Home, digest and report show."""

    def __init__(self, pilots: PilotStore, groups: GroupStore) -> None:
        self._pilots = pilots
        self._groups = groups
        self._batches = PilotBatches(pilots.database)

    def pilot_outcome(self, team_id: str, pilot_id: int) -> PilotOutcome:
        """The outcome so far of one pilot of the workspace (NotFound if it is not there)."""
        pilot = self._pilots.by_id(team_id, pilot_id)
        if pilot is None:
            raise NotFound(f"There is no pilot with id {pilot_id} in this workspace.")
        return self.outcome_of(pilot)

    def group_outcomes(self, team_id: str, group_id: int) -> list[PilotOutcome]:
        """Outcomes of a group's pilots, oldest pilot first."""
        return self.outcomes_of(team_id, self._batches.pilots(team_id, group_ids=[group_id]))

    def workspace_outcomes(
        self,
        team_id: str,
        group_ids: Collection[int] | None = None,
        owner_id: str | None = None,
    ) -> list[PilotOutcome]:
        """Outcomes of every pilot of the workspace (or of some groups, or one owner's), oldest
        first, read in a handful of queries whatever the number of pilots."""
        return self.outcomes_of(team_id, self._batches.pilots(team_id, group_ids, owner_id))

    def outcome_of(self, pilot: Pilot) -> PilotOutcome:
        """Assemble a pilot's outcome from its rows."""
        return self.outcomes_of(pilot.team_id, [pilot])[0]

    def outcomes_of(self, team_id: str, pilots: Sequence[Pilot]) -> list[PilotOutcome]:
        """Outcomes of these pilots of one workspace, in the order given."""
        rows = self._batches.rows(team_id, pilots)
        return [_outcome(pilot, rows) for pilot in pilots]


def _outcome(pilot: Pilot, rows: PilotRows) -> PilotOutcome:
    """One pilot's outcome from rows read in bulk."""
    experiment = rows.experiments.get(pilot.experiment_id)
    group = rows.groups.get(pilot.group_id)
    measures = rows.measures.get(pilot.id, [])
    observations = rows.observations.get(pilot.id, [])
    series = tuple(cycle_series(m, observations, pilot.cycle, pilot.start_date) for m in measures)
    first = (
        series
        if pilot.cycle == 1
        else tuple(cycle_series(m, observations, 1, pilot.start_date) for m in measures)
    )
    changes = tuple(c for c in (measure_change(s) for s in series) if c is not None)
    return PilotOutcome(
        pilot=pilot,
        experiment_short_id=experiment.short_id if experiment else "E-?",
        experiment_text=experiment.text if experiment else "",
        channel_id=group.channel_id if group else "",
        setting=group.setting if group else "",
        series=series,
        changes=changes,
        hours=hours_reclaimed(series, pilot.participants),
        burnout=burnout_of(first, series),
        value=value_figure(series, mini_z_shares(series)),
        decisions=tuple(rows.decisions.get(pilot.id, ())),
    )


def cycle_series(
    measure: PilotMeasure,
    observations: Sequence[Observation | ObservedValue],
    cycle: int,
    start_date: date,
) -> MeasureSeries:
    """One measure's baseline (values before `start_date`) and its values in one PDSA cycle
    since the start, in time order, judged against the frozen baseline median."""
    own = sorted(
        (o for o in observations if o.pilot_measure_id == measure.id), key=lambda o: o.observed_on
    )
    baseline = [(o.observed_on, o.value) for o in own if o.observed_on < start_date]
    starts: dict[int, date] = {1: start_date}
    for o in own:
        if o.observed_on >= start_date and o.cycle > 1:
            starts.setdefault(o.cycle, o.observed_on)
    in_cycle = [
        (o.observed_on, o.value) for o in own if o.observed_on >= start_date and o.cycle == cycle
    ]
    points = (*baseline, *in_cycle)
    return MeasureSeries(
        measure=measure,
        cycle=cycle,
        points=points,
        judgement=judge(
            [value for _, value in points], Direction(measure.direction), len(baseline)
        ),
        period=_period([day for day, _ in points]),
        baseline_count=len(baseline),
        start_date=start_date,
        cycle_starts=tuple(sorted(starts.items())),
    )


def _period(days: Sequence[date]) -> str:
    """'weeks' for weekly points, 'months' for monthly ones; 'values' when the gaps vary."""
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
    if not gaps:
        return "values"
    usual = statistics.median(gaps)
    return next((name for low, high, name in _PERIODS if low <= usual <= high), "values")


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


def measure_change(series: MeasureSeries) -> MeasureChange | None:
    """Baseline median to pilot-period median, positive meaning better; only behind a run-chart
    signal with a direction (an improvement or a deterioration)."""
    measure, judgement = series.measure, series.judgement
    before, after = series.baseline_median, series.period_median
    if before is None or after is None:
        return None
    if judgement.verdict not in (Verdict.IMPROVEMENT, Verdict.DETERIORATION):
        return None
    better = before - after if measure.direction == "lower" else after - before
    return MeasureChange(
        measure_id=measure.measure_id,
        name=measure.name,
        unit=measure.unit,
        kind=measure.kind,
        baseline=before,
        current=after,
        improvement=better,
    )


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


def burnout_of(
    first: Sequence[MeasureSeries], current: Sequence[MeasureSeries]
) -> BurnoutChange | None:
    """Burnout share in the first Mini-Z ratings of cycle 1 against the latest ratings."""
    for start, now in zip(first, current, strict=True):
        if start.measure.measure_id != MINI_Z_MEASURE:
            continue
        before = start.values[:BURNOUT_SAMPLE]
        after = now.values[-BURNOUT_SAMPLE:]
        ratings = [*before, *after]
        if len(start.values) + len(now.values) < 2 * BURNOUT_SAMPLE or any(
            r not in MINI_Z_RATINGS for r in ratings
        ):
            return None
        return burnout_change(before, after)
    return None


def mini_z_shares(series: Sequence[MeasureSeries]) -> tuple[MiniZShare, MiniZShare] | None:
    """Share of Mini-Z ratings at 3 or more in the baseline and since the start, from the
    pilot's Mini-Z measure; None without ratings on both sides. (The group's anonymous pulse
    can feed value_figure the same two shares instead.)"""
    for item in series:
        if item.measure.measure_id != MINI_Z_MEASURE:
            continue
        before, after = item.baseline_values, item.period_values
        if not before or not after or any(r not in MINI_Z_RATINGS for r in item.values):
            return None
        return mini_z_share(before), mini_z_share(after)
    return None


def value_figure(
    series: Sequence[MeasureSeries], burnout: tuple[MiniZShare, MiniZShare] | None = None
) -> ValueFigure | None:
    """Value/burden before and now from measured parts, or "not shown yet" with the reason.

    None when the pilot tracks no human cost (no time measure in hours and no Mini-Z shares).
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
    missing = [f"{p} not measured" for p in ("quality", "financial") if not parts[p]]
    vb = ValueBurden(
        quality_before=INDEX_BASE,
        quality_after=statistics.fmean(parts["quality"]) if parts["quality"] else INDEX_BASE,
        financial_cost_before=INDEX_BASE if parts["financial"] else 0.0,
        financial_cost_after=statistics.fmean(parts["financial"]) if parts["financial"] else 0.0,
        human_cost_before=human_before,
        human_cost_after=human_after,
    )
    return ValueFigure(value_burden=vb, basis="; ".join([*notes, *missing]))


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
