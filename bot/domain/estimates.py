"""Reading time estimates such as `~30m/day` or `about 45 min a week` out of a burden's text.

The duration itself ("30m", "1.5h", "1h 30m", "45 minutes") is read by pytimeparse; the period
it repeats over ("/day", "a week", "per patient") by the pattern below. A week has five working
days, so "30 min a day" is 2.5 hours a week; a per-patient figure has no weekly total."""

from __future__ import annotations

from enum import StrEnum

import regex
from pydantic import BaseModel, ConfigDict, Field
from pytimeparse import parse as parse_duration

WORKING_DAYS_PER_WEEK = 5
WEEKS_PER_MONTH = 52 / 12


class Period(StrEnum):
    """What an estimate repeats over; the value is what the store's `frequency` holds."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    PATIENT = "patient"

    @property
    def label(self) -> str:
        """How a member reads it after a duration: "a day", "per patient"."""
        return "per patient" if self is Period.PATIENT else f"a {self.value}"

    @property
    def times_per_week(self) -> float | None:
        """How often the period comes round in a week; None when it depends on the patient load."""
        return _TIMES_PER_WEEK[self]


_TIMES_PER_WEEK: dict[Period, float | None] = {
    Period.DAY: WORKING_DAYS_PER_WEEK,
    Period.WEEK: 1.0,
    Period.MONTH: 1 / WEEKS_PER_MONTH,
    Period.PATIENT: None,
}

_PERIOD_WORDS = {
    "day": Period.DAY, "d": Period.DAY, "shift": Period.DAY, "clinic day": Period.DAY,
    "week": Period.WEEK, "wk": Period.WEEK, "w": Period.WEEK,
    "month": Period.MONTH, "mo": Period.MONTH,
    "patient": Period.PATIENT, "pt": Period.PATIENT, "visit": Period.PATIENT,
    "encounter": Period.PATIENT,
}  # fmt: skip

_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = r"(?:hours?|hrs?|h|minutes?|mins?|m)(?![a-zA-Z])"
_DURATION = rf"{_NUMBER}\s*{_UNIT}(?:\s*{_NUMBER}\s*{_UNIT})?"
_PERIOD = r"(?:clinic\s+day|day|shift|week|wk|w|month|mo|patient|pt|visit|encounter)s?"
_ESTIMATE = regex.compile(
    rf"""(?P<all>
        (?:~|\babout\s+|\baround\s+|\broughly\s+|\bapprox(?:imately|\.)?\s+|\bc\.\s*)?
        (?P<duration>{_DURATION})
        \s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*
        (?P<period>{_PERIOD})\b
    )""",
    regex.IGNORECASE | regex.VERBOSE,
)


class Estimate(BaseModel):
    """Minutes spent each period: 30 minutes a day, 20 minutes per patient."""

    model_config = ConfigDict(frozen=True)

    minutes: float = Field(gt=0)
    period: Period

    @property
    def hours_per_week(self) -> float | None:
        """Hours a week, at five working days a week; None for a per-patient estimate."""
        return hours_per_week(self.minutes, self.period)

    @property
    def label(self) -> str:
        """The estimate as a member would write it: "30 min a day"."""
        return f"{format_minutes(self.minutes)} {self.period.label}"


class ReadEstimate(BaseModel):
    """A burden's text with its estimate taken out, and the estimate if there was one."""

    model_config = ConfigDict(frozen=True)

    title: str
    estimate: Estimate | None = None


def read_estimate(text: str) -> ReadEstimate:
    """Find the first time estimate in the text; the rest, tidied, is the burden's title."""
    match = _ESTIMATE.search(text)
    if match is None:
        return ReadEstimate(title=_tidy(text))
    seconds = parse_duration(_spaced(match.group("duration").replace(",", ".")))
    if not seconds:
        return ReadEstimate(title=_tidy(text))
    period = _PERIOD_WORDS[_singular(match.group("period").lower())]
    title = _tidy(text[: match.start("all")] + " " + text[match.end("all") :])
    return ReadEstimate(title=title, estimate=Estimate(minutes=seconds / 60, period=period))


def hours_per_week(minutes: float, period: Period) -> float | None:
    """Hours a week spent on a task that takes `minutes` each `period`."""
    times = period.times_per_week
    return None if times is None else round(minutes * times / 60, 2)


def format_minutes(minutes: float) -> str:
    """ "45 min", "2 h", "1.5 h": the shortest reading of a duration."""
    if minutes >= 60:
        return f"{_number(minutes / 60)} h"
    return f"{_number(minutes)} min"


def format_hours(hours: float) -> str:
    """ "2.5 h/week", the figure a burden list shows."""
    return f"{_number(hours)} h/week"


def _number(value: float) -> str:
    """At most one decimal, none when whole."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def _spaced(duration: str) -> str:
    """pytimeparse wants "1h 30m" rather than "1h30m" only when units are words; normalise both."""
    return regex.sub(r"(?<=[a-zA-Z])(?=\d)", " ", duration.strip())


def _singular(word: str) -> str:
    """ "weeks" -> "week", "clinic  days" -> "clinic day"."""
    word = " ".join(word.split())
    return word[:-1] if word.endswith("s") and word[:-1] in _PERIOD_WORDS else word


def _tidy(text: str) -> str:
    """One line, single spaces, without the dangling punctuation an estimate leaves behind."""
    collapsed = " ".join(text.split())
    collapsed = regex.sub(r"\s+([,.;:)])", r"\1", collapsed)
    collapsed = regex.sub(r"\(\s*\)", "", collapsed)
    return collapsed.strip(" ,;:-–—(").strip()
