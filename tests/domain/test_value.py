"""Value/burden arithmetic, each result checked against a hand computation."""

from __future__ import annotations

import pytest

from bot.domain.value import (
    FORMULA,
    BurnoutChange,
    TimeUnit,
    ValueBurden,
    burnout_change,
    burnout_share,
    hours_reclaimed_per_week,
    human_cost,
    mini_z_share,
    weekly_hours,
    wilson_interval,
)

# --- hours reclaimed ------------------------------------------------------------


def test_minutes_per_day_reclaimed_across_a_five_day_week_and_the_team():
    # (30 - 18) min/day = 12 min/day; x 5 days = 60 min = 1 h a week; x 10 people = 10 h.
    assert hours_reclaimed_per_week(30, 18, TimeUnit.MINUTES_PER_DAY, 10) == pytest.approx(10.0)


def test_minutes_per_day_use_the_given_workdays_per_week():
    # (45 - 15) = 30 min/day; x 4 days = 120 min = 2 h; x 3 people = 6 h.
    reclaimed = hours_reclaimed_per_week(45, 15, TimeUnit.MINUTES_PER_DAY, 3, workdays_per_week=4)
    assert reclaimed == pytest.approx(6.0)


def test_minutes_per_week_reclaimed():
    # (150 - 60) = 90 min a week = 1.5 h; x 8 people = 12 h.
    assert hours_reclaimed_per_week(150, 60, TimeUnit.MINUTES_PER_WEEK, 8) == pytest.approx(12.0)


def test_hours_per_week_reclaimed():
    # (6 - 4.5) = 1.5 h a week; x 12 people = 18 h.
    assert hours_reclaimed_per_week(6, 4.5, TimeUnit.HOURS_PER_WEEK, 12) == pytest.approx(18.0)


def test_ehr_hours_per_8h_scaled_to_patient_hours():
    # 5.2 h per 8 h of patient time, 32 patient hours a week: 5.2 x 32 / 8 = 20.8 h a week.
    # After: 4.4 x 32 / 8 = 17.6 h. Reclaimed: 3.2 h each; x 5 clinicians = 16 h.
    reclaimed = hours_reclaimed_per_week(
        5.2, 4.4, TimeUnit.HOURS_PER_8H_PATIENT_TIME, 5, patient_hours_per_week=32
    )
    assert reclaimed == pytest.approx(16.0)


def test_ehr_time_without_patient_hours_is_refused():
    with pytest.raises(ValueError, match="patient hours"):
        weekly_hours(5.2, TimeUnit.HOURS_PER_8H_PATIENT_TIME)


def test_time_that_grew_is_negative_hours_reclaimed():
    # (20 - 26) = -6 min/day; x 5 days = -30 min = -0.5 h; x 2 people = -1 h.
    assert hours_reclaimed_per_week(20, 26, TimeUnit.MINUTES_PER_DAY, 2) == pytest.approx(-1.0)


def test_a_pilot_without_participants_is_refused():
    with pytest.raises(ValueError):
        hours_reclaimed_per_week(30, 20, TimeUnit.MINUTES_PER_DAY, 0)


def test_time_units_match_the_units_written_in_the_measures_file():
    assert TimeUnit("minutes per day") is TimeUnit.MINUTES_PER_DAY
    assert TimeUnit("hours per 8 h of scheduled patient time") is (
        TimeUnit.HOURS_PER_8H_PATIENT_TIME
    )


# --- burnout --------------------------------------------------------------------


def test_burnout_share_counts_ratings_of_three_or_more():
    # Ratings 1, 2, 3, 4, 5, 2, 1, 3: four are >= 3, of eight: 4 / 8 = 0.5.
    assert burnout_share([1, 2, 3, 4, 5, 2, 1, 3]) == pytest.approx(0.5)


def test_burnout_change_is_in_percentage_points():
    # Before: 3, 4, 2, 3, 1 -> three of five burned out = 60%.
    # After: 2, 3, 1, 2, 2 -> one of five = 20%. Change: 20 - 60 = -40 points.
    change = burnout_change([3, 4, 2, 3, 1], [2, 3, 1, 2, 2])
    assert change.share_before == pytest.approx(0.6)
    assert change.share_after == pytest.approx(0.2)
    assert change.change_points == pytest.approx(-40.0)
    assert change.plain_text().startswith("Burnout fell from 60% to 20% of respondents (-40 points")


def test_ratings_outside_mini_z_scale_are_refused():
    with pytest.raises(ValueError, match="1 to 5"):
        burnout_share([1, 2, 6])
    with pytest.raises(ValueError):
        burnout_share([2.5])
    with pytest.raises(ValueError):
        burnout_share([])


def test_burnout_change_model_is_frozen():
    change = BurnoutChange(
        respondents_before=2, respondents_after=2, share_before=0.5, share_after=0
    )
    with pytest.raises(ValueError):
        change.share_after = 1.0  # type: ignore[misc]


# --- value / burden -------------------------------------------------------------


def test_human_cost_is_excess_time_plus_reduced_satisfaction():
    # 6 hours of excess time + 2 units of reduced satisfaction = 8.
    assert human_cost(6, 2) == 8


def test_value_ratio_is_quality_over_financial_plus_human_cost():
    # Before: 60 / (10 + 20) = 2.0. After: 66 / (10 + 12) = 3.0.
    # Change: 3.0 - 2.0 = +1.0, which is +50% of 2.0.
    value = ValueBurden(
        quality_before=60,
        quality_after=66,
        financial_cost_before=10,
        financial_cost_after=10,
        human_cost_before=20,
        human_cost_after=12,
    )
    assert value.formula == FORMULA == "Value = Quality / (Financial cost + Human cost)"
    assert (value.burden_before, value.burden_after) == (30, 22)
    assert value.ratio_before == pytest.approx(2.0)
    assert value.ratio_after == pytest.approx(3.0)
    assert value.ratio_change == pytest.approx(1.0)
    assert value.ratio_change_percent == pytest.approx(50.0)
    assert value.verdict_text() == (
        "Value rose: quality rose (60 → 66) and burden fell (30 → 22); value/burden 2 → 3 (+50%)."
    )


def test_more_quality_at_more_burden_can_lower_value_and_says_so():
    # Before: 80 / (4 + 6) = 8. After: 88 / (4 + 8) = 7.33...; change -0.67, -8.3%.
    value = ValueBurden(
        quality_before=80,
        quality_after=88,
        financial_cost_before=4,
        financial_cost_after=4,
        human_cost_before=6,
        human_cost_after=8,
    )
    assert value.ratio_after == pytest.approx(88 / 12)
    assert value.ratio_change_percent == pytest.approx(-100 / 12)
    assert value.verdict_text() == (
        "Quality rose (80 → 88) but burden rose too (10 → 12), "
        "so value fell: value/burden 8 → 7.33 (-8%)."
    )


def test_more_quality_at_a_little_more_burden_can_still_raise_value():
    # Before: 50 / 10 = 5. After: 70 / 12 = 5.83...: quality grew faster than burden.
    value = ValueBurden(
        quality_before=50,
        quality_after=70,
        financial_cost_before=5,
        financial_cost_after=5,
        human_cost_before=5,
        human_cost_after=7,
    )
    assert value.verdict_text().startswith("Quality rose (50 → 70) but burden rose too")
    assert "so value rose" in value.verdict_text()


def test_zero_burden_is_refused():
    with pytest.raises(ValueError, match="above zero"):
        ValueBurden(
            quality_before=1,
            quality_after=1,
            financial_cost_before=0,
            financial_cost_after=1,
            human_cost_before=0,
            human_cost_after=1,
        )


def test_value_burden_serialises_its_ratios_for_reports():
    value = ValueBurden(
        quality_before=1,
        quality_after=2,
        financial_cost_before=1,
        financial_cost_after=1,
        human_cost_before=1,
        human_cost_after=1,
    )
    dumped = value.model_dump()
    # 1 / 2 = 0.5 before; 2 / 2 = 1.0 after.
    assert (dumped["ratio_before"], dumped["ratio_after"]) == (0.5, 1.0)
    assert dumped["formula"] == FORMULA


# --- Mini-Z share with its Wilson interval ---------------------------------------


@pytest.mark.parametrize("successes, total", [(0, 5), (3, 12), (5, 5), (1, 1), (40, 100)])
def test_wilson_interval_matches_scipy(successes: int, total: int) -> None:
    from scipy.stats import binomtest

    expected = binomtest(successes, total).proportion_ci(method="wilson")
    low, high = wilson_interval(successes, total)
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-9)


def test_mini_z_share_counts_ratings_at_3_or_more_as_a_proportion() -> None:
    # 2 -> 1 is not "burden halved": both are below 3, so the share at 3+ is 0 either way.
    assert mini_z_share([2, 2, 2, 2, 2]).share == mini_z_share([1, 1, 1, 1, 1]).share == 0
    share = mini_z_share([1, 2, 3, 3, 4, 2, 1, 2, 2, 2, 1, 2])
    assert (share.at_3_or_more, share.answers) == (3, 12)
    assert share.plain_text() == "25% (3 of 12 answers; 95% CI 9% to 53%)"


def test_mini_z_share_refuses_no_ratings_or_a_rating_outside_1_to_5() -> None:
    with pytest.raises(ValueError):
        mini_z_share([])
    with pytest.raises(ValueError):
        mini_z_share([3, 6])
