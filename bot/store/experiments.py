"""Micro-experiments, their votes, fist-to-five ratings and concerns in the relational store.

Votes, ratings and concerns carry no workspace of their own: every query reaches them through
their experiment and filters on its team_id."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import ValidationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.ideas import Tally
from bot.domain.models import ExperimentStatus, Meeting, MicroExperiment
from bot.domain.questions import Question
from bot.store.database import Database
from bot.store.meetings import MeetingStore
from bot.store.tables import (
    ConcernRow,
    ConsensusRow,
    DecisionRow,
    ExperimentRow,
    MeetingRow,
    PilotRow,
    VoteRow,
)

NUMBER_ATTEMPTS = 5
# A pilot cycle's decision as the answer reads it.
_DECIDED = {"adopt": "adopted", "adapt": "adapted", "abandon": "abandoned"}


class ExperimentStore:
    """Reads and writes micro-experiments of a workspace, numbered E-1, E-2... per workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def open_meeting(self, team_id: str, group_id: int) -> Meeting | None:
        """The group's meeting under way, if any: the same one `next` and `end` move."""
        return MeetingStore(self._db).open_for_group(team_id, group_id)

    def meeting(self, team_id: str, meeting_id: int) -> Meeting | None:
        """One meeting of the workspace by id, open or closed."""
        with self._db.transaction() as session:
            row = session.get(MeetingRow, meeting_id)
            if row is None or row.team_id != team_id:
                return None
            try:
                return Meeting.model_validate(row)
            except ValidationError:
                return None

    def add(
        self,
        team_id: str,
        group_id: int,
        meeting_id: int | None,
        question: Question,
        text: str,
        status: ExperimentStatus,
        proposed_by: str,
        adds_work: bool,
        also: Callable[[Session, MicroExperiment], None] | None = None,
    ) -> MicroExperiment:
        """Store a new idea with the workspace's next number; a race for a number is retried.
        `also` writes more about the idea (the message that shows it) in the same transaction."""
        for attempt in range(NUMBER_ATTEMPTS):
            try:
                with self._db.transaction() as session:
                    highest = session.scalar(
                        select(func.max(ExperimentRow.number)).where(
                            ExperimentRow.team_id == team_id
                        )
                    )
                    row = ExperimentRow(
                        team_id=team_id,
                        number=(highest or 0) + 1,
                        group_id=group_id,
                        meeting_id=meeting_id,
                        question=question.value,
                        text=text,
                        status=status.value,
                        proposed_by=proposed_by,
                        adds_work=adds_work,
                        indexed=False,
                    )
                    session.add(row)
                    session.flush()
                    experiment = MicroExperiment.model_validate(row)
                    if also is not None:
                        also(session, experiment)
                    return experiment
            except IntegrityError:
                # Another idea of the workspace took this number first: read the maximum again.
                if attempt == NUMBER_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def by_id(self, team_id: str, experiment_id: int) -> MicroExperiment | None:
        """One experiment of the workspace by its row id."""
        with self._db.transaction() as session:
            row = session.get(ExperimentRow, experiment_id)
            if row is None or row.team_id != team_id:
                return None
            return MicroExperiment.model_validate(row)

    def by_number(self, team_id: str, number: int) -> MicroExperiment | None:
        """One experiment of the workspace by its E-number."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(ExperimentRow).where(
                    ExperimentRow.team_id == team_id, ExperimentRow.number == number
                )
            ).one_or_none()
            return MicroExperiment.model_validate(row) if row else None

    def of_meeting(
        self, team_id: str, meeting_id: int, question: Question | None = None
    ) -> list[MicroExperiment]:
        """A meeting's ideas in the order proposed, of one question or of all."""
        with self._db.transaction() as session:
            query = select(ExperimentRow).where(
                ExperimentRow.team_id == team_id, ExperimentRow.meeting_id == meeting_id
            )
            if question is not None:
                query = query.where(ExperimentRow.question == question.value)
            rows = session.scalars(query.order_by(ExperimentRow.number))
            return [MicroExperiment.model_validate(row) for row in rows]

    def parked(self, team_id: str, group_id: int) -> list[MicroExperiment]:
        """A group's ideas waiting in the parking lot (a checklist pause), oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(ExperimentRow)
                .where(
                    ExperimentRow.team_id == team_id,
                    ExperimentRow.group_id == group_id,
                    ExperimentRow.status == ExperimentStatus.PARKED.value,
                )
                .order_by(ExperimentRow.number)
            )
            return [MicroExperiment.model_validate(row) for row in rows]

    def latest_with_status(
        self, team_id: str, group_id: int, statuses: Iterable[str]
    ) -> MicroExperiment | None:
        """The group's most recently recorded experiment in one of these statuses, or None."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(ExperimentRow)
                .where(
                    ExperimentRow.team_id == team_id,
                    ExperimentRow.group_id == group_id,
                    ExperimentRow.status.in_(list(statuses)),
                )
                .order_by(ExperimentRow.number.desc())
                .limit(1)
            ).first()
            return MicroExperiment.model_validate(row) if row is not None else None

    def set_status(
        self, team_id: str, experiment_id: int, status: ExperimentStatus
    ) -> MicroExperiment:
        """Change an experiment's status."""
        with self._db.transaction() as session:
            row = _owned(session, team_id, experiment_id)
            row.status = status.value
            session.flush()
            return MicroExperiment.model_validate(row)

    def move_status(
        self,
        team_id: str,
        experiment_id: int,
        source: ExperimentStatus,
        target: ExperimentStatus,
    ) -> MicroExperiment | None:
        """Move an experiment from one status to another in one statement; None when it was no
        longer in `source` (another member moved it first)."""
        with self._db.transaction() as session:
            moved = session.execute(
                update(ExperimentRow)
                .where(
                    ExperimentRow.team_id == team_id,
                    ExperimentRow.id == experiment_id,
                    ExperimentRow.status == source.value,
                )
                .values(status=target.value)
            )
            if not getattr(moved, "rowcount", 0):
                return None
            return MicroExperiment.model_validate(_owned(session, team_id, experiment_id))

    def mark_indexed(self, team_id: str, experiment_id: int) -> None:
        """Remember that the vector store holds this experiment."""
        with self._db.transaction() as session:
            _owned(session, team_id, experiment_id).indexed = True

    def add_vote(self, team_id: str, experiment_id: int, user_id: str) -> bool:
        """Record one member's vote; False when the member had already voted for this idea."""
        try:
            with self._db.transaction() as session:
                _owned(session, team_id, experiment_id)
                session.add(VoteRow(experiment_id=experiment_id, user_id=user_id))
            return True
        except IntegrityError:
            return False

    def remove_vote(self, team_id: str, experiment_id: int, user_id: str) -> bool:
        """Withdraw one member's vote; False when there was none to withdraw."""
        with self._db.transaction() as session:
            _owned(session, team_id, experiment_id)
            result = session.execute(
                delete(VoteRow).where(
                    VoteRow.experiment_id == experiment_id, VoteRow.user_id == user_id
                )
            )
            return bool(getattr(result, "rowcount", 0))

    def rate(self, team_id: str, experiment_id: int, user_id: str, fingers: int) -> int | None:
        """Record a member's fist-to-five (replacing an earlier one); returns the earlier rating."""
        try:
            return self._rate(team_id, experiment_id, user_id, fingers)
        except IntegrityError:
            # Two clicks of one member raced; the second now finds the first and replaces it.
            return self._rate(team_id, experiment_id, user_id, fingers)

    def _rate(self, team_id: str, experiment_id: int, user_id: str, fingers: int) -> int | None:
        with self._db.transaction() as session:
            _owned(session, team_id, experiment_id)
            row = session.scalars(
                select(ConsensusRow).where(
                    ConsensusRow.experiment_id == experiment_id, ConsensusRow.user_id == user_id
                )
            ).one_or_none()
            if row is None:
                session.add(
                    ConsensusRow(experiment_id=experiment_id, user_id=user_id, fingers=fingers)
                )
                return None
            previous, row.fingers = row.fingers, fingers
            return previous

    def add_concern(self, team_id: str, experiment_id: int, user_id: str, text: str) -> None:
        """Attach a member's concern to an idea."""
        with self._db.transaction() as session:
            _owned(session, team_id, experiment_id)
            session.add(ConcernRow(experiment_id=experiment_id, user_id=user_id, text=text))

    def tallies(self, team_id: str, experiment_ids: Iterable[int]) -> dict[int, Tally]:
        """Votes, ratings and concern counts of these experiments (absent ones get an empty tally)."""
        ids = list(experiment_ids)
        with self._db.transaction() as session:
            owned = select(ExperimentRow.id).where(
                ExperimentRow.team_id == team_id, ExperimentRow.id.in_(ids)
            )
            votes = dict(
                session.execute(
                    select(VoteRow.experiment_id, func.count())
                    .where(VoteRow.experiment_id.in_(owned))
                    .group_by(VoteRow.experiment_id)
                ).all()
            )
            concerns = dict(
                session.execute(
                    select(ConcernRow.experiment_id, func.count())
                    .where(ConcernRow.experiment_id.in_(owned))
                    .group_by(ConcernRow.experiment_id)
                ).all()
            )
            ratings: dict[int, list[int]] = {}
            for experiment_id, fingers in session.execute(
                select(ConsensusRow.experiment_id, ConsensusRow.fingers)
                .where(ConsensusRow.experiment_id.in_(owned))
                .order_by(ConsensusRow.id)
            ):
                ratings.setdefault(experiment_id, []).append(fingers)
        return {
            i: Tally(votes.get(i, 0), tuple(ratings.get(i, ())), concerns.get(i, 0)) for i in ids
        }

    def voters(self, team_id: str, experiment_ids: Iterable[int]) -> int:
        """How many distinct members voted for any of these experiments."""
        with self._db.transaction() as session:
            owned = select(ExperimentRow.id).where(
                ExperimentRow.team_id == team_id, ExperimentRow.id.in_(list(experiment_ids))
            )
            return int(
                session.scalar(
                    select(func.count(func.distinct(VoteRow.user_id))).where(
                        VoteRow.experiment_id.in_(owned)
                    )
                )
                or 0
            )

    def pilot_results(self, team_id: str, numbers: Iterable[int]) -> dict[int, str]:
        """For piloted experiments (by E-number): their pilot's id and latest decision or status."""
        wanted = list(numbers)
        if not wanted:
            return {}
        with self._db.transaction() as session:
            rows = session.execute(
                select(ExperimentRow.number, PilotRow.id, PilotRow.number, PilotRow.status)
                .join(PilotRow, PilotRow.experiment_id == ExperimentRow.id)
                .where(ExperimentRow.team_id == team_id, ExperimentRow.number.in_(wanted))
                .order_by(PilotRow.id)
            )
            results = {}
            for number, pilot_id, pilot_number, status in rows.all():
                decision = session.scalars(
                    select(DecisionRow.decision)
                    .where(DecisionRow.pilot_id == pilot_id)
                    .order_by(DecisionRow.id.desc())
                ).first()
                outcome = _DECIDED.get(decision or "", decision or status)
                results[number] = f"P-{pilot_number}, {outcome}"
            return results


def _owned(session: Session, team_id: str, experiment_id: int) -> ExperimentRow:
    """The experiment row, only if it belongs to the workspace."""
    row = session.get(ExperimentRow, experiment_id)
    if row is None or row.team_id != team_id:
        raise LookupError(f"experiment {experiment_id} not in workspace")
    return row
