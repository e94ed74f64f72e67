"""A pilot's outcome: run-chart judgement, hours reclaimed and value/burden, checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.blocks.pilots import value_burden_lines
from bot.domain.measured import hours_reclaimed, value_figure
from bot.domain.models import Pilot, PilotMeasure
from bot.domain.pilots import MeasureSeries, PilotOutcome
from bot.domain.run_chart import Direction, Verdict, judge
from bot.domain.value import mini_z_share
from bot.offline.runner import LocalBot
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


def series(of: PilotMeasure, baseline: list[float], values: list[float]) -> MeasureSeries:
    """A measure's series: `baseline` weekly values before DAY, then `values` from DAY on."""
    everything = [*baseline, *values]
    first = DAY - timedelta(weeks=len(baseline))
    points = tuple((first + timedelta(weeks=i), float(v)) for i, v in enumerate(everything))
    return MeasureSeries(
        measure=of,
        cycle=1,
        points=points,
        judgement=judge(everything, Direction(of.direction), len(baseline)),
        period="weeks",
        baseline_count=len(baseline),
        start_date=DAY,
    )


MINUTES = measure("task_minutes_per_day", "minutes per day", "lower", "human_time", 90)
GAPS = measure("care_gap_closure_rate", "percent of open gaps closed", "higher", "quality", 40)
TEAMWORK = measure("team_orders", "% of orders with team contribution", "higher", "human_time", 40)
INBOX = measure(
    "inbox_time_per_8h", "hours per 8 h of scheduled patient time", "lower", "human_time", 1.5
)
BASE_90 = [91, 89, 92, 90, 88, 90]  # median 90
FALL_TO_60 = [62, 60, 58, 61, 59, 63, 60, 57]  # median 60: a shift of 8 below 90


def test_hours_reclaimed_are_baseline_median_minus_pilot_median_times_participants() -> None:
    # (90 - 60) min/day x 5 workdays / 60 = 2.5 h/week per person; x 3 people = 7.5.
    hours = hours_reclaimed([series(MINUTES, BASE_90, FALL_TO_60)], participants=3)

    assert hours is not None and hours.hours_per_week == pytest.approx(7.5)
    assert hours.plain_text() == (
        "7.5 hours a week reclaimed across 3 people. Basis: (task minutes per day: baseline "
        "median 90 - pilot-period median 60 minutes per day) x 5 days / 60 x 3 people, "
        "behind a run-chart improvement."
    )


def test_a_typed_baseline_and_values_around_50_with_no_signal_claim_nothing() -> None:
    # The example: 60 typed in the form, twelve logged values around 50, no baseline
    # measured. Neither hours reclaimed nor value/burden may claim a gain.
    typed_60 = MINUTES.model_copy(update={"baseline": 60.0})
    around_50 = [50, 52, 49, 51, 48, 50, 53, 49, 50, 51, 47, 50]
    chart = series(typed_60, [], around_50)

    hours = hours_reclaimed([chart], participants=3)
    value = value_figure([chart])

    assert chart.judgement.verdict is Verdict.TOO_LITTLE_BASELINE
    assert hours is not None and hours.hours_per_week is None
    assert hours.plain_text() == (
        "Hours reclaimed: not shown yet, 0 baseline value(s) measured before the start; at "
        "least 6 needed (log them with a date before the start)."
    )
    assert value is not None and value.value_burden is None
    assert value.plain_text().startswith("Value/burden: not shown yet")


def test_a_measured_baseline_of_60_and_values_around_50_with_no_signal_claim_nothing() -> None:
    chart = series(MINUTES, [60, 49, 61, 50, 52, 48], [50, 52, 49, 51, 48, 50, 53, 49])
    assert chart.judgement.verdict is Verdict.NO_SIGNAL
    hours = hours_reclaimed([chart], participants=3)
    assert hours is not None and hours.hours_per_week is None
    assert "the run chart shows no signal yet" in hours.plain_text()


def test_hours_reclaimed_from_an_ehr_metric_states_its_assumption() -> None:
    # 1.5 -> 1.0 h per 8 h of patient time, at an assumed 32 patient hours a week:
    # (1.5 - 1.0) x 32 / 8 = 2 h/week per person; x 2 people = 4.
    chart = series(INBOX, [1.5, 1.4, 1.6, 1.5, 1.5, 1.6], [1.0, 1.1, 1.0, 0.9, 1.0, 1.0])
    hours = hours_reclaimed([chart], participants=2)

    assert hours is not None and hours.hours_per_week == pytest.approx(4.0)
    assert "assuming 32 h of scheduled patient time a week" in hours.plain_text()


def test_a_percentage_is_never_turned_into_time_cost() -> None:
    # Teamwork for orders rose 40% -> 60% (better): not hours, so neither hours nor time cost.
    chart = series(TEAMWORK, [40, 41, 39, 40, 40, 42], [60, 61, 59, 60, 62, 60])
    assert hours_reclaimed([chart], participants=3) is None
    assert value_figure([chart]) is None


def test_value_burden_when_time_and_burnout_share_both_fall() -> None:
    # Time index: 100 x 60 / 90 = 66.67. Burnout share at 3+: 10 of 12 -> 2 of 12, Wilson
    # intervals apart, index 100 x (2/12) / (10/12) = 20. Human cost 200 -> 86.67.
    # Ratio 100 / 200 = 0.5 -> 100 / 86.67 = 1.1538: +130.8%.
    before = mini_z_share([3] * 10 + [2] * 2)
    after = mini_z_share([3] * 2 + [2] * 10)
    value = value_figure([series(MINUTES, BASE_90, FALL_TO_60)], (before, after))

    assert value is not None and value.value_burden is not None
    vb = value.value_burden
    assert vb.human_cost_after == pytest.approx(100 * 60 / 90 + 20)
    assert vb.ratio_change_percent == pytest.approx((100 / (100 * 60 / 90 + 20) / 0.5 - 1) * 100)
    assert "burnout share at 3+ 83% (10 of 12 answers" in value.plain_text()


def test_a_burnout_share_that_has_not_clearly_moved_is_held() -> None:
    # 3 of 6 -> 2 of 6: the Wilson intervals overlap, so satisfaction stays at 100.
    shares = (mini_z_share([3, 3, 3, 1, 1, 1]), mini_z_share([3, 3, 1, 1, 1, 1]))
    value = value_figure([series(MINUTES, BASE_90, FALL_TO_60)], shares)
    assert value is not None and value.value_burden is not None
    assert value.value_burden.human_cost_after == pytest.approx(100 * 60 / 90 + 100)


def test_a_pilot_that_raises_quality_but_adds_burden_says_so() -> None:
    # Gap closure median 40 -> 50 %: quality index 125. Minutes median 60 -> 80: time 133.33.
    # Ratio 100 / 100 = 1 -> 125 / 133.33 = 0.9375: value fell by 6.25% though quality rose.
    gaps = series(GAPS, [40, 41, 39, 40, 40, 39], [50, 51, 50, 49, 50, 52])
    minutes = series(MINUTES, [60, 61, 59, 60, 60, 62], [80, 81, 80, 79, 80, 82])
    value = value_figure([gaps, minutes])

    assert value is not None and value.value_burden is not None
    vb = value.value_burden
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
        series=(gaps, minutes),
        value=value,
    )
    lines = " ".join(value_burden_lines(outcome))
    assert "This pilot raises quality but adds burden." in lines
    assert "Basis: Value = Quality / (Financial cost + Human cost)" in lines


def test_no_value_burden_without_a_human_cost_measure() -> None:
    assert value_figure([series(GAPS, [40, 41, 39, 40, 40, 39], [50, 51, 50, 49, 50, 52])]) is None


def test_pilot_outcome_assembles_judgement_hours_and_score(bot: LocalBot, pilot: Pilot) -> None:
    pilots = bot.services.pilots
    minutes, _ = pilots.measures(pilot)
    start = pilot.start_date
    # Six weeks at 90-ish before the start, then ten at 60-ish: a shift below the baseline.
    before = [91, 89, 92, 90, 88, 90]
    after = [62, 60, 58, 61, 59, 63, 60, 57, 61, 60]
    weeks = [start + timedelta(weeks=i - len(before)) for i in range(16)]
    pilots.store_values(pilot, minutes, list(zip(weeks, before + after, strict=True)), FACILITATOR)

    outcome = pilots.outcomes.pilot_outcome(pilot.team_id, pilot.id)

    minutes_series = outcome.series[0]
    assert minutes_series.baseline_count == 6
    assert minutes_series.judgement.verdict is Verdict.IMPROVEMENT
    assert "Improvement" in minutes_series.judgement_line()
    # (90 - 60) x 5 / 60 x 3 participants = 7.5 h.
    assert outcome.hours is not None
    assert outcome.hours.hours_per_week == pytest.approx(7.5)
    # Target 60 from a baseline median of 90: the current level (median of the last four,
    # 57 60 60 61) is 60, the whole way, and the last six values sit below the baseline
    # median: 5.0, goal met and sustained.
    assert outcome.score.value == 5.0
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
