"""The burden inventory: what costs a group's members time or joy, with hours a week."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.estimates import Period, hours_per_week, read_estimate
from bot.domain.models import Burden, WorkingGroup
from bot.errors import InvalidInput
from bot.services.groups import GroupService
from bot.store.burdens import BurdenStore
from bot.vectors.connection import VectorStoreUnavailable

log = logging.getLogger(__name__)

TITLE_MAX_CHARS = 200
WHO_MAX_CHARS = 200
MINUTES_MAX = 24 * 60 * 7

# Where a burden comes from; values match the playbook's burden_source.
SOURCES = {
    "inbox": "Inbox",
    "prior_authorisation": "Prior authorisation",
    "documentation": "Documentation",
    "orders": "Orders",
    "quality_reporting": "Quality reporting",
    "scheduling": "Scheduling",
    "refills": "Refills",
    "forms": "Forms",
    "other": "Other",
}


# The form's "How often?" answers, as the form words them.
PERIOD_CHOICES = {
    Period.DAY: "every working day",
    Period.WEEK: "every week",
    Period.MONTH: "every month",
    Period.PATIENT: "every patient",
}


class BurdenIndex(Protocol):
    """Where burdens are embedded for search by meaning (bot.vectors.index.ExperimentIndex)."""

    def add_burden(self, burden: Burden, group: WorkingGroup) -> None:
        """Embed one burden of a group."""


class BurdenDraft(BaseModel):
    """What a member told us about a burden, before it is stored."""

    model_config = ConfigDict(frozen=True)

    title: str
    who: str | None = None
    period: Period | None = None
    minutes_each: float | None = Field(default=None, gt=0)
    satisfaction_cost: int | None = Field(default=None, ge=1, le=5)
    source: str | None = None


class EstimateConflict(InvalidInput):
    """The form's answer and the estimate typed in the title disagree; `field` is the form
    field to point at. Asked about, never settled silently for the member."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class AddedBurden(BaseModel):
    """A stored burden, and whether its title had to be cut to fit."""

    model_config = ConfigDict(frozen=True)

    burden: Burden
    cut: bool = False


class BurdenService:
    """Adds burdens to a group's inventory and ranks them by hours a week."""

    def __init__(
        self,
        store: BurdenStore,
        groups: GroupService,
        command: str,
        index: BurdenIndex | None = None,
    ) -> None:
        self._store = store
        self._groups = groups
        self._command = command
        self._index = index

    def remember(self, burden: Burden) -> None:
        """Embed a stored burden so `find` and similar search know it; an outage only logs."""
        group = self._groups.by_id(burden.team_id, burden.group_id)
        if self._index is None or group is None:
            return
        try:
            self._index.add_burden(burden, group)
        except VectorStoreUnavailable:
            log.warning("burden %s saved but not indexed: the vector store is down", burden.id)

    def draft_from_text(self, text: str) -> BurdenDraft:
        """Read a burden from free text: `Refill requests ~30m/day` (an estimate is optional)."""
        read = read_estimate(text)
        if not read.title:
            raise InvalidInput(
                "Say what the burden is, e.g. "
                f"`{self._command} add Prior authorisation forms ~2h/week`."
            )
        estimate = read.estimate
        return BurdenDraft(
            title=read.title,
            period=estimate.period if estimate else None,
            minutes_each=estimate.minutes if estimate else None,
        )

    def draft_from_form(
        self, draft: BurdenDraft, period: Period | None, minutes_each: float | None
    ) -> BurdenDraft:
        """The form's draft with an estimate typed in its title read in.

        The title's estimate fills what the form left empty; where the form's "How often?" or
        "Minutes each time" says something else, EstimateConflict asks which one is meant."""
        read = read_estimate(draft.title)
        estimate = read.estimate
        if estimate is None:
            return BurdenDraft(
                **{**draft.model_dump(), "period": period, "minutes_each": minutes_each}
            )
        if period is not None and period is not estimate.period:
            raise EstimateConflict(
                f"The title says {estimate.label}, but How often? says "
                f"{PERIOD_CHOICES[period]}. Which is it? Change How often? or the title.",
                field="period",
            )
        if minutes_each is not None and round(minutes_each, 1) != round(estimate.minutes, 1):
            raise EstimateConflict(
                f"The title says {estimate.label}, but Minutes each time says "
                f"{minutes_each:g}. Which is it? Change the minutes or the title.",
                field="minutes",
            )
        return BurdenDraft(
            **{
                **draft.model_dump(),
                "title": read.title,
                "period": estimate.period,
                "minutes_each": estimate.minutes,
            }
        )

    def add_text(self, team_id: str, channel_id: str, user_id: str, text: str) -> AddedBurden:
        """`add <burden>`: store a burden typed in the channel of a working group."""
        group = self._groups.require(team_id, channel_id)
        return self._add(team_id, group.id, user_id, self.draft_from_text(text))

    def add(self, team_id: str, channel_id: str, user_id: str, draft: BurdenDraft) -> AddedBurden:
        """Store a burden filled in through the form."""
        group = self._groups.require(team_id, channel_id)
        return self._add(team_id, group.id, user_id, draft)

    def _add(self, team_id: str, group_id: int, user_id: str, draft: BurdenDraft) -> AddedBurden:
        title = " ".join(draft.title.split())
        if not title:
            raise InvalidInput(
                f"Say what the burden is, e.g. `{self._command} add Inbox ~30m/day`."
            )
        if draft.minutes_each is not None and draft.minutes_each > MINUTES_MAX:
            raise InvalidInput("That is more minutes than a week holds: give minutes each time.")
        if draft.source is not None and draft.source not in SOURCES:
            raise InvalidInput(f"Source must be one of: {', '.join(SOURCES.values())}.")
        weekly = (
            hours_per_week(draft.minutes_each, draft.period)
            if draft.minutes_each is not None and draft.period is not None
            else None
        )
        burden = self._store.add(
            team_id,
            group_id,
            user_id,
            title=title[:TITLE_MAX_CHARS],
            who=(draft.who or "").strip()[:WHO_MAX_CHARS] or None,
            frequency=draft.period.value if draft.period else None,
            minutes_each=draft.minutes_each,
            hours_per_week=weekly,
            satisfaction_cost=draft.satisfaction_cost,
            source=draft.source,
        )
        return AddedBurden(burden=burden, cut=len(title) > TITLE_MAX_CHARS)

    def heaviest(self, team_id: str, group_id: int, limit: int = 5) -> list[Burden]:
        """The group's heaviest burdens by hours a week."""
        return self._store.heaviest(team_id, group_id, limit)

    def added_since(self, team_id: str, group_id: int, since: datetime) -> list[Burden]:
        """Burdens the group added since a moment (during a meeting)."""
        return self._store.added_since(team_id, group_id, since)
