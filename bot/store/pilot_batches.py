"""A set of pilots' rows read in one query per table, for outcomes across a group or workspace.

The per-pilot reads in bot.store.pilots cost a few queries each; a leaders' report of 1,000
pilots would make thousands. These read the same rows for many pilots at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from bot.domain.models import MicroExperiment, Pilot, PilotMeasure, WorkingGroup
from bot.domain.progress import Decision
from bot.store.database import Database
from bot.store.tables import (
    DecisionRow,
    ExperimentRow,
    ObservationRow,
    PilotMeasureRow,
    PilotRow,
    WorkingGroupRow,
)

DecisionEntry = tuple[int, Decision, str | None]


class ObservedValue(NamedTuple):
    """The parts of an observation a run chart needs."""

    pilot_measure_id: int
    cycle: int
    observed_on: date
    value: float


@dataclass
class PilotRows:
    """Everything an outcome is built from, for many pilots, keyed by pilot (or row) id."""

    experiments: dict[int, MicroExperiment] = field(default_factory=dict)
    groups: dict[int, WorkingGroup] = field(default_factory=dict)
    measures: dict[int, list[PilotMeasure]] = field(default_factory=lambda: defaultdict(list))
    observations: dict[int, list[ObservedValue]] = field(default_factory=lambda: defaultdict(list))
    decisions: dict[int, list[DecisionEntry]] = field(default_factory=lambda: defaultdict(list))


class PilotBatches:
    """Reads the rows behind many pilots' outcomes; every query is scoped by the workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def pilots(
        self, team_id: str, group_ids: Collection[int] | None = None, owner_id: str | None = None
    ) -> list[Pilot]:
        """The workspace's pilots, oldest first, narrowed to some groups or one owner."""
        query = select(PilotRow).where(PilotRow.team_id == team_id)
        if group_ids is not None:
            query = query.where(PilotRow.group_id.in_(list(group_ids)))
        if owner_id is not None:
            query = query.where(PilotRow.owner_id == owner_id)
        with self._db.transaction() as session:
            return [
                Pilot.model_validate(r) for r in session.scalars(query.order_by(PilotRow.number))
            ]

    def rows(self, team_id: str, pilots: Collection[Pilot]) -> PilotRows:
        """The experiments, groups, measures, observations (first and current cycle only) and
        decisions of these pilots."""
        found = PilotRows()
        if not pilots:
            return found
        ids = [p.id for p in pilots]
        # A whole workspace is read by team; a few pilots by id (SQLite caps bound variables).
        mine: ColumnElement[bool] = PilotRow.team_id == team_id
        if len(ids) <= 500:
            mine = mine & PilotRow.id.in_(ids)
        wanted = set(ids)
        with self._db.transaction() as session:
            for row in session.scalars(
                select(ExperimentRow).where(
                    ExperimentRow.team_id == team_id,
                    ExperimentRow.id.in_(select(PilotRow.experiment_id).where(mine)),
                )
            ):
                found.experiments[row.id] = MicroExperiment.model_validate(row)
            for group in session.scalars(
                select(WorkingGroupRow).where(WorkingGroupRow.team_id == team_id)
            ):
                found.groups[group.id] = WorkingGroup.model_validate(group)
            measures = (
                select(PilotMeasureRow)
                .join(PilotRow, PilotRow.id == PilotMeasureRow.pilot_id)
                .where(mine)
                .order_by(PilotMeasureRow.id)
            )
            for measure in session.scalars(measures):
                if measure.pilot_id in wanted:
                    found.measures[measure.pilot_id].append(PilotMeasure.model_validate(measure))
            self._observations(session, mine, wanted, found)
            decisions = (
                select(
                    DecisionRow.pilot_id,
                    DecisionRow.cycle,
                    DecisionRow.decision,
                    DecisionRow.reason,
                )
                .join(PilotRow, PilotRow.id == DecisionRow.pilot_id)
                .where(mine)
                .order_by(DecisionRow.id)
            )
            for pilot_id, cycle, decision, reason in session.execute(decisions):
                if pilot_id in wanted:
                    found.decisions[pilot_id].append((cycle, Decision(decision), reason))
        return found

    @staticmethod
    def _observations(
        session: Session, mine: ColumnElement[bool], wanted: set[int], found: PilotRows
    ) -> None:
        """Observations of the first and the current cycle, in time order, as plain tuples:
        a report reads tens of thousands."""
        query = (
            select(
                ObservationRow.pilot_id,
                ObservationRow.pilot_measure_id,
                ObservationRow.cycle,
                ObservationRow.observed_on,
                ObservationRow.value,
            )
            .join(PilotRow, PilotRow.id == ObservationRow.pilot_id)
            .where(mine, or_(ObservationRow.cycle == 1, ObservationRow.cycle == PilotRow.cycle))
            .order_by(ObservationRow.observed_on, ObservationRow.id)
        )
        for pilot_id, measure_id, cycle, day, value in session.execute(query):
            if pilot_id in wanted:
                found.observations[pilot_id].append(ObservedValue(measure_id, cycle, day, value))
