"""What a pilot has shown: run-chart judgement per measure, hours reclaimed, burnout, value/burden.

Read-only and close to pure: it loads a pilot's rows and hands them to the domain rules. The
leaders' report uses `pilot_outcome` as well as `pilots`.

Value/burden follows Value = Quality / (Financial cost + Human cost). Quality, cost and time
come in different units, so each part is an index with its baseline at 100: a time measure
that fell from 90 to 60 minutes is a time index of 67. Human cost is the time index plus the
satisfaction (burnout) index; quality is 100 when the pilot measured none, financial cost 0.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date

from bot.domain.models import Observation, Pilot, PilotMeasure
from bot.domain.pilots import (
    VALUE_BASIS,
    HoursReclaimed,
    MeasureChange,
    MeasureSeries,
    PilotOutcome,
    current_level,
)
from bot.domain.pulse import PulseRound, change_around
from bot.domain.run_chart import Direction, judge
from bot.domain.value import (
    TimeUnit,
    ValueBurden,
    hours_reclaimed_per_week,
)
from bot.errors import NotFound
from bot.store.groups import GroupStore
from bot.store.pilot_batches import ObservedValue, PilotBatches, PilotRows
from bot.store.pilots import PilotStore
from bot.store.pulse import PulseStore

# EHR-use metrics are per 8 h of scheduled patient time; turning them into hours a week needs
# each person's patient hours, which the bot does not know: it assumes four clinic days.
ASSUMED_PATIENT_HOURS_PER_WEEK = 32.0
INDEX_BASE = 100.0
# What to call the points of a chart, from the usual gap in days between them.
_PERIODS = ((1, 1, "days"), (6, 8, "weeks"), (13, 15, "fortnights"), (29, 31, "months"))


class OutcomeService:
    """Builds PilotOutcome from stored pilots: the one source of the figures `pilots`, `log`,
    the leaders' summary, App Home, digest and report show."""

    def __init__(self, pilots: PilotStore, groups: GroupStore) -> None:
        self._pilots = pilots
        self._groups = groups
        self._batches = PilotBatches(pilots.database)
        self._pulse = PulseStore(pilots.database)

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
        # Burnout describes people, so it comes from the groups' anonymous pulse, not from
        # ratings a pilot's owner logs (bot.domain.pulse).
        rounds: dict[int, list[PulseRound]] = defaultdict(list)
        if pilots:
            for item in self._pulse.rounds(team_id, {p.group_id for p in pilots}):
                rounds[item.group_id].append(item)
        return [_outcome(pilot, rows, rounds[pilot.group_id]) for pilot in pilots]


def _outcome(pilot: Pilot, rows: PilotRows, rounds: Sequence[PulseRound] = ()) -> PilotOutcome:
    """One pilot's outcome from rows read in bulk."""
    experiment = rows.experiments.get(pilot.experiment_id)
    group = rows.groups.get(pilot.group_id)
    measures = rows.measures.get(pilot.id, [])
    observations = rows.observations.get(pilot.id, [])
    series = tuple(cycle_series(m, observations, pilot.cycle) for m in measures)
    changes = tuple(c for c in (measure_change(s) for s in series) if c is not None)
    vb = value_burden(series)
    return PilotOutcome(
        pilot=pilot,
        experiment_short_id=experiment.short_id if experiment else "E-?",
        experiment_text=experiment.text if experiment else "",
        channel_id=group.channel_id if group else "",
        setting=group.setting if group else "",
        series=series,
        changes=changes,
        hours=hours_reclaimed(series, pilot.participants),
        burnout=change_around(rounds, pilot.start_date),
        value_burden=vb,
        value_basis=VALUE_BASIS if vb is not None else None,
        decisions=tuple(rows.decisions.get(pilot.id, ())),
    )


def cycle_series(
    measure: PilotMeasure, observations: Sequence[Observation | ObservedValue], cycle: int
) -> MeasureSeries:
    """One measure's points in one PDSA cycle, in time order, with its run-chart judgement."""
    points = tuple(
        (o.observed_on, o.value)
        for o in observations
        if o.pilot_measure_id == measure.id and o.cycle == cycle
    )
    direction = Direction(measure.direction)
    return MeasureSeries(
        measure=measure,
        cycle=cycle,
        points=points,
        judgement=judge([value for _, value in points], direction),
        period=_period([day for day, _ in points]),
    )


def _period(days: Sequence[date]) -> str:
    """'weeks' for weekly points, 'months' for monthly ones; 'values' when the gaps vary."""
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
    if not gaps:
        return "values"
    usual = statistics.median(gaps)
    return next((name for low, high, name in _PERIODS if low <= usual <= high), "values")


def measure_change(series: MeasureSeries) -> MeasureChange | None:
    """Baseline to current level (median of the last four values), positive meaning better."""
    measure, level = series.measure, series.current_level
    if measure.baseline is None or level is None:
        return None
    better = measure.baseline - level if measure.direction == "lower" else level - measure.baseline
    return MeasureChange(
        measure_id=measure.measure_id,
        name=measure.name,
        unit=measure.unit,
        kind=measure.kind,
        baseline=measure.baseline,
        current=level,
        improvement=better,
    )


def hours_reclaimed(series: Sequence[MeasureSeries], participants: int) -> HoursReclaimed | None:
    """Hours a week reclaimed, from the first time measure that converts to hours."""
    for item in series:
        measure, level = item.measure, item.current_level
        unit = _time_unit(measure.unit)
        if unit is None or measure.baseline is None or level is None:
            continue
        ehr = unit is TimeUnit.HOURS_PER_8H_PATIENT_TIME
        hours = hours_reclaimed_per_week(
            measure.baseline,
            level,
            unit,
            participants,
            patient_hours_per_week=ASSUMED_PATIENT_HOURS_PER_WEEK if ehr else None,
        )
        assumption = (
            f"assuming {ASSUMED_PATIENT_HOURS_PER_WEEK:.0f} h of scheduled patient time a week"
            if ehr
            else None
        )
        return HoursReclaimed(
            measure_id=measure.measure_id,
            name=measure.name,
            hours_per_week=hours,
            participants=participants,
            assumption=assumption,
        )
    return None


def value_burden(series: Sequence[MeasureSeries]) -> ValueBurden | None:
    """Value/burden before and now, from indices of the measured parts (None without a human cost)."""
    parts: dict[str, list[float]] = {"quality": [], "financial": [], "time": [], "satisfaction": []}
    for item in series:
        index = _index(item)
        if index is None:
            continue
        part = {"human_time": "time", "satisfaction": "satisfaction"}.get(item.measure.kind)
        part = part or item.measure.kind
        if part in parts:
            parts[part].append(index)
    if not parts["time"] and not parts["satisfaction"]:
        return None
    time_now = statistics.fmean(parts["time"]) if parts["time"] else 0.0
    satisfaction_now = statistics.fmean(parts["satisfaction"]) if parts["satisfaction"] else 0.0
    human_before = INDEX_BASE * (bool(parts["time"]) + bool(parts["satisfaction"]))
    if human_before <= 0 or time_now + satisfaction_now <= 0:
        return None  # burden gone entirely: the ratio has no meaning
    return ValueBurden(
        quality_before=INDEX_BASE,
        quality_after=statistics.fmean(parts["quality"]) if parts["quality"] else INDEX_BASE,
        financial_cost_before=INDEX_BASE if parts["financial"] else 0.0,
        financial_cost_after=statistics.fmean(parts["financial"]) if parts["financial"] else 0.0,
        human_cost_before=human_before,
        human_cost_after=time_now + satisfaction_now,
    )


def _index(series: MeasureSeries) -> float | None:
    """The measure now as an index (baseline 100) on its side of the ratio, or None.

    Quality rises with the measure when higher is better; a cost rises with the measure when
    lower is better. The other way round, the index is the inverse ratio.
    """
    measure, level = series.measure, current_level(series.values)
    if measure.baseline is None or level is None or measure.baseline <= 0:
        return None
    rises_with_measure = (measure.kind == "quality") == (measure.direction == "higher")
    if rises_with_measure:
        return INDEX_BASE * level / measure.baseline
    return INDEX_BASE * measure.baseline / level if level > 0 else None


def _time_unit(unit: str) -> TimeUnit | None:
    """The time unit a measure's unit names, if it converts to hours a week."""
    try:
        return TimeUnit(unit.strip().lower())
    except ValueError:
        return None
