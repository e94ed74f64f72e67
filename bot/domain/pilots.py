"""Pilots as the domain sees them: the plan a group fills in, reading what members type when
they log a value, and the outcome of a pilot (series, judgement, value/burden) that views render.

Pure: no Slack, no SQL. The rules it leans on live in run_chart, value and progress."""

from __future__ import annotations

import re
import statistics
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.log_text import LogTextProblem, looks_like_number, read_day, read_number
from bot.domain.models import Pilot, PilotMeasure
from bot.domain.progress import Decision, IhiScore
from bot.domain.pulse import BurnoutChangeFromPulse
from bot.domain.run_chart import RunChartJudgement
from bot.domain.value import HoursReclaimed, ValueBurden, ValueFigure

# Measure kinds that count as human cost: the method requires a pilot to track one.
HUMAN_COST_KINDS = frozenset({"human_time", "satisfaction"})
CUSTOM_MEASURE_ID = "custom"
MEASURE_SLOTS = ("1", "2", "3")
HYPOTHESIS_MAX_CHARS = 1000
_PILOT_ID = re.compile(r"^p-?(\d{1,9})$", re.IGNORECASE)
_EXPERIMENT_ID = re.compile(r"^e-?(\d{1,9})$", re.IGNORECASE)
# A number, optionally followed by a unit word ("12", "12.5", "12 min", "-3", "1,250").
# Any number-like word (read, or refused as ambiguous, by bot.domain.log_text).
_VALUE = re.compile(r"^\s*([-+]?(?:\d[\d.,]*|\.\d+))\s*([A-Za-z%][A-Za-z%/ .]*)?$")


class Cadence(StrEnum):
    """How often the pilot's owner is asked for a check-in."""

    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    @property
    def days(self) -> int:
        """Days between check-ins (a month counted as 30 days)."""
        return {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.MONTHLY: 30}[self]

    @classmethod
    def from_days(cls, days: int) -> Cadence:
        """The cadence stored as a number of days (the nearest one)."""
        return min(cls, key=lambda cadence: abs(cadence.days - days))


class MeasurePlan(BaseModel):
    """One measure a pilot will track, as the form gave it: catalogue facts plus baseline/target."""

    model_config = ConfigDict(frozen=True)

    slot: str  # the form slot it came from ("1", "2", "3" or "custom"), for errors
    measure_id: str
    name: str
    unit: str
    direction: str
    kind: str
    baseline: float
    target: float
    min_value: float | None = None
    max_value: float | None = None
    # Values measured before the start, oldest first, when the form was given several: they
    # become the measure's baseline observations, dated back from the start at the cadence.
    baseline_values: tuple[float, ...] = ()


class PilotPlan(BaseModel):
    """Everything the pilot form collects, already read into numbers and dates."""

    model_config = ConfigDict(frozen=True)

    experiment_number: int
    channel_id: str
    hypothesis: str
    owner_id: str
    participant_ids: tuple[str, ...] = ()
    start_date: date
    end_date: date
    cadence: Cadence = Cadence.WEEKLY
    measures: tuple[MeasurePlan, ...]
    role: str | None = None  # whose time it gives back (knowledge/roles.yaml), for money

    @property
    def participants(self) -> int:
        """People the change touches; the owner counts when no one else was named."""
        return max(1, len(set(self.participant_ids)))


class PlanProblems(Exception):
    """The pilot form has mistakes; `problems` maps each form field to what to fix."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {text}" for field, text in problems.items()))
        self.problems = problems


class LogRequest(BaseModel):
    """`log <P-id> <measure> <value> [on YYYY-MM-DD]`, split into its parts (still unchecked)."""

    model_config = ConfigDict(frozen=True)

    pilot_number: int
    measure: str
    value_text: str
    on: date | None = None


class MeasureSeries(BaseModel):
    """One measure of a pilot in one PDSA cycle: points in time order and their judgement."""

    model_config = ConfigDict(frozen=True)

    measure: PilotMeasure
    cycle: int
    points: tuple[tuple[date, float], ...]  # the baseline's, then this cycle's since the start
    judgement: RunChartJudgement
    period: str = "points"
    baseline_count: int = 0  # how many of the points were measured before the pilot's start
    start_date: date | None = None  # the pilot's start: the first day of the pilot period
    cycle_starts: tuple[tuple[int, date], ...] = ()  # each PDSA cycle and its first value's day

    @property
    def values(self) -> list[float]:
        """The observed values, oldest first."""
        return [value for _, value in self.points]

    @property
    def baseline_values(self) -> list[float]:
        """Values measured before the start: the frozen baseline."""
        return self.values[: self.baseline_count]

    @property
    def period_values(self) -> list[float]:
        """Values of this cycle measured since the start."""
        return self.values[self.baseline_count :]

    @property
    def baseline_median(self) -> float | None:
        """The frozen baseline median, or None without baseline values."""
        return self.judgement.median

    @property
    def period_median(self) -> float | None:
        """The median of this cycle's values since the start, or None before the first."""
        values = self.period_values
        return statistics.median(values) if values else None

    @property
    def latest(self) -> float | None:
        """The most recent value, if any."""
        return self.points[-1][1] if self.points else None

    @property
    def current_level(self) -> float | None:
        """Where the measure stands now: the median of the last four values."""
        return current_level(self.values)

    def judgement_line(self) -> str:
        """The run-chart reading in one line a clinician can read."""
        return self.judgement.plain_text(self.period)


class MeasureChange(BaseModel):
    """A measure's move from its baseline to its current level, signed so positive is better."""

    model_config = ConfigDict(frozen=True)

    measure_id: str
    name: str
    unit: str
    kind: str
    baseline: float
    current: float
    improvement: float

    @property
    def moved(self) -> str:
        """'better', 'worse' or 'unchanged', whichever way the measure counts as better."""
        if self.improvement == 0:
            return "unchanged"
        return "better" if self.improvement > 0 else "worse"


class PilotOutcome(BaseModel):
    """What a pilot has shown so far: per-measure series and judgement, hours, burnout, value."""

    model_config = ConfigDict(frozen=True)

    pilot: Pilot
    experiment_short_id: str
    experiment_text: str
    channel_id: str
    setting: str
    series: tuple[MeasureSeries, ...]
    changes: tuple[MeasureChange, ...] = ()
    hours: HoursReclaimed | None = None  # None: the pilot tracks no time measure in hours
    burnout: BurnoutChangeFromPulse | None = None  # from the group's anonymous pulse
    value: ValueFigure | None = None  # None: the pilot tracks no human-cost measure

    @property
    def value_burden(self) -> ValueBurden | None:
        """The value/burden ratio when it is shown, else None."""
        return self.value.value_burden if self.value else None

    decisions: tuple[tuple[int, Decision, str | None], ...] = ()

    @property
    def score(self) -> IhiScore:
        """The pilot's IHI progress score."""
        return IhiScore(self.pilot.ihi_score)

    def quality_but_more_burden(self) -> bool:
        """Whether quality went up while burden went up too: the trap the method warns of."""
        vb = self.value_burden
        return (
            vb is not None
            and vb.quality_after > vb.quality_before
            and (vb.burden_after > vb.burden_before)
        )


def current_level(values: list[float]) -> float | None:
    """The median of the last four values (fewer when there are fewer), or None when empty."""
    recent = sorted(values[-4:])
    if not recent:
        return None
    middle = len(recent) // 2
    return recent[middle] if len(recent) % 2 else (recent[middle - 1] + recent[middle]) / 2


def value_parts(text: str) -> list[str]:
    """The values typed in a baseline field, each as typed: one (`90`, `90 min`) or several
    measured ones, oldest first, separated by `;` or spaces (`92; 88; 90` or `92 88 90`)."""
    parts = [p.strip() for p in (text or "").split(";") if p.strip()]
    if len(parts) == 1:
        words = parts[0].split()
        if len(words) > 1 and all(looks_like_number(w) for w in words):
            return words
    return parts


def parse_pilot_id(text: str) -> int | None:
    """The number of a pilot id such as P-3 (or p3), or None."""
    match = _PILOT_ID.match(text.strip())
    return int(match.group(1)) if match else None


def parse_experiment_id(text: str) -> int | None:
    """The number of an experiment id such as E-12 (or e12), or None."""
    match = _EXPERIMENT_ID.match(text.strip())
    return int(match.group(1)) if match else None


def parse_value(text: str) -> float | None:
    """A measured value as typed: `12`, `12.5`, `12 min`, `1,250`; None when it is not a number
    or could be read two ways (`2.500`, `2,5`: bot.domain.log_text.number_problem says why)."""
    match = _VALUE.match(text or "")
    if not match:
        return None
    try:
        return read_number(match.group(1))
    except LogTextProblem:
        return None


# Minutes in one of each time word a member may type after a value ("12 h", "90 s").
_MINUTES_IN = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1 / 60),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 1.0),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 60.0),
    **dict.fromkeys(("d", "day", "days"), 24 * 60.0),
}
_PERCENT_WORDS = frozenset({"%", "percent", "pct"})


def typed_unit(text: str) -> str:
    """The unit word typed after a value ("12 h" gives "h"), lower case; "" when none."""
    match = _VALUE.match(text or "")
    return " ".join((match.group(2) or "").lower().split()) if match else ""


def convert_to_unit(value: float, typed: str, unit: str) -> tuple[float, str | None] | None:
    """The value in the measure's unit, with the conversion stated when one was made.

    No unit word, or the measure's own, keeps the value; a time word is converted to the
    measure's time unit (12 h on a minutes measure is 720); any other word gives None.
    """
    first = typed.split(" ", 1)[0].split("/", 1)[0] if typed else ""
    unit_words = unit.lower().split()
    own = unit_words[0] if unit_words else ""
    if not first or typed == unit.lower() or first == own or first.rstrip("s") == own.rstrip("s"):
        return value, None
    if first in _PERCENT_WORDS and own in _PERCENT_WORDS:
        return value, None
    typed_minutes, own_minutes = _MINUTES_IN.get(first), _MINUTES_IN.get(own)
    if typed_minutes is None or own_minutes is None:
        return None
    converted = value * typed_minutes / own_minutes
    if typed_minutes == own_minutes:
        return converted, None
    return converted, f"{_plain_number(value)} {first} = {_plain_number(converted)} {own}"


def _plain_number(value: float) -> str:
    """12 for 12.0, 0.25 for 0.25: a figure as a clinician would write it."""
    return f"{value:.4g}" if value != int(value) else str(int(value))


def split_log_text(text: str, today: date) -> LogRequest | None:
    """Split `P-3 inbox 12 min on 2026-11-02` into its parts; None when the shape is wrong.

    Raises LogTextProblem when the words after `on` are not a day that can be read, naming
    the problem (bot.domain.log_text.read_day)."""
    words = text.split()
    if len(words) < 3 or parse_pilot_id(words[0]) is None:
        return None
    number = parse_pilot_id(words[0]) or 0
    # The value may carry a unit word after it ("12 min"), so find the first numeric word.
    position = next((i for i in range(2, len(words)) if _VALUE.match(words[i])), None)
    on: date | None = None
    after = words[position:] if position is not None else words[2:]
    lowered = [word.lower() for word in after]
    if "on" in lowered[1:]:
        at = len(after) - 1 - lowered[::-1].index("on")
        if at == len(after) - 1:
            return None
        on = read_day(" ".join(after[at + 1 :]), today)
        after = after[:at]
    measure = " ".join(words[1:position]) if position is not None else words[1]
    return LogRequest(pilot_number=number, measure=measure, value_text=" ".join(after), on=on)


# Roles an idea often opens with, bare ("Pharmacist handles refills"); in the middle of a
# sentence they need their article back ("If a pharmacist handles refills").
_BARE_ROLES = (
    "pharmacist", "nurse", "physician", "doctor", "medical assistant", "scheduler", "biller",
    "scribe", "care coordinator", "receptionist", "nurse practitioner", "physician assistant",
    "ma", "rn", "lpn", "np", "pa",
)  # fmt: skip
_VOWEL_SOUND = ("a", "e", "i", "o", "u", "ma", "rn", "lpn", "np")


def with_article(idea_text: str) -> str:
    """The idea with "a"/"an" before a bare singular role it opens with; otherwise unchanged."""
    lowered = idea_text.lower()
    for role in sorted(_BARE_ROLES, key=len, reverse=True):
        if lowered.startswith(role + " "):
            article = "an" if role.startswith(_VOWEL_SOUND) else "a"
            return f"{article} {idea_text}"
    return idea_text


def hypothesis_template(idea: str, measure: str, baseline: str, target: str) -> str:
    """'If <idea>, then <measure> will move from <baseline> to <target>.'"""
    idea_text = idea.strip().rstrip(".")
    if idea_text[:1].isupper() and not idea_text[1:2].isupper():
        idea_text = idea_text[:1].lower() + idea_text[1:]
    idea_text = with_article(idea_text)
    return f"If {idea_text}, then {measure} will move from {baseline} to {target}."[
        :HYPOTHESIS_MAX_CHARS
    ]


def checkin_dates(start: date, end: date, cadence_days: int, after: date) -> list[date]:
    """Check-in days from the start, every cadence_days, strictly after `after`, up to the end."""
    days = []
    day = start + timedelta(days=cadence_days)
    while day <= end:
        if day > after:
            days.append(day)
        day += timedelta(days=cadence_days)
    return days


class DecisionRecord(BaseModel):
    """A closed PDSA cycle as members read it."""

    model_config = ConfigDict(frozen=True)

    pilot: Pilot
    experiment_short_id: str
    cycle: int
    decision: Decision
    reason: str | None = None
    next_cycle: int | None = Field(default=None, ge=2)


class MeasureSlotInput(BaseModel):
    """One measure slot of the pilot form as typed: a catalogue id, a baseline and a target."""

    model_config = ConfigDict(frozen=True)

    measure_id: str | None = None
    baseline: str = ""
    target: str = ""


class CustomMeasureInput(BaseModel):
    """The form's optional custom measure as typed."""

    model_config = ConfigDict(frozen=True)

    name: str = ""
    unit: str = ""
    direction: str | None = None
    kind: str | None = None
    baseline: str = ""
    target: str = ""


class PilotFormInput(BaseModel):
    """The pilot form's values as submitted, before any checking."""

    model_config = ConfigDict(frozen=True)

    experiment_number: int
    channel_id: str
    hypothesis: str = ""
    owner_id: str | None = None
    participant_ids: tuple[str, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    cadence: str | None = None
    role: str | None = None
    slots: dict[str, MeasureSlotInput] = Field(default_factory=dict)
    custom: CustomMeasureInput = CustomMeasureInput()


class CheckIn(BaseModel):
    """A check-in due to a pilot's owner: which pilot, and what to log."""

    model_config = ConfigDict(frozen=True)

    team_id: str
    user_id: str
    pilot_number: int
    experiment_text: str
    due_on: date
    measure_names: tuple[str, ...]

    @property
    def pilot_short_id(self) -> str:
        """The pilot id members type, like P-3."""
        return f"P-{self.pilot_number}"


class LogResult(BaseModel):
    """An observation just recorded, with the measure's judgement after it."""

    model_config = ConfigDict(frozen=True)

    pilot: Pilot
    measure: PilotMeasure
    value: float
    observed_on: date
    series: MeasureSeries
    conversion: str | None = None  # e.g. "12 h = 720 minutes", when the typed unit differed
