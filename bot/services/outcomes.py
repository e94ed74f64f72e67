"""What a pilot has shown: run-chart judgement per measure, hours reclaimed, burnout, value/burden.

Read-only and close to pure: it loads a pilot's rows and hands them to the domain rules
(bot.domain.measured holds the figures' rules). The leaders' report uses `pilot_outcome` as
well as `pilots`.

A measure's series is its baseline (values dated before the pilot's start, whatever cycle they
were logged in) followed by the current cycle's values since the start. Figures that claim a
gain rest on that measured series only, never on the baseline typed in the form:
- hours reclaimed = (baseline median - pilot-period median) in hours a week x participants,
  shown only when the measure's run chart shows an improvement;
- value/burden = Quality / (Financial cost + Human cost) with each part an index (baseline
  100): a part moves only behind a run-chart signal, else it is held at its baseline; human
  cost is time (in hours) plus the share of Mini-Z ratings at 3 or more; financial cost adds,
  to any cost measure tracked, the staff time's cost a year at the hourly cost of the role
  whose time comes back (knowledge/roles.yaml). It is shown only when some part improved.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date

from bot.domain.measured import hours_reclaimed, value_figure
from bot.domain.models import Observation, Pilot, PilotMeasure
from bot.domain.money import RoleRates
from bot.domain.pilots import MeasureChange, MeasureSeries, PilotOutcome
from bot.domain.pulse import BurnoutChangeFromPulse, PulseRound, change_around
from bot.domain.run_chart import Direction, Verdict, judge
from bot.domain.value import (
    MINI_Z_RATINGS,
    MiniZShare,
    mini_z_share,
)
from bot.errors import NotFound
from bot.services.money import load_role_rates
from bot.store.groups import GroupStore
from bot.store.pilot_batches import ObservedValue, PilotBatches, PilotRows
from bot.store.pilots import PilotStore
from bot.store.pulse import PulseStore

MINI_Z_MEASURE = "mini_z_burnout"
# What to call the points of a chart, from the usual gap in days between them.
_PERIODS = ((1, 1, "days"), (6, 8, "weeks"), (13, 15, "fortnights"), (29, 31, "months"))


class OutcomeService:
    """Builds PilotOutcome from stored pilots: the one source of the figures `pilots`, `log`,
    the leaders' summary, App Home, digest and report show."""

    def __init__(
        self, pilots: PilotStore, groups: GroupStore, rates: RoleRates | None = None
    ) -> None:
        self._pilots = pilots
        self._groups = groups
        self._rates = rates or load_role_rates()
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
        return [_outcome(pilot, rows, self._rates, rounds[pilot.group_id]) for pilot in pilots]


def _outcome(
    pilot: Pilot, rows: PilotRows, rates: RoleRates, rounds: Sequence[PulseRound] = ()
) -> PilotOutcome:
    """One pilot's outcome from rows read in bulk."""
    experiment = rows.experiments.get(pilot.experiment_id)
    group = rows.groups.get(pilot.group_id)
    measures = rows.measures.get(pilot.id, [])
    observations = rows.observations.get(pilot.id, [])
    series = tuple(cycle_series(m, observations, pilot.cycle, pilot.start_date) for m in measures)
    burnout = change_around(rounds, pilot.start_date)
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
        burnout=burnout,
        value=value_figure(
            series, pulse_shares(burnout), rates.rate(pilot.role), pilot.participants
        ),
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


def pulse_shares(
    change: BurnoutChangeFromPulse | None,
) -> tuple[MiniZShare, MiniZShare] | None:
    """The group pulse's share of Mini-Z answers at 3 or more before the pilot and since, for
    the satisfaction part of value/burden; None unless both rounds have 5 answers or more."""
    if change is None or change.before is None or change.after is None:
        return None
    before, after = change.before.burnout, change.after.burnout
    if before is None or after is None:
        return None
    return tuple(  # type: ignore[return-value]
        MiniZShare(at_3_or_more=s.count, answers=s.total, low=s.low, high=s.high)
        for s in (before, after)
    )


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
