"""The leaders' portfolio: figures across working groups, and the pure rules behind them.

Every pilot figure (run-chart judgement per measure, hours reclaimed, value/burden) comes from
the pilots feature's PilotOutcome (bot.services.outcomes), so `pilots` and the leaders' views
agree; this module only adds what spans pilots:
- a pilot shows a real improvement when at least one measure's run chart says improvement and
  none says deterioration or mixed;
- hours reclaimed in the portfolio are the sum over adopted pilots;
- the burnout trend is the monthly share of the anonymous pulse's Mini-Z answers at 3 or more,
  with its 95% Wilson interval, and no figure from fewer than 5 answers (bot.domain.pulse).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.missed import MissedListing
from bot.domain.money import RoleRate, money_basis
from bot.domain.pilots import HoursReclaimed, MeasureSeries, current_level
from bot.domain.pulse import BurnoutPoint
from bot.domain.run_chart import RunChartJudgement, Verdict
from bot.domain.spread import SpreadLine
from bot.domain.value import FORMULA, ValueBurden

ACTIVE_WINDOW_DAYS = 30
STAGNANT_AFTER_DAYS = 30
MINI_Z_MEASURE = "mini_z_burnout"
VALUE_NOTE = (
    f"{FORMULA}: each part an index with its baseline at 100, moved only behind a run-chart "
    "signal; human cost = time in hours + share of Mini-Z ratings at 3 or more."
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class MeasureReading(_Frozen):
    """One pilot measure: its observations in time order and what the run chart says."""

    measure_id: str
    name: str
    unit: str
    direction: str
    kind: str
    baseline: float | None = None
    target: float | None = None
    days: tuple[date, ...] = ()
    values: tuple[float, ...] = ()
    judgement: RunChartJudgement | None = None
    start_date: date | None = None  # the pilot's start: values before it are the baseline
    cycle_starts: tuple[tuple[int, date], ...] = ()  # each PDSA cycle and its first value's day

    @property
    def verdict(self) -> Verdict | None:
        """The run chart's verdict, or None before the first observation."""
        return self.judgement.verdict if self.judgement else None

    @property
    def current(self) -> float | None:
        """The measure's current level: the median of its most recent observations."""
        return current_level(list(self.values))


class PilotFigures(_Frozen):
    """What a leader needs to know about one pilot."""

    id: int
    number: int
    experiment_number: int
    group_id: int
    channel_id: str
    setting: str
    owner_id: str
    hypothesis: str
    status: str
    cycle: int
    participants: int
    ihi_score: float
    start_date: date
    created_at: datetime
    decision: str | None = None
    measures: tuple[MeasureReading, ...] = ()
    scale_to: tuple[str, ...] = ()  # channels of other groups of the same clinical setting
    hours: HoursReclaimed | None = None  # from the pilot's PilotOutcome
    value_burden: ValueBurden | None = None  # from the pilot's PilotOutcome
    rate: RoleRate | None = None  # hourly cost of the role whose time comes back
    cost_avoided_per_year: float | None = None  # dollars: hours reclaimed x 52 x rate

    @property
    def short_id(self) -> str:
        """The id members type, like P-3."""
        return f"P-{self.number}"

    @property
    def last_observed_on(self) -> date | None:
        """The day of the latest observation of any measure."""
        days = [m.days[-1] for m in self.measures if m.days]
        return max(days) if days else None

    @cached_property
    def verdict(self) -> Verdict | None:
        """The pilot's reading across its measures (see the module docstring)."""
        return pilot_verdict(self.measures)

    @property
    def improved(self) -> bool:
        """Whether the run charts show a real improvement."""
        return self.verdict is Verdict.IMPROVEMENT

    @property
    def hours_reclaimed(self) -> float | None:
        """Hours a week given back to the pilot's participants, when a time measure says."""
        return self.hours.hours_per_week if self.hours else None  # None: not shown yet

    @property
    def money_basis(self) -> str | None:
        """How the cost avoided was worked out, in one line, or None when there is none."""
        if self.cost_avoided_per_year is None or self.rate is None or self.hours_reclaimed is None:
            return None
        return money_basis(self.hours_reclaimed, self.rate)


class StagnantIdea(_Frozen):
    """An idea that has waited for a decision longer than STAGNANT_AFTER_DAYS."""

    number: int
    channel_id: str
    question: str
    status: str
    created_at: datetime
    days_waiting: int
    text: str

    @property
    def short_id(self) -> str:
        """The id members type, like E-12."""
        return f"E-{self.number}"


class Portfolio(_Frozen):
    """The leaders' figures for the groups a viewer may see."""

    team_id: str
    scope: Literal["workspace", "member"]
    generated_at: datetime
    groups_total: int
    groups_active: int
    burdens_logged: int
    burden_hours_per_week: float
    ideas_by_question: dict[str, int]
    pilots_by_status: dict[str, int]
    burnout_trend: tuple[BurnoutPoint, ...] = ()
    pilots: tuple[PilotFigures, ...] = ()
    stagnant_ideas: tuple[StagnantIdea, ...] = ()
    missed_opportunities: tuple[MissedListing, ...] = ()
    spread: tuple[SpreadLine, ...] = ()

    @property
    def ideas_total(self) -> int:
        """Every idea recorded in the groups in view."""
        return sum(self.ideas_by_question.values())

    @cached_property
    def hours_reclaimed_per_week(self) -> float:
        """Hours a week reclaimed by adopted changes."""
        return sum(p.hours_reclaimed or 0.0 for p in self.pilots if p.status == "adopted")

    @cached_property
    def cost_avoided_per_year(self) -> float:
        """Dollars a year avoided by adopted changes: each pilot's hours at its role's rate."""
        return sum(p.cost_avoided_per_year or 0.0 for p in self.pilots if p.status == "adopted")

    @cached_property
    def scale_candidates(self) -> list[PilotFigures]:
        """Pilots with a real improvement, not abandoned, most improved-and-recent first."""
        found = [p for p in self.pilots if p.improved and p.status != "abandoned"]
        return sorted(found, key=lambda p: (not p.scale_to, -p.number))

    @property
    def reclaimed_beyond_estimate(self) -> bool:
        """Whether adopted changes reclaim more hours a week than the logged burdens' estimates
        add up to: one of the two figures is off (a per-person estimate, or a measure wider than
        the burden logged), and leaders should hear it."""
        return self.hours_reclaimed_per_week > self.burden_hours_per_week + 1e-9

    @property
    def ready_to_scale(self) -> list[PilotFigures]:
        """Candidates with another group of their setting to go to: what "ready to scale" counts."""
        return [p for p in self.scale_candidates if p.scale_to]

    @property
    def has_pilots(self) -> bool:
        """Whether any pilot runs or ran in the groups in view."""
        return bool(self.pilots)

    def headline_figures(self) -> dict[str, float | int | str]:
        """The numbers the leaders' paragraph may word, named so a reader knows each one."""
        if not self.groups_total:
            return {}
        figures: dict[str, float | int | str] = {
            "groups_active": self.groups_active,
            "groups_total": self.groups_total,
            "burdens_logged": self.burdens_logged,
            "ideas_recorded": self.ideas_total,
            "pilots": len(self.pilots),
            "pilots_adopted": self.pilots_by_status.get("adopted", 0),
            "hours_reclaimed_per_week": round(self.hours_reclaimed_per_week, 1),
            "cost_avoided_per_year_dollars": round(self.cost_avoided_per_year),
            "pilots_ready_to_scale": len(self.ready_to_scale),
            "ideas_waiting_over_30_days": len(self.stagnant_ideas),
            "missed_opportunities": len(self.missed_opportunities),
        }
        waiting = len(self.scale_candidates) - len(self.ready_to_scale)
        if waiting:
            figures["pilots_improved_with_no_other_group_yet"] = waiting
        latest = self.burnout_trend[-1].share if self.burnout_trend else None
        if latest is not None:
            figures["latest_pulse_burnout_percent"] = round(latest.value * 100)
            figures["latest_pulse_at_3_or_more"] = latest.count
            figures["latest_pulse_answers"] = latest.total
        return figures


def reading_of(series: MeasureSeries) -> MeasureReading:
    """A pilot outcome's measure series as the portfolio reads it, judgement included."""
    measure = series.measure
    # Built without validation: the series was validated once, and a report reads thousands.
    return MeasureReading.model_construct(
        measure_id=measure.measure_id,
        name=measure.name,
        unit=measure.unit,
        direction=measure.direction,
        kind=measure.kind,
        baseline=measure.baseline,
        target=measure.target,
        days=tuple(day for day, _ in series.points),
        values=tuple(value for _, value in series.points),
        judgement=series.judgement if series.points else None,
        start_date=series.start_date,
        cycle_starts=series.cycle_starts,
    )


def pilot_verdict(measures: Iterable[MeasureReading]) -> Verdict | None:
    """Improvement when a measure improved and none got worse; else the most telling verdict."""
    verdicts = [m.verdict for m in measures if m.verdict is not None]
    if not verdicts:
        return None
    if Verdict.DETERIORATION in verdicts or Verdict.MIXED in verdicts:
        return Verdict.MIXED if Verdict.IMPROVEMENT in verdicts else Verdict.DETERIORATION
    for verdict in (Verdict.IMPROVEMENT, Verdict.CHANGE, Verdict.NO_SIGNAL):
        if verdict in verdicts:
            return verdict
    if Verdict.TOO_FEW_POINTS in verdicts:
        return Verdict.TOO_FEW_POINTS
    return Verdict.TOO_LITTLE_BASELINE


def same_setting(setting: str) -> str:
    """A setting name compared loosely: case and spacing do not matter."""
    return " ".join(setting.lower().split())


class CheckIn(_Frozen):
    """A pilot check-in a member is due to log."""

    pilot_number: int
    channel_id: str
    due_at: datetime

    @property
    def short_id(self) -> str:
        """The pilot's id, like P-3."""
        return f"P-{self.pilot_number}"


class MemberHome(_Frozen):
    """What one member sees on App Home: the pilots they own and check-ins due."""

    user_id: str
    is_leader: bool
    groups: tuple[str, ...] = ()  # channel ids of the workspace's groups
    own_pilots: tuple[PilotFigures, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    portfolio: Portfolio | None = None  # leaders only


def pilots_to_chart(portfolio: Portfolio, limit: int) -> list[PilotFigures]:
    """The pilots most worth a chart: candidates to scale first, then the most recently observed."""
    candidates = portfolio.scale_candidates
    chosen = {p.id for p in candidates}
    observed = sorted(
        (p for p in portfolio.pilots if p.id not in chosen and p.last_observed_on),
        key=lambda p: (p.last_observed_on or date.min, p.number),
        reverse=True,
    )
    return [*candidates, *observed][:limit]
