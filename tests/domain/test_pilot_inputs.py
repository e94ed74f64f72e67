"""Reading what members type about pilots: values, log commands and check-in days."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.pilots import (
    checkin_dates,
    current_level,
    hypothesis_template,
    parse_value,
    split_log_text,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12.0), ("12.5", 12.5), ("12 min", 12.0), ("1,250", 1250.0), ("-3", -3.0), (".5", 0.5)],
)
def test_values_are_read_with_or_without_a_unit(text: str, value: float) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize(
    "text", ["", "twelve", "12abc5", "1,25", "12..5", "--3", "2.500", "2,5", "1.500.000"]
)
def test_non_numbers_are_not_values(text: str) -> None:
    assert parse_value(text) is None


def test_log_text_splits_into_pilot_measure_value_and_day() -> None:
    request = split_log_text("P-3 inbox time 12 min on 2026-11-02", date(2026, 11, 30))

    assert request is not None
    assert (request.pilot_number, request.measure, request.value_text, request.on) == (
        3,
        "inbox time",
        "12 min",
        date(2026, 11, 2),
    )


@pytest.mark.parametrize("text", ["P-3", "E-3 minutes 12", "P-3 minutes 12 on"])
def test_log_text_of_the_wrong_shape_is_not_read(text: str) -> None:
    assert split_log_text(text, date(2026, 11, 30)) is None


def test_a_measure_named_with_on_is_not_taken_for_a_date() -> None:
    request = split_log_text("P-3 time on inbox 12 on yesterday", date(2026, 11, 30))

    assert request is not None
    assert (request.measure, request.value_text, request.on) == (
        "time on inbox",
        "12",
        date(2026, 11, 29),
    )


def test_checkins_fall_every_cadence_after_today_until_the_end() -> None:
    days = checkin_dates(date(2026, 11, 2), date(2026, 12, 1), 7, after=date(2026, 11, 10))

    assert days == [date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]


def test_current_level_is_the_median_of_the_last_four_values() -> None:
    assert current_level([90, 91, 62, 60, 58, 61]) == 60.5
    assert current_level([70]) == 70
    assert current_level([]) is None


def test_hypothesis_template_reads_as_a_sentence() -> None:
    assert hypothesis_template("Medical assistants pend refills.", "inbox minutes", "90", "60") == (
        "If medical assistants pend refills, then inbox minutes will move from 90 to 60."
    )


def test_the_prefilled_hypothesis_gives_a_bare_role_its_article() -> None:
    from bot.domain.pilots import hypothesis_template

    drafted = hypothesis_template(
        "Pharmacist handles refill requests under a standing order", "inbox minutes", "90", "60"
    )
    assert drafted.startswith("If a pharmacist handles refill requests under a standing order,")
    assert hypothesis_template("MA pends refills", "m", "1", "2").startswith("If an MA pends")
    assert hypothesis_template("Nurses triage refills", "m", "1", "2").startswith("If nurses")
    assert hypothesis_template("A scribe writes notes", "m", "1", "2").startswith("If a scribe")
