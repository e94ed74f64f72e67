"""Money beside hours: cost avoided a year = hours a week x 52 x the role's hourly cost, with
each rate of knowledge/roles.yaml carrying its source and date."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.domain.money import (
    HOURS_PER_YEAR,
    RoleRate,
    RoleRates,
    cost_avoided_per_year,
    money_basis,
    pilot_cost_avoided,
)
from bot.services.money import load_role_rates

NURSE = RoleRate(id="rn", name="registered nurse", hourly_cost=45.0, source="BLS", as_of="2024-05")


@given(
    hours=st.floats(min_value=0, max_value=500, allow_nan=False),
    rate=st.floats(min_value=0.01, max_value=1000, allow_nan=False),
)
def test_cost_avoided_is_a_year_of_weekly_hours_at_the_rate(hours: float, rate: float) -> None:
    # A second computation: a year of weeks, summed week by week.
    by_week = sum(hours * rate for _ in range(52))
    assert cost_avoided_per_year(hours, rate) == pytest.approx(by_week)


def test_a_pilot_that_reclaims_nothing_or_adds_work_avoids_no_cost() -> None:
    assert pilot_cost_avoided(None, NURSE) is None
    assert pilot_cost_avoided(0.0, NURSE) is None
    assert pilot_cost_avoided(-2.0, NURSE) is None
    assert pilot_cost_avoided(4.0, NURSE) == 4 * 52 * 45


def test_the_basis_names_hours_weeks_rate_role_source_and_date() -> None:
    line = money_basis(4.1666, NURSE)
    assert line.startswith("4.2 h a week x 52 weeks x $45.00 an hour (registered nurse; BLS;")
    assert "as of 2024-05" in line and "wages only" in line
    assert "\n" not in line


def test_every_shipped_rate_is_its_annual_median_over_2080_hours_with_a_source() -> None:
    rates = load_role_rates()
    assert {r.id for r in rates.roles} >= {"physician", "registered_nurse", "medical_assistant"}
    for rate in rates.roles:
        assert rate.annual_median is not None, rate.id
        assert rate.hourly_cost == round(rate.annual_median / HOURS_PER_YEAR, 2), rate.id
        assert "BLS OEWS May 2024" in rate.source and rate.as_of == "2024-05"


def test_an_unknown_or_missing_role_reads_the_default_role() -> None:
    rates = load_role_rates()
    assert rates.rate(None).id == rates.default_role
    assert rates.rate("no_such_role").id == rates.default_role
    assert rates.rate("physician").hourly_cost == 115.0


def test_a_default_role_not_listed_is_refused() -> None:
    with pytest.raises(ValidationError, match="default_role"):
        RoleRates(default_role="scribe", roles=(NURSE,))


def test_a_rate_nobody_checked_says_so_in_its_citation_and_a_checked_one_does_not() -> None:
    assert NURSE.citation.endswith("as of 2024-05; unverified)")
    checked = NURSE.model_copy(update={"verified": True})
    assert checked.citation.endswith("as of 2024-05)")


def test_every_shipped_rate_says_whether_it_was_verified_and_what_was_checked() -> None:
    for rate in load_role_rates().roles:
        assert rate.checked.strip(), rate.id
        if not rate.verified:
            assert "unverified" in rate.citation, rate.id
