"""Value and burden of a pilot: hours reclaimed, burnout change and the value/burden ratio.

Runnels & Pronovost (BMJ Qual Saf 2025) define Value = Quality / (Financial
cost + Human cost), where human cost is excess time plus reduced job
satisfaction. A change that adds quality but adds more burden lowers the ratio;
the arithmetic here is kept explicit so a leader can redo it by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

FORMULA = "Value = Quality / (Financial cost + Human cost)"
# Mini-Z burnout item: 1 enjoy work ... 5 need help; 3 or more counts as burnout.
MINI_Z_RATINGS = frozenset({1, 2, 3, 4, 5})
BURNOUT_THRESHOLD = 3
WORKDAYS_PER_WEEK = 5.0
EHR_METRIC_PATIENT_HOURS = 8.0  # EHR-use metrics are scaled to 8 h of scheduled patient time


class TimeUnit(StrEnum):
    """Units of the time measures a pilot can convert to hours a week (as in measures.yaml)."""

    MINUTES_PER_DAY = "minutes per day"
    MINUTES_PER_WEEK = "minutes per week"
    HOURS_PER_WEEK = "hours per week"
    HOURS_PER_8H_PATIENT_TIME = "hours per 8 h of scheduled patient time"


def weekly_hours(
    value: float,
    unit: TimeUnit,
    *,
    workdays_per_week: float = WORKDAYS_PER_WEEK,
    patient_hours_per_week: float | None = None,
) -> float:
    """One person's hours a week for one value of a time measure."""
    if value < 0:
        raise ValueError("a time measure cannot be negative")
    if not 0 < workdays_per_week <= 7:
        raise ValueError("workdays per week must be more than 0 and at most 7")
    if unit is TimeUnit.MINUTES_PER_DAY:
        return value * workdays_per_week / 60
    if unit is TimeUnit.MINUTES_PER_WEEK:
        return value / 60
    if unit is TimeUnit.HOURS_PER_WEEK:
        return value
    # EHR hours per 8 h of patient time: scale to the person's own patient hours.
    if patient_hours_per_week is None or patient_hours_per_week <= 0:
        raise ValueError("EHR time per 8 h needs the person's scheduled patient hours per week")
    return value * patient_hours_per_week / EHR_METRIC_PATIENT_HOURS


def hours_reclaimed_per_week(
    baseline: float,
    current: float,
    unit: TimeUnit,
    participants: int = 1,
    *,
    workdays_per_week: float = WORKDAYS_PER_WEEK,
    patient_hours_per_week: float | None = None,
) -> float:
    """Hours a week given back to the group: (baseline - current) in hours a week x participants.

    Negative when the task now takes longer than at baseline.
    """
    if participants < 1:
        raise ValueError("a pilot has at least one participant")
    before = weekly_hours(
        baseline,
        unit,
        workdays_per_week=workdays_per_week,
        patient_hours_per_week=patient_hours_per_week,
    )
    after = weekly_hours(
        current,
        unit,
        workdays_per_week=workdays_per_week,
        patient_hours_per_week=patient_hours_per_week,
    )
    return (before - after) * participants


def burnout_share(ratings: Sequence[float]) -> float:
    """Share (0 to 1) of Mini-Z burnout ratings at 3 or more."""
    if not ratings:
        raise ValueError("no Mini-Z ratings to count")
    if any(r not in MINI_Z_RATINGS for r in ratings):
        raise ValueError("Mini-Z burnout ratings are whole numbers from 1 to 5")
    return sum(1 for r in ratings if r >= BURNOUT_THRESHOLD) / len(ratings)


WILSON_Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson_interval(successes: int, total: int, z: float = WILSON_Z_95) -> tuple[float, float]:
    """Wilson score interval (Wilson, JASA 1927) for a proportion: (low, high), each 0 to 1.

    95% by default. Unlike the normal (Wald) interval it stays inside 0..1 and is honest for
    small counts and for shares near 0% or 100%. Raises ValueError for counts out of range.
    """
    if total < 1 or not 0 <= successes <= total:
        raise ValueError("a proportion needs 0 <= successes <= total and total >= 1")
    p = successes / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    return max(0.0, centre - half), min(1.0, centre + half)


class MiniZShare(BaseModel):
    """The share of Mini-Z burnout ratings at 3 or more: a proportion with its Wilson 95% CI."""

    model_config = ConfigDict(frozen=True)

    at_3_or_more: int = Field(ge=0)
    answers: int = Field(ge=1)
    low: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)

    @property
    def share(self) -> float:
        """The share (0 to 1) of answers at 3 or more."""
        return self.at_3_or_more / self.answers

    def plain_text(self) -> str:
        """'25% (3 of 12 answers; 95% CI 9% to 53%)'."""
        return (
            f"{self.share:.0%} ({self.at_3_or_more} of {self.answers} answers; "
            f"95% CI {self.low:.0%} to {self.high:.0%})"
        )


def mini_z_share(ratings: Sequence[float]) -> MiniZShare:
    """Share of Mini-Z ratings (whole numbers 1-5) at 3 or more, with its Wilson 95% interval.

    Counts people's answers, so it is a proportion of respondents, never a ratio of item means.
    Raises ValueError for no ratings or a rating outside 1-5.
    """
    share = burnout_share(ratings)  # checks the ratings
    burned_out = round(share * len(ratings))
    low, high = wilson_interval(burned_out, len(ratings))
    return MiniZShare(at_3_or_more=burned_out, answers=len(ratings), low=low, high=high)


class BurnoutChange(BaseModel):
    """Burnout before and after a pilot, from Mini-Z ratings."""

    model_config = ConfigDict(frozen=True)

    respondents_before: int
    respondents_after: int
    share_before: float = Field(ge=0, le=1)
    share_after: float = Field(ge=0, le=1)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def change_points(self) -> float:
        """Change in the burnout share, in percentage points (negative is better)."""
        return (self.share_after - self.share_before) * 100

    def plain_text(self) -> str:
        """One line, e.g. 'Burnout fell from 50% to 25% of respondents (-25 points).'."""
        moved = "fell" if self.change_points < 0 else "rose" if self.change_points > 0 else "held"
        return (
            f"Burnout {moved} from {self.share_before:.0%} to {self.share_after:.0%} "
            f"of respondents ({self.change_points:+.0f} points; "
            f"{self.respondents_before} then {self.respondents_after} answers)."
        )


def burnout_change(before: Sequence[float], after: Sequence[float]) -> BurnoutChange:
    """Compare Mini-Z burnout ratings collected before and after a pilot."""
    return BurnoutChange(
        respondents_before=len(before),
        respondents_after=len(after),
        share_before=burnout_share(before),
        share_after=burnout_share(after),
    )


def human_cost(excess_time: float, reduced_satisfaction: float) -> float:
    """Human cost = excess time + reduced job satisfaction, both in the group's burden unit."""
    if excess_time < 0 or reduced_satisfaction < 0:
        raise ValueError("human cost parts cannot be negative")
    return excess_time + reduced_satisfaction


class ValueBurden(BaseModel):
    """Quality and burden before and after a pilot, and what happened to their ratio.

    Financial and human cost must be in one unit the group chose (for example
    staff hours, or money), so that they can be added.
    """

    model_config = ConfigDict(frozen=True)

    quality_before: float = Field(ge=0)
    quality_after: float = Field(ge=0)
    financial_cost_before: float = Field(ge=0)
    financial_cost_after: float = Field(ge=0)
    human_cost_before: float = Field(ge=0)
    human_cost_after: float = Field(ge=0)
    # False when no quality measure fed the ratio: quality is then a placeholder of 100, and
    # the verdict says "not measured" rather than "held".
    quality_measured: bool = True

    @model_validator(mode="after")
    def _burden_is_positive(self) -> ValueBurden:
        """Refuse a zero burden, where the ratio has no meaning."""
        if self.burden_before <= 0 or self.burden_after <= 0:
            raise ValueError("financial cost + human cost must be above zero before and after")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def formula(self) -> str:
        """The formula the numbers follow."""
        return FORMULA

    @computed_field  # type: ignore[prop-decorator]
    @property
    def burden_before(self) -> float:
        """Financial cost + human cost before the pilot."""
        return self.financial_cost_before + self.human_cost_before

    @computed_field  # type: ignore[prop-decorator]
    @property
    def burden_after(self) -> float:
        """Financial cost + human cost after the pilot."""
        return self.financial_cost_after + self.human_cost_after

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ratio_before(self) -> float:
        """Value before: quality / burden."""
        return self.quality_before / self.burden_before

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ratio_after(self) -> float:
        """Value after: quality / burden."""
        return self.quality_after / self.burden_after

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ratio_change(self) -> float:
        """Ratio after minus ratio before (positive is better)."""
        return self.ratio_after - self.ratio_before

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ratio_change_percent(self) -> float | None:
        """Ratio change as a percentage of the ratio before, or None when that was zero."""
        if self.ratio_before == 0:
            return None
        return self.ratio_change / self.ratio_before * 100

    def verdict_text(self) -> str:
        """Say plainly what happened to value, and warn when more quality cost more burden."""
        quality = _moved(self.quality_before, self.quality_after)
        burden = _moved(self.burden_before, self.burden_after)
        value = _moved(self.ratio_before, self.ratio_after)
        percent = self.ratio_change_percent
        ratio = f"value/burden {_num(self.ratio_before)} → {_num(self.ratio_after)}" + (
            f" ({percent:+.0f}%)" if percent is not None else ""
        )
        quality_numbers = f"{_num(self.quality_before)} → {_num(self.quality_after)}"
        burden_numbers = f"{_num(self.burden_before)} → {_num(self.burden_after)}"
        if quality == "rose" and burden == "rose":
            return (
                f"Quality rose ({quality_numbers}) but burden rose too ({burden_numbers}), "
                f"so value {value}: {ratio}."
            )
        quality_part = (
            f"quality {quality} ({quality_numbers})"
            if self.quality_measured
            else "quality not measured"
        )
        return f"Value {value}: {quality_part} and burden {burden} ({burden_numbers}); {ratio}."


def _moved(before: float, after: float) -> str:
    """'rose', 'fell' or 'held' from one number to the next."""
    # A relative tolerance, so 0.1 + 0.2 versus 0.3 reads as held.
    if abs(after - before) <= 1e-9 * max(abs(before), abs(after), 1.0):
        return "held"
    return "rose" if after > before else "fell"


def _num(x: float) -> str:
    """A number as a person writes it: 12, 7.5, 0.33, 1,250."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


class HoursReclaimed(BaseModel):
    """Hours a week given back by a pilot, from one time measure, or why none is shown yet.

    Counted only behind a run-chart signal in the better direction: (baseline median - pilot-
    period median) in hours a week x participants. `basis` says so in one line.
    """

    model_config = ConfigDict(frozen=True)

    measure_id: str
    name: str
    participants: int
    hours_per_week: float | None = None  # None: not shown yet
    reason: str | None = None  # why it is not shown yet
    basis: str = ""  # the one-line computation behind the figure
    assumption: str | None = None  # e.g. the scheduled patient hours assumed for EHR metrics

    def plain_text(self) -> str:
        """'7.4 hours a week reclaimed across 3 people. Basis: ...' or why not yet."""
        if self.hours_per_week is None:
            return f"Hours reclaimed: not shown yet, {self.reason}."
        people = f"{self.participants} {'person' if self.participants == 1 else 'people'}"
        text = f"{self.hours_per_week:.1f} hours a week reclaimed across {people}. "
        return text + f"Basis: {self.basis}" + (f"; {self.assumption}." if self.assumption else ".")


class ValueFigure(BaseModel):
    """The value/burden ratio of a pilot, shown only when it rests on a measured improvement."""

    model_config = ConfigDict(frozen=True)

    value_burden: ValueBurden | None = None  # None: not shown yet
    reason: str | None = None  # why it is not shown yet
    basis: str = ""  # how each part was measured, in one line

    def plain_text(self) -> str:
        """The ratio's verdict with its basis, or why it is not shown yet."""
        vb = self.value_burden
        if vb is None:
            return f"Value/burden: not shown yet, {self.reason}."
        return f"{vb.verdict_text()} Basis: {vb.formula}; {self.basis}."
