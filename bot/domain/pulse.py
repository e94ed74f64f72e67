"""The anonymous frontline pulse: the group's cadence, when a round is due, and what a round's
answers may show.

Rules (DOMAIN.md, Mini-Z): the burnout item is ordinal, so a round shows the share of answers
at 3 or more with how many answered and its 95% Wilson interval, never a mean; no figure at
all from fewer than MIN_ANSWERS answers ("fewer than 5 answers"), so that one person's answer
cannot be read off a small group. Hours outside work are ranges, shown as the median range."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from bot.domain.proportions import Share, wilson_share

MIN_ANSWERS = 5
BURNOUT_THRESHOLD = 3
BURNOUT_OPTIONS = ("1", "2", "3", "4", "5")
HOURS_OPTIONS = ("none", "under_1", "1_to_2", "2_to_5", "5_to_10", "over_10")
BURNOUT_QUESTION = "burnout"
HOURS_QUESTION = "hours"
# Rounds open at 14:00 UTC (as check-ins do), stay open a week, and non-responders hear
# once, three days in.
ROUND_TIME_UTC = time(14, 0)
ROUND_OPEN_DAYS = 7
REMIND_AFTER_DAYS = 3
# A new group's first round waits a week, so the channel has its members by then.
FIRST_ROUND_AFTER_DAYS = 7
TOO_FEW = f"fewer than {MIN_ANSWERS} answers"


class PulseCadence(StrEnum):
    """How often a group is asked; monthly unless the group says otherwise."""

    MONTHLY = "monthly"
    FORTNIGHTLY = "fortnightly"
    OFF = "off"

    def after(self, day: date) -> date | None:
        """The day the next round is due after a round opened on `day`; None when off."""
        if self is PulseCadence.MONTHLY:
            return day + relativedelta(months=1)
        if self is PulseCadence.FORTNIGHTLY:
            return day + timedelta(days=14)
        return None


DEFAULT_CADENCE = PulseCadence.MONTHLY


def next_round_at(
    cadence: PulseCadence, last_opened_on: date | None, group_created_at: datetime
) -> datetime | None:
    """When the group's next round is due (14:00 UTC), or None when the pulse is off."""
    if cadence is PulseCadence.OFF:
        return None
    if last_opened_on is None:
        day = (group_created_at + timedelta(days=FIRST_ROUND_AFTER_DAYS)).date()
    else:
        day = cadence.after(last_opened_on) or last_opened_on
    return datetime.combine(day, ROUND_TIME_UTC, UTC)


class PulseRound(BaseModel):
    """One round of a group's pulse and its counts per option (no names anywhere)."""

    model_config = ConfigDict(frozen=True)

    id: int
    team_id: str
    group_id: int
    opened_on: date
    opened_at: datetime
    closes_at: datetime
    remind_at: datetime
    reminded_at: datetime | None = None
    invited: int = 0
    burnout_counts: Mapping[str, int] = {}
    hours_counts: Mapping[str, int] = {}

    def is_open(self, now: datetime) -> bool:
        """Whether answers are still taken."""
        return self.opened_at <= now < self.closes_at

    @property
    def answers(self) -> int:
        """How many members answered the burnout item."""
        return sum(self.burnout_counts.values())

    @property
    def burnout(self) -> Share | None:
        """Share of answers at 3 or more with its 95% interval; None under MIN_ANSWERS."""
        return burnout_share(self.burnout_counts)

    @property
    def median_hours(self) -> str | None:
        """The median answer's range id for hours outside work; None under MIN_ANSWERS."""
        return median_option(self.hours_counts, HOURS_OPTIONS)

    def burnout_text(self) -> str:
        """ "42% at 3 or more (95% CI 19-68%, n=12)" or "fewer than 5 answers"."""
        share = self.burnout
        return f"{share.plain_text().replace(' (', ' at 3 or more (', 1)}" if share else TOO_FEW


def burnout_share(counts: Mapping[str, int]) -> Share | None:
    """The share of Mini-Z answers at 3 or more, or None from fewer than MIN_ANSWERS answers."""
    total = sum(counts.get(option, 0) for option in BURNOUT_OPTIONS)
    if total < MIN_ANSWERS:
        return None
    burned_out = sum(counts.get(o, 0) for o in BURNOUT_OPTIONS if int(o) >= BURNOUT_THRESHOLD)
    return wilson_share(burned_out, total)


def median_option(counts: Mapping[str, int], order: Sequence[str]) -> str | None:
    """The option holding the middle answer (the lower middle for an even count), or None
    from fewer than MIN_ANSWERS answers."""
    total = sum(counts.get(option, 0) for option in order)
    if total < MIN_ANSWERS:
        return None
    middle, seen = (total + 1) // 2, 0
    for option in order:
        seen += counts.get(option, 0)
        if seen >= middle:
            return option
    return None  # unreachable: the counts add up to total


class BurnoutChangeFromPulse(BaseModel):
    """A pilot's group before and since its start, from the group's pulse rounds."""

    model_config = ConfigDict(frozen=True)

    before: PulseRound | None
    after: PulseRound | None

    def plain_text(self) -> str:
        """ "Burnout (group pulse): 58% at 3 or more (...) on 2026-09-01 -> 33% (...) on ..."."""
        if self.before is None or self.after is None:
            missing = "before the pilot started" if self.before is None else "since it started"
            return f"Burnout (group pulse): no pulse round {missing} yet."
        return (
            f"Burnout (group pulse): {self.before.burnout_text()} on "
            f"{self.before.opened_on.isoformat()} -> {self.after.burnout_text()} on "
            f"{self.after.opened_on.isoformat()}."
        )


def change_around(rounds: Iterable[PulseRound], start: date) -> BurnoutChangeFromPulse | None:
    """The group's last round opened on or before a pilot's start and its latest round after
    it; None when the group has had no round at all."""
    ordered = sorted(rounds, key=lambda r: r.opened_on)
    if not ordered:
        return None
    before = [r for r in ordered if r.opened_on <= start]
    after = [r for r in ordered if r.opened_on > start]
    return BurnoutChangeFromPulse(
        before=before[-1] if before else None, after=after[-1] if after else None
    )


class BurnoutPoint(BaseModel):
    """The burnout share of one month's pulse rounds across the groups in view."""

    model_config = ConfigDict(frozen=True)

    month_start: date
    answers: int
    rounds: int
    share: Share | None  # None: fewer than MIN_ANSWERS answers

    @property
    def label(self) -> str:
        """The month, like Nov 2026."""
        return self.month_start.strftime("%b %Y")

    @property
    def respondents(self) -> int:
        """How many answers the point rests on."""
        return self.answers


def burnout_trend(rounds: Iterable[PulseRound]) -> tuple[BurnoutPoint, ...]:
    """One point per calendar month that has answers, oldest first: each group's latest round
    of the month pooled (a fortnightly group is not counted twice in a month). Months without
    a round get no point and no label."""
    latest: dict[tuple[date, int], PulseRound] = {}
    for item in rounds:
        key = (item.opened_on.replace(day=1), item.group_id)
        if key not in latest or latest[key].opened_on < item.opened_on:
            latest[key] = item
    months: dict[date, list[PulseRound]] = {}
    for (month, _), item in sorted(latest.items()):
        months.setdefault(month, []).append(item)
    points = []
    for month, chosen in sorted(months.items()):
        pooled: dict[str, int] = {}
        for item in chosen:
            for option, count in item.burnout_counts.items():
                pooled[option] = pooled.get(option, 0) + count
        answers = sum(pooled.values())
        if answers == 0:
            continue
        points.append(
            BurnoutPoint(
                month_start=month, answers=answers, rounds=len(chosen), share=burnout_share(pooled)
            )
        )
    return tuple(points)
