"""The value/burden line's financial term: the staff time's cost a year at the role's hourly
cost, checked against a second computation from hours reclaimed x 52 weeks x the rate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.measured import hours_reclaimed, staff_time_cost, value_figure
from bot.domain.models import PilotMeasure
from bot.domain.money import RoleRate, dollars
from bot.domain.pilots import MeasureSeries
from bot.domain.run_chart import Direction, judge

DAY = date(2026, 1, 5)
MINUTES = PilotMeasure(
    id=1,
    pilot_id=1,
    measure_id="task_minutes_per_day",
    name="Minutes per day on the task",
    unit="minutes per day",
    direction="lower",
    kind="human_time",
    baseline=90,
    target=None,
)


def rate(hourly: float) -> RoleRate:
    return RoleRate(id="ma", name="medical assistant", hourly_cost=hourly, source="s", as_of="d")


def weekly(baseline: list[float], values: list[float]) -> MeasureSeries:
    everything = [*baseline, *values]
    first = DAY - timedelta(weeks=len(baseline))
    return MeasureSeries(
        measure=MINUTES,
        cycle=1,
        points=tuple((first + timedelta(weeks=i), v) for i, v in enumerate(everything)),
        judgement=judge(everything, Direction("lower"), len(baseline)),
        period="weeks",
        baseline_count=len(baseline),
        start_date=DAY,
    )


@settings(max_examples=60, deadline=None)
@given(
    before=st.integers(min_value=20, max_value=240),
    share_left=st.floats(min_value=0.1, max_value=0.9),
    people=st.integers(min_value=1, max_value=12),
    hourly=st.floats(min_value=10, max_value=300),
)
def test_the_financial_term_is_the_staff_time_cost_and_moves_with_hours_reclaimed(
    before: int, share_left: float, people: int, hourly: float
) -> None:
    after = round(before * share_left, 1)
    chart = weekly([float(before)] * 6, [after] * 8)  # a shift of 8 below: an improvement
    role = rate(hourly)

    cost = staff_time_cost([chart], role, people)
    hours = hours_reclaimed([chart], people)
    value = value_figure([chart], None, role, people)

    # Second computation: minutes a day x 5 days / 60, summed over 52 weeks, x people x rate.
    def a_year(minutes: float) -> float:
        return sum(minutes * 5 / 60 * people * hourly for _ in range(52))

    assert cost is not None and hours is not None and hours.hours_per_week is not None
    assert cost.cost_before == pytest.approx(a_year(before))
    assert cost.cost_before - cost.cost_now == pytest.approx(hours.hours_per_week * 52 * hourly)
    assert value is not None and value.value_burden is not None
    vb = value.value_burden
    assert vb.financial_cost_before == 100
    assert vb.financial_cost_after == pytest.approx(
        100 - 100 * a_year(before - after) / a_year(before)
    )
    assert vb.burden_after == pytest.approx(2 * 100 * after / before)  # time and money alike
    assert dollars(cost.cost_before - cost.cost_now) in value.plain_text()
    assert "financial not measured" not in value.plain_text()


def test_the_basis_says_rate_role_source_and_how_the_cost_was_counted_in_one_line() -> None:
    chart = weekly([91, 89, 92, 90, 88, 90], [62, 60, 58, 61, 59, 63, 60, 57])  # 90 -> 60
    value = value_figure(
        [chart],
        None,
        RoleRate(
            id="physician",
            name="physician",
            hourly_cost=115.0,
            source="BLS OEWS May 2024",
            as_of="2024-05",
        ),
        3,
    )

    assert value is not None
    text = value.plain_text()
    # (90 - 60) x 5 / 60 x 3 = 7.5 h a week; x 52 x $115 = $44,850 a year avoided.
    assert "$44,850 avoided = hours reclaimed x 52 weeks x the hourly cost" in text
    assert "$115.00 an hour (physician; BLS OEWS May 2024; as of 2024-05; unverified)" in text
    assert "\n" not in text


def test_without_a_signal_the_financial_term_is_held_and_says_why() -> None:
    chart = weekly([91, 89, 92, 90, 88, 90], [91, 89, 90, 92, 88, 90, 89, 91])
    cost = staff_time_cost([chart], rate(21.25), 2)

    assert cost is not None and not cost.moved
    assert "held at 100" in cost.note


def test_without_a_rate_the_financial_term_is_not_measured() -> None:
    chart = weekly([91, 89, 92, 90, 88, 90], [62, 60, 58, 61, 59, 63, 60, 57])
    value = value_figure([chart])

    assert value is not None and "financial not measured" in value.plain_text()


def test_an_unmeasured_quality_is_said_not_measured_once_and_never_held() -> None:
    chart = weekly([91, 89, 92, 90, 88, 90], [62, 60, 58, 61, 59, 63, 60, 57])  # 90 -> 60
    value = value_figure([chart], None, rate(21.25), 2)

    assert value is not None
    text = value.plain_text()
    # Time 100 -> 66.67 and money 100 -> 66.67: burden 200 -> 133.33, value 0.5 -> 0.75.
    assert text.startswith(
        "Value rose: quality not measured and burden fell (200 → 133.33); "
        "value/burden 0.5 → 0.75 (+50%)."
    )
    assert text.count("quality not measured") == 1
    assert "quality held" not in text
