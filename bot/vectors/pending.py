"""Experiments the vector store has not got yet (ExperimentRow.indexed False), from the SQL store."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.domain.models import MicroExperiment, WorkingGroup
from bot.store.database import Database
from bot.store.tables import ExperimentRow, WorkingGroupRow


class PendingExperiments:
    """Finds experiments still to index and flags them once Chroma holds them."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def unindexed(self, limit: int = 200) -> list[tuple[MicroExperiment, WorkingGroup]]:
        """Up to `limit` experiments not yet in the vector store, oldest first, with their group."""
        with self._db.transaction() as session:
            rows = session.execute(
                select(ExperimentRow, WorkingGroupRow)
                .join(WorkingGroupRow, WorkingGroupRow.id == ExperimentRow.group_id)
                .where(ExperimentRow.indexed.is_(False))
                # The join must stay inside one workspace, like every other query.
                .where(WorkingGroupRow.team_id == ExperimentRow.team_id)
                .order_by(ExperimentRow.id)
                .limit(limit)
            ).all()
            return [
                (MicroExperiment.model_validate(row), WorkingGroup.model_validate(group))
                for row, group in rows
            ]

    def mark_indexed(self, team_id: str, experiment_ids: list[int]) -> None:
        """Flag these experiments of the workspace as held by the vector store."""
        if not experiment_ids:
            return
        with self._db.transaction() as session:
            session.execute(
                update(ExperimentRow)
                .where(ExperimentRow.team_id == team_id, ExperimentRow.id.in_(experiment_ids))
                .values(indexed=True)
            )
