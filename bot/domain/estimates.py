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
    "night": Period.DAY, "evening": Period.DAY, "daily": Period.DAY, "nightly": Period.DAY,
    "week": Period.WEEK, "wk": Period.WEEK, "w": Period.WEEK, "weekly": Period.WEEK,
    "month": Period.MONTH, "mo": Period.MONTH, "monthly": Period.MONTH,
    "patient": Period.PATIENT, "pt": Period.PATIENT, "visit": Period.PATIENT,
    "encounter": Period.PATIENT,
}  # fmt: skip

# Amounts written as words before a unit: "an hour", "half an hour", "two hours".
_WORD_AMOUNTS = {
    "a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0,
    "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "twenty": 20.0,
    "thirty": 30.0, "forty": 40.0, "fifteen": 15.0, "forty-five": 45.0,
    "half an": 0.5, "half a": 0.5, "a half": 0.5, "a quarter of an": 0.25,
    "quarter of an": 0.25, "a quarter": 0.25, "three quarters of an": 0.75,
}  # fmt: skip
# How many times a period a duration comes round: "30 min twice a week".
_TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3}

# "1,500" (thousands), "2.5", "2,5" (a decimal comma: never three digits after it).
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+|,\d{1,2}(?!\d))?)"
_RANGE = rf"{_NUMBER}\s*(?:-|–|—|to)\s*{_NUMBER}"
_WORDS = "|".join(
    regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(_WORD_AMOUNTS, key=len, reverse=True)
)
_UNIT = r"(?:hours?|hrs?|h|minutes?|mins?|m)(?![a-zA-Z])"
# Digits may touch their unit ("30m"); words need a space ("an hour", never "am").
_AMOUNT = rf"(?:(?P<amount>{_RANGE}|{_NUMBER})\s*|\b(?P<amount>{_WORDS})\s+)"
_DURATION = (
    rf"{_AMOUNT}(?P<unit>{_UNIT})(?P<half>\s+and\s+a\s+half)?"
    rf"(?:\s*(?P<extra>{_NUMBER})\s*(?P<extra_unit>{_UNIT}))?"
)
_TIMES = r"(?P<times>once|twice|thrice|\d{1,2}\s*(?:x|times))"
_PERIOD = (
    r"(?:clinic\s+day|day|shift|night|evening|week|wk|w|month|mo|patient|pt|visit|encounter|d)s?"
)
_ADVERB = r"(?:daily|nightly|weekly|monthly)"
_ESTIMATE = regex.compile(
    rf"""(?P<all>
        (?:~|\babout\s+|\baround\s+|\broughly\s+|\bapprox(?:imately|\.)?\s+|\bc\.\s*)?
        {_DURATION}
        \s*(?:{_TIMES}\s*)?
        (?:
            (?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*(?P<period>{_PERIOD})\b
          | \b(?P<adverb>{_ADVERB})\b
        )
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
    """Find the first time estimate in the text; the rest, tidied, is the burden's title.

    A range ("2-3 hrs/wk", "20 to 30 min a day") counts as its midpoint; "1,500" is fifteen
    hundred; "an hour", "half an hour" and "an hour and a half" are read; "twice a week"
    doubles the time; "daily", "a night" and "/d" are a working day."""
    match = _ESTIMATE.search(text)
    if match is None:
        return ReadEstimate(title=_tidy(text))
    minutes = _minutes(match)
    if not minutes:
        return ReadEstimate(title=_tidy(text))
    period = _PERIOD_WORDS[_singular((match.group("period") or match.group("adverb")).lower())]
    title = _tidy(text[: match.start("all")] + " " + text[match.end("all") :])
    return ReadEstimate(title=title, estimate=Estimate(minutes=minutes, period=period))


def read_number(text: str) -> float:
    """A typed amount: "2.5", "1,500" (thousands), "2,5" (a decimal comma), "2-3" (midpoint),
    "half an" (0.5). ValueError when it is none of these."""
    words = " ".join(text.lower().split())
    if words in _WORD_AMOUNTS:
        return _WORD_AMOUNTS[words]
    ends = regex.split(r"\s*(?:-|–|—|to)\s*", words) if regex.fullmatch(_RANGE, words) else [words]
    values = [_plain_number(end) for end in ends]
    return sum(values) / len(values)


def _plain_number(text: str) -> float:
    """ "1,500" is 1500; "2,5" is 2.5 (no thousands group has fewer than three digits)."""
    if regex.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def _minutes(match: regex.Match[str]) -> float | None:
    """Minutes per period of a matched estimate, through pytimeparse for each amount and unit."""
    amount = read_number(match.group("amount"))
    if match.group("half"):
        amount += 0.5
    seconds = parse_duration(f"{amount:g} {match.group('unit')}")
    if seconds is None:
        return None
    if match.group("extra"):
        extra = parse_duration(f"{read_number(match.group('extra')):g} {match.group('extra_unit')}")
        seconds += extra or 0
    return seconds / 60 * _times(match.group("times"))


def _times(text: str | None) -> int:
    """ "twice" is 2, "3x" and "3 times" are 3; no word is once."""
    if not text:
        return 1
    word = text.lower()
    if word in _TIMES_WORDS:
        return _TIMES_WORDS[word]
    return int(regex.match(r"\d+", word).group())  # type: ignore[union-attr]


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
