"""Rows for the report's CSV exports, streamed table by table, every row with its workspace.

What is exported is what leaders work with: groups, burdens, ideas (proposals about work),
pilots and observations. Patient letters, concerns and votes are never exported."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select

from bot.store.database import Database
from bot.store.tables import (
    BurdenRow,
    ExperimentRow,
    ObservationRow,
    PilotMeasureRow,
    PilotRow,
    WorkingGroupRow,
)

STREAM_BATCH = 2000
# Columns that hold what members typed; the report redacts identifiers in them again.
FREE_TEXT_COLUMNS = frozenset(
    {"setting", "title", "text", "hypothesis", "participants", "measure_id", "unit"}
)


def _exports() -> dict[str, Select[Any]]:
    """Each export's query; column labels become the CSV header."""
    group = WorkingGroupRow
    return {
        "groups": select(group.team_id, group.channel_id, group.setting, group.created_at).order_by(
            group.team_id, group.id
        ),
        "burdens": select(
            BurdenRow.team_id,
            BurdenRow.id.label("burden_id"),
            group.channel_id,
            group.setting,
            BurdenRow.title,
            BurdenRow.frequency,
            BurdenRow.minutes_each,
            BurdenRow.hours_per_week,
            BurdenRow.satisfaction_cost,
            BurdenRow.created_at,
        )
        .join(group, group.id == BurdenRow.group_id)
        .order_by(BurdenRow.team_id, BurdenRow.id),
        "experiments": select(
            ExperimentRow.team_id,
            ExperimentRow.number.label("experiment"),
            group.channel_id,
            group.setting,
            ExperimentRow.question,
            ExperimentRow.status,
            ExperimentRow.text,
            ExperimentRow.adds_work,
            ExperimentRow.created_at,
            ExperimentRow.decided_at,
        )
        .join(group, group.id == ExperimentRow.group_id)
        .order_by(ExperimentRow.team_id, ExperimentRow.number),
        "pilots": select(
            PilotRow.team_id,
            PilotRow.number.label("pilot"),
            ExperimentRow.number.label("experiment"),
            group.channel_id,
            group.setting,
            PilotRow.hypothesis,
            PilotRow.owner_id,
            PilotRow.participants,
            PilotRow.status,
            PilotRow.cycle,
            PilotRow.ihi_score,
            PilotRow.start_date,
            PilotRow.end_date,
        )
        .join(group, group.id == PilotRow.group_id)
        .join(ExperimentRow, ExperimentRow.id == PilotRow.experiment_id)
        .order_by(PilotRow.team_id, PilotRow.number),
        "observations": select(
            PilotRow.team_id,
            PilotRow.number.label("pilot"),
            PilotMeasureRow.measure_id,
            PilotMeasureRow.unit,
            ObservationRow.cycle,
            ObservationRow.observed_on,
            ObservationRow.value,
        )
        .join(PilotRow, PilotRow.id == ObservationRow.pilot_id)
        .join(PilotMeasureRow, PilotMeasureRow.id == ObservationRow.pilot_measure_id)
        .order_by(
            PilotRow.team_id, PilotRow.number, PilotMeasureRow.id, ObservationRow.observed_on
        ),
    }


EXPORTS = tuple(_exports())


class ExportStore:
    """Reads whole tables for the CSV exports of the operator's report."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def rows(
        self, name: str, team_id: str | None = None
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """The header and the rows of one export (groups, burdens, experiments, pilots,
        observations); with `team_id`, that workspace's rows only."""
        query = _exports()[name]
        header = [column.name for column in query.selected_columns]
        if team_id is not None:
            # Every export's first column is the team_id of the row it is about.
            query = query.where(list(query.selected_columns)[0] == team_id)
        return header, self._stream(query)

    def _stream(self, query: Select[Any]) -> Iterator[tuple[Any, ...]]:
        with self._db.engine.connect() as connection:
            result = connection.execution_options(yield_per=STREAM_BATCH).execute(query)
            for row in result:
                yield tuple(row)
