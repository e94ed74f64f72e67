"""Time estimates read from a burden's text, into hours a week at five working days a week."""

from __future__ import annotations

import pytest

from bot.domain.estimates import Period, read_estimate


@pytest.mark.parametrize(
    ("text", "title", "minutes", "period", "weekly"),
    [
        ("Refill requests ~30m/day", "Refill requests", 30, Period.DAY, 2.5),
        ("Prior auth forms ~2h/week", "Prior auth forms", 120, Period.WEEK, 2.0),
        ("Inbox, about 45 min a day", "Inbox", 45, Period.DAY, 3.75),
        ("Quality reports (1.5h/wk)", "Quality reports", 90, Period.WEEK, 1.5),
        ("Med rec 20 min per patient", "Med rec", 20, Period.PATIENT, None),
        ("Chart prep 1h30m/day", "Chart prep", 90, Period.DAY, 7.5),
        ("Registry upload 2 hours a month", "Registry upload", 120, Period.MONTH, 0.46),
        ("Pharmacy calls 10 mins each shift", "Pharmacy calls", 10, Period.DAY, 0.83),
    ],
)
def test_estimates_are_read_into_hours_a_week(
    text: str, title: str, minutes: float, period: Period, weekly: float | None
) -> None:
    read = read_estimate(text)

    assert read.title == title
    assert read.estimate is not None
    assert read.estimate.minutes == minutes
    assert read.estimate.period is period
    assert read.estimate.hours_per_week == weekly


@pytest.mark.parametrize(
    "text", ["Faxes from the pharmacy", "30 mg twice a day", "Meeting at 8 a week ago", "2m"]
)
def test_text_without_an_estimate_keeps_its_title(text: str) -> None:
    read = read_estimate(text)

    assert read.estimate is None
    assert read.title == text


def test_an_estimate_alone_leaves_no_title() -> None:
    read = read_estimate("~30m/day")

    assert read.title == ""
    assert read.estimate is not None and read.estimate.label == "30 min a day"
