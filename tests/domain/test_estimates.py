"""Time estimates read from a burden's text, into hours a week at five working days a week."""

from __future__ import annotations

import pytest

from bot.domain.estimates import Period, read_estimate, read_number


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
        # Issue 11: ranges are their midpoint, the title is kept whole.
        ("Notes 2-3 hrs/wk", "Notes", 150, Period.WEEK, 2.5),
        ("Letters 20-30 min a day", "Letters", 25, Period.DAY, 2.08),
        ("Letters 20 to 30 min a day", "Letters", 25, Period.DAY, 2.08),
        # Thousands separators are thousands, never a decimal point.
        ("Registry upload 1,500 min a month", "Registry upload", 1500, Period.MONTH, 5.77),
        # Everyday phrasings.
        ("Inbox an hour a day", "Inbox", 60, Period.DAY, 5.0),
        ("Inbox half an hour a day", "Inbox", 30, Period.DAY, 2.5),
        ("Inbox 1 hour daily", "Inbox", 60, Period.DAY, 5.0),
        ("Charting 2 hours a night", "Charting", 120, Period.DAY, 10.0),
        ("Refills 30m/d", "Refills", 30, Period.DAY, 2.5),
        ("Huddle 30 min twice a week", "Huddle", 60, Period.WEEK, 1.0),
        ("Faxes an hour and a half a week", "Faxes", 90, Period.WEEK, 1.5),
        ("Forms 1,5h/wk", "Forms", 90, Period.WEEK, 1.5),
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
    "text",
    [
        "Faxes from the pharmacy",
        "30 mg twice a day",
        "Meeting at 8 a week ago",
        "2m",
        "Rounds at 7 am daily",
    ],
)
def test_text_without_an_estimate_keeps_its_title(text: str) -> None:
    read = read_estimate(text)

    assert read.estimate is None
    assert read.title == text


def test_an_estimate_alone_leaves_no_title() -> None:
    read = read_estimate("~30m/day")

    assert read.title == ""
    assert read.estimate is not None and read.estimate.label == "30 min a day"


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2.5", 2.5), ("1,500", 1500), ("12,345.5", 12345.5), ("2,5", 2.5), ("2-3", 2.5),
     ("20 to 30", 25), ("half an", 0.5), ("an", 1)],
)  # fmt: skip
def test_amounts_are_read_as_a_person_writes_them(typed: str, value: float) -> None:
    assert read_number(typed) == value
