"""Groups and experiments written straight into the SQL store, for vector-store tests."""

from __future__ import annotations

from bot.domain.models import ExperimentStatus, MicroExperiment, WorkingGroup
from bot.domain.questions import Question
from bot.store.database import Database
from bot.store.tables import ExperimentRow, WorkingGroupRow


def save_group(database: Database, team_id: str, channel_id: str, setting: str) -> WorkingGroup:
    """A working group row, as `setup` would leave it."""
    with database.transaction() as session:
        row = WorkingGroupRow(
            team_id=team_id, channel_id=channel_id, setting=setting, created_by="U001"
        )
        session.add(row)
        session.flush()
        return WorkingGroup.model_validate(row)


def save_experiment(
    database: Database,
    group: WorkingGroup,
    number: int,
    text: str,
    question: Question = Question.AUTOMATE,
    status: ExperimentStatus = ExperimentStatus.PROPOSED,
) -> MicroExperiment:
    """An experiment row not yet indexed, as `idea` leaves it before Chroma answers."""
    with database.transaction() as session:
        row = ExperimentRow(
            team_id=group.team_id,
            number=number,
            group_id=group.id,
            question=question.value,
            text=text,
            status=status.value,
            proposed_by="U001",
        )
        session.add(row)
        session.flush()
        return MicroExperiment.model_validate(row)


def is_indexed(database: Database, experiment: MicroExperiment) -> bool:
    """Whether the SQL store flags the experiment as held by the vector store."""
    with database.transaction() as session:
        row = session.get(ExperimentRow, experiment.id)
        assert row is not None
        return row.indexed
