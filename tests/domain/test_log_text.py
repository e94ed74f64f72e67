"""What a member types after `log`: values read or refused with the reason, dates named."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.log_text import LogTextProblem, read_day, read_number

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12", 12), ("12.5", 12.5), ("1,500", 1500), ("12,345.5", 12345.5), ("0.500", 0.5),
     (".5", 0.5), ("-3", -3)],
)  # fmt: skip
def test_numbers_are_read(typed: str, value: float) -> None:
    assert read_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "asks"),
    [
        ("2.500", "did you mean 2500 or 2.5?"),
        ("1.500.000", "did you mean 1500000 or 1.5?"),
        ("2,5", "did you mean 2.5?"),
        ("twelve", "is not a number"),
    ],
)
def test_ambiguous_numbers_are_asked_about(typed: str, asks: str) -> None:
    with pytest.raises(LogTextProblem) as problem:
        read_number(typed)

    assert asks in problem.value.message


@pytest.mark.parametrize(
    ("typed", "day"),
    [("2026-11-28", date(2026, 11, 28)), ("today", TODAY), ("Yesterday", date(2026, 11, 29)),
     ("2024-02-29", date(2024, 2, 29))],
)  # fmt: skip
def test_days_are_read(typed: str, day: date) -> None:
    assert read_day(typed, TODAY) == day


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("2026-02-30", "There is no 30 February 2026"),
        ("2025-02-29", "There is no 29 February 2025"),
        ("2026-13-01", "month 13"),
        ("11/28", "did you mean 2026-11-28?"),
        ("28 Nov", "did you mean 2026-11-28?"),
        ("12/25", "did you mean 2025-12-25?"),
        ("03/04", "could be 4 March or 3 April"),
        ("monday", "not a date I can read"),
    ],
)
def test_each_date_problem_is_named(typed: str, named: str) -> None:
    with pytest.raises(LogTextProblem) as problem:
        read_day(typed, TODAY)

    assert named in problem.value.message
