"""The pulse's figures: the Wilson interval against an independent computation, small-number
suppression, the median hours range, and a trend with no point for a month without answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.proportions import wilson_share
from bot.domain.pulse import PulseRound, burnout_share, burnout_trend, change_around, median_option

scipy_stats = pytest.importorskip("scipy.stats")


@pytest.mark.parametrize(("count", "total"), [(0, 5), (1, 5), (5, 12), (12, 12), (3, 8), (40, 97)])
def test_the_wilson_interval_agrees_with_scipy(count: int, total: int) -> None:
    share = wilson_share(count, total)
    expected = scipy_stats.binomtest(count, total).proportion_ci(0.95, method="wilson")

    assert share.low == pytest.approx(expected.low, abs=1e-9)
    assert share.high == pytest.approx(expected.high, abs=1e-9)


def test_the_published_worked_example() -> None:
    # Newcombe (Stat Med 1998), table I: 81/263 gives 0.2553 to 0.3662 by the Wilson method.
    share = wilson_share(81, 263)

    assert (round(share.low, 4), round(share.high, 4)) == (0.2553, 0.3662)


def test_fewer_than_five_answers_give_no_share() -> None:
    assert burnout_share({"4": 4}) is None
    share = burnout_share({"4": 4, "1": 1})
    assert share is not None and (share.count, share.total) == (4, 5)


def test_the_median_hours_range_is_the_middle_answer() -> None:
    order = ("none", "under_1", "1_to_2", "2_to_5")
    assert median_option({"none": 2, "2_to_5": 3}, order) == "2_to_5"
    assert median_option({"none": 3, "2_to_5": 3}, order) == "none"
    assert median_option({"none": 4}, order) is None


def pulse_round(group: int, day: date, counts: dict[str, int], number: int = 1) -> PulseRound:
    opened = datetime(day.year, day.month, day.day, 14, tzinfo=UTC)
    return PulseRound(
        id=number, team_id="T1", group_id=group, opened_on=day, opened_at=opened,
        closes_at=opened, remind_at=opened, burnout_counts=counts,
    )  # fmt: skip


def test_the_trend_pools_each_groups_latest_round_of_a_month_and_skips_empty_months() -> None:
    rounds = [
        pulse_round(1, date(2026, 9, 1), {"1": 3, "3": 3}),
        pulse_round(1, date(2026, 9, 15), {"1": 4, "3": 2}),  # fortnightly: the later one counts
        pulse_round(2, date(2026, 9, 20), {"2": 2, "4": 1}),
        pulse_round(1, date(2026, 11, 2), {"3": 2}),  # October had no round
    ]

    trend = burnout_trend(rounds)

    assert [p.label for p in trend] == ["Sep 2026", "Nov 2026"]
    september = trend[0]
    assert (september.answers, september.rounds) == (9, 2)
    assert september.share is not None and september.share.count == 3
    assert trend[1].share is None and trend[1].answers == 2


def test_a_pilot_is_compared_with_the_rounds_around_its_start() -> None:
    rounds = [
        pulse_round(1, date(2026, 8, 1), {"3": 6}),
        pulse_round(1, date(2026, 9, 1), {"3": 3, "1": 3}),
        pulse_round(1, date(2026, 11, 1), {"1": 6}),
    ]

    change = change_around(rounds, date(2026, 9, 10))

    assert change is not None and change.before is rounds[1] and change.after is rounds[2]
    assert "50% at 3 or more" in change.plain_text() and "0% at 3 or more" in change.plain_text()
