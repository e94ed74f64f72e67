"""Read-only queries behind the leaders' portfolio, report and App Home, scoped by workspace.

These read the tables the meeting, ideas and pilots features write; they never write, so
they depend on the schema only. Counting is left to SQL. Pilot figures are not read here:
they come from the pilots feature's outcomes (bot.services.outcomes), the one source."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, func, select

from bot.domain.missed import MissedListing
from bot.domain.models import MicroExperiment, Pilot, WorkingGroup
from bot.domain.spread import SpreadLine
from bot.store.database import Database
from bot.store.digests import DIGEST_KIND
from bot.store.missed import MissedStore
from bot.store.spread import SpreadStore
from bot.store.tables import (
    BurdenRow,
    ExperimentRow,
    MeetingRow,
    PilotRow,
    ReminderRow,
    WorkingGroupRow,
)

WAITING_STATUSES = ("proposed", "settle_by_pilot")

Q = TypeVar("Q", bound=Select)  # type: ignore[type-arg]


@dataclass(frozen=True)
class PilotScope:
    """Which pilots a query reads: those of some groups, of one owner, or both."""

    group_ids: Collection[int] | None = None
    owner_id: str | None = None

    def apply(self, query: Q) -> Q:
        """Narrow a query that joins the pilots table to this scope."""
        if self.group_ids is not None:
            query = query.where(PilotRow.group_id.in_(list(self.group_ids)))
        if self.owner_id is not None:
            query = query.where(PilotRow.owner_id == self.owner_id)
        return query


class PortfolioStore:
    """Counts and series across a workspace's working groups, for the groups in view."""

    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def database(self) -> Database:
        """The database these reads go to (the pulse's rounds are read from it too)."""
        return self._db

    def team_ids(self) -> list[str]:
        """Every workspace that has at least one working group."""
        query = select(WorkingGroupRow.team_id).distinct().order_by(WorkingGroupRow.team_id)
        with self._db.transaction() as session:
            return list(session.scalars(query))

    def groups(self, team_id: str) -> list[WorkingGroup]:
        """Every group of the workspace, oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(WorkingGroupRow)
                .where(WorkingGroupRow.team_id == team_id)
                .order_by(WorkingGroupRow.id)
            )
            return [WorkingGroup.model_validate(row) for row in rows]

    def active_group_ids(
        self, team_id: str, group_ids: Collection[int], since: datetime
    ) -> set[int]:
        """Groups with a meeting started or an idea recorded since `since`."""
        meetings = select(MeetingRow.group_id).where(
            MeetingRow.team_id == team_id, MeetingRow.started_at >= since
        )
        ideas = select(ExperimentRow.group_id).where(
            ExperimentRow.team_id == team_id, ExperimentRow.created_at >= since
        )
        with self._db.transaction() as session:
            found = set(session.scalars(meetings.distinct())) | set(
                session.scalars(ideas.distinct())
            )
        return found & set(group_ids)

    def burden_totals(self, team_id: str, group_ids: Collection[int]) -> tuple[int, float]:
        """How many burdens were logged and the hours a week of those with an estimate."""
        query = select(
            func.count(BurdenRow.id), func.coalesce(func.sum(BurdenRow.hours_per_week), 0.0)
        )
        query = query.where(BurdenRow.team_id == team_id, BurdenRow.group_id.in_(group_ids))
        with self._db.transaction() as session:
            count, hours = session.execute(query).one()
        return int(count or 0), float(hours or 0.0)

    def missed_opportunities(self, team_id: str, group_ids: Collection[int]) -> list[MissedListing]:
        """The groups' missed opportunities with their setting, channel and burden."""
        return MissedStore(self._db).listings(team_id, list(group_ids))

    def spread(self, team_id: str, group_ids: Collection[int]) -> list[SpreadLine]:
        """The groups' offered pilots with every target group's uptake."""
        return SpreadStore(self._db).lines(team_id, list(group_ids))

    def ideas_by_question(self, team_id: str, group_ids: Collection[int]) -> dict[str, int]:
        """Ideas per question (stop, automate, ...)."""
        query = (
            select(ExperimentRow.question, func.count(ExperimentRow.id))
            .where(ExperimentRow.team_id == team_id, ExperimentRow.group_id.in_(group_ids))
            .group_by(ExperimentRow.question)
        )
        with self._db.transaction() as session:
            return {question: int(count) for question, count in session.execute(query)}

    def waiting_ideas(
        self, team_id: str, group_ids: Collection[int], created_before: datetime
    ) -> list[MicroExperiment]:
        """Ideas still proposed or waiting for a pilot, recorded before the cut-off, oldest first."""
        query = (
            select(ExperimentRow)
            .where(
                ExperimentRow.team_id == team_id,
                ExperimentRow.group_id.in_(group_ids),
                ExperimentRow.status.in_(WAITING_STATUSES),
                ExperimentRow.created_at < created_before,
            )
            .order_by(ExperimentRow.created_at, ExperimentRow.id)
        )
        with self._db.transaction() as session:
            return [MicroExperiment.model_validate(row) for row in session.scalars(query)]

    def pilots(self, team_id: str, scope: PilotScope) -> list[tuple[Pilot, int]]:
        """Pilots in scope with their experiment's number, newest first."""
        query = (
            select(PilotRow, ExperimentRow.number)
            .join(ExperimentRow, ExperimentRow.id == PilotRow.experiment_id)
            .where(PilotRow.team_id == team_id)
            .order_by(PilotRow.number.desc())
        )
        query = scope.apply(query)
        with self._db.transaction() as session:
            return [(Pilot.model_validate(row), number) for row, number in session.execute(query)]

    def checkins_due(
        self, team_id: str, user_id: str, until: datetime
    ) -> list[tuple[int, datetime]]:
        """Unsent pilot reminders (check-ins) for a member due before `until`: (pilot id, due)."""
        query = (
            select(ReminderRow.pilot_id, ReminderRow.due_at)
            .where(
                ReminderRow.team_id == team_id,
                ReminderRow.user_id == user_id,
                ReminderRow.kind != DIGEST_KIND,
                ReminderRow.sent_at.is_(None),
                ReminderRow.pilot_id.is_not(None),
                ReminderRow.due_at <= until,
            )
            .order_by(ReminderRow.due_at)
        )
        with self._db.transaction() as session:
            return [(int(pilot_id or 0), due) for pilot_id, due in session.execute(query)]
