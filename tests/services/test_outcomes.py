"""A pilot's outcome: run-chart judgement, hours reclaimed and value/burden, checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.blocks.pilots import value_burden_lines
from bot.domain.models import Pilot, PilotMeasure
from bot.domain.pilots import MeasureSeries, PilotOutcome
from bot.domain.run_chart import Direction, Verdict, judge
from bot.offline.runner import LocalBot
from bot.services.outcomes import hours_reclaimed, value_burden
from tests.conftest import FACILITATOR
from tests.pulse_support import seed_round

DAY = date(2026, 1, 5)


def measure(measure_id: str, unit: str, direction: str, kind: str, baseline: float) -> PilotMeasure:
    return PilotMeasure(
        id=hash(measure_id) % 1000,
        pilot_id=1,
        measure_id=measure_id,
        name=measure_id.replace("_", " "),
        unit=unit,
        direction=direction,
        kind=kind,
        baseline=baseline,
        target=None,
    )


def series(of: PilotMeasure, values: list[float]) -> MeasureSeries:
    points = tuple((DAY + timedelta(weeks=i), float(v)) for i, v in enumerate(values))
    return MeasureSeries(
        measure=of,
        cycle=1,
        points=points,
        judgement=judge(values, Direction(of.direction)),
        period="weeks",
    )


MINUTES = measure("task_minutes_per_day", "minutes per day", "lower", "human_time", 90)
MINI_Z = measure("mini_z_burnout", "score (1-5)", "lower", "satisfaction", 3)
GAPS = measure("care_gap_closure_rate", "percent of open gaps closed", "higher", "quality", 40)
INBOX = measure(
    "inbox_time_per_8h", "hours per 8 h of scheduled patient time", "lower", "human_time", 1.5
)


def test_hours_reclaimed_from_minutes_a_day_times_participants() -> None:
    # Last four values 62, 60, 58, 61: current level = median = (60 + 61) / 2 = 60.5 min/day.
    # Per person: (90 - 60.5) min/day x 5 workdays / 60 = 2.4583 h/week; x 3 people = 7.375.
    hours = hours_reclaimed([series(MINUTES, [88, 90, 70, 62, 60, 58, 61])], participants=3)

    assert hours is not None
    assert hours.hours_per_week == pytest.approx(7.375)
    assert hours.plain_text() == (
        "7.4 hours a week reclaimed across 3 people (from task minutes per day)."
    )


def test_hours_reclaimed_from_an_ehr_metric_states_its_assumption() -> None:
    # 1.5 -> 1.0 h per 8 h of patient time, at an assumed 32 patient hours a week:
    # (1.5 - 1.0) x 32 / 8 = 2 h/week per person; x 2 people = 4.
    hours = hours_reclaimed([series(INBOX, [1.4, 1.0, 1.0, 1.0, 1.0])], participants=2)

    assert hours is not None
    assert hours.hours_per_week == pytest.approx(4.0)
    assert "assuming 32 h of scheduled patient time a week" in hours.plain_text()


def test_value_burden_when_time_and_burnout_both_fall() -> None:
    # Time index: 100 x 60.5 / 90 = 67.22; burnout index: 100 x 2 / 3 = 66.67 (median of 2,2,3,2).
    # Human cost 200 -> 133.89; quality 100 (not measured); financial cost 0.
    # Ratio 100 / 200 = 0.5 -> 100 / 133.89 = 0.7469: +49.4%.
    vb = value_burden(
        [series(MINUTES, [88, 90, 70, 62, 60, 58, 61]), series(MINI_Z, [3, 3, 2, 2, 3, 2])]
    )

    assert vb is not None
    assert vb.human_cost_after == pytest.approx(100 * 60.5 / 90 + 100 * 2 / 3)
    assert vb.ratio_before == pytest.approx(0.5)
    assert vb.ratio_after == pytest.approx(100 / (100 * 60.5 / 90 + 100 * 2 / 3))
    assert vb.ratio_change_percent == pytest.approx(49.38, abs=0.01)
    assert vb.verdict_text().startswith("Value rose")


def test_a_pilot_that_raises_quality_but_adds_burden_says_so() -> None:
    # Gap closure 40 -> 50 %: quality index 125. Minutes 60 -> 80: time index 133.33.
    # Ratio 100 / 100 = 1 -> 125 / 133.33 = 0.9375: value fell by 6.25% though quality rose.
    minutes = MINUTES.model_copy(update={"baseline": 60.0})
    vb = value_burden([series(GAPS, [45, 50, 50, 50]), series(minutes, [70, 80, 80, 80])])

    assert vb is not None
    assert vb.ratio_change_percent == pytest.approx(-6.25)
    assert "Quality rose" in vb.verdict_text() and "burden rose too" in vb.verdict_text()
    outcome = PilotOutcome(
        pilot=Pilot(
            id=1,
            team_id="T1",
            number=1,
            experiment_id=1,
            group_id=1,
            hypothesis="h",
            owner_id="U1",
            start_date=DAY,
            created_at="2026-01-05T00:00:00Z",  # type: ignore[arg-type]
        ),
        experiment_short_id="E-1",
        experiment_text="idea",
        channel_id="C1",
        setting="primary care",
        series=(series(GAPS, [45, 50, 50, 50]), series(minutes, [70, 80, 80, 80])),
        value_burden=vb,
        value_basis="indices",
    )
    lines = " ".join(value_burden_lines(outcome))
    assert "This pilot raises quality but adds burden." in lines
    assert "Value = Quality / (Financial cost + Human cost)" in lines


def test_no_value_burden_without_a_human_cost_measure() -> None:
    assert value_burden([series(GAPS, [45, 50, 50, 50])]) is None


def test_pilot_outcome_assembles_judgement_hours_and_value(bot: LocalBot, pilot: Pilot) -> None:
    pilots = bot.services.pilots
    minutes, mini_z = pilots.measures(pilot)
    start = pilot.start_date
    # Ten weeks at 90-ish, then ten at 60-ish: a shift of 10 below the median.
    before = [91, 89, 92, 90, 88, 93, 90, 91, 89, 92]
    after = [62, 60, 58, 61, 59, 63, 60, 57, 61, 60]
    weeks = [start + timedelta(weeks=i) for i in range(20)]
    pilots.store_values(pilot, minutes, list(zip(weeks, before + after, strict=True)), FACILITATOR)
    ratings = [3, 4, 2, 3, 2, 2, 2, 1]  # first four: 3 of 4 burned out; last four: none
    pilots.store_values(pilot, mini_z, list(zip(weeks, ratings, strict=False)), FACILITATOR)

    outcome = pilots.outcomes.pilot_outcome(pilot.team_id, pilot.id)

    minutes_series, burnout_series = outcome.series
    assert minutes_series.judgement.verdict is Verdict.IMPROVEMENT
    assert (
        "Improvement" in minutes_series.judgement_line()
        and "weeks" in minutes_series.judgement_line()
    )
    assert burnout_series.judgement.verdict is Verdict.TOO_FEW_POINTS
    # Last four minutes 60, 57, 61, 60 -> median 60; (90 - 60) x 5 / 60 x 3 participants = 7.5 h.
    assert outcome.hours is not None
    assert outcome.hours.hours_per_week == pytest.approx(7.5)
    assert outcome.value_burden is not None and outcome.value_burden.ratio_change > 0
    assert outcome.score.value >= 3.0  # the judged improvement moved the IHI score
    # The owner's own Mini-Z ratings are one person's: burnout comes only from the pulse.
    assert outcome.burnout is None


def test_a_pilots_burnout_change_comes_from_its_groups_pulse(bot: LocalBot, pilot: Pilot) -> None:
    start = datetime.combine(pilot.start_date, datetime.min.time(), UTC)
    seed_round(bot.services.database, pilot.team_id, pilot.group_id, start - timedelta(days=3),
               [3, 4, 3, 2, 1, 3, 2, 4])  # fmt: skip
    seed_round(bot.services.database, pilot.team_id, pilot.group_id, start + timedelta(days=60),
               [1, 2, 2, 3])  # fmt: skip
    seed_round(bot.services.database, pilot.team_id, pilot.group_id, start + timedelta(days=90),
               [1, 2, 2, 1, 3, 2, 1])  # fmt: skip

    outcome = bot.services.pilots.outcomes.pilot_outcome(pilot.team_id, pilot.id)

    # Before: 5 of 8 at 3 or more (Wilson 31-86%); the latest round after the start: 1 of 7.
    assert outcome.burnout is not None
    line = outcome.burnout.plain_text()
    assert "62% at 3 or more (95% CI 31-86%, n=8)" in line
    assert "14% at 3 or more (95% CI 3-51%, n=7)" in line
