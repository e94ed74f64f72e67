"""Meetings in the relational store, and read-only views of what each meeting produced.

A meeting's stage only moves through `advance`, an UPDATE guarded by the row's version, so two
facilitators pressing `next` at the same moment move it one step, not two."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.domain.models import Meeting, MeetingStatus, MicroExperiment
from bot.domain.questions import Question
from bot.store.database import Database
from bot.store.tables import (
    ConcernRow,
    ConsensusRow,
    ExperimentRow,
    MeetingRow,
    MeetingStageRow,
    VoteRow,
)


class MeetingStore:
    """Reads and writes meetings, scoped by workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    @contextmanager
    def _within(self, session: Session | None) -> Iterator[Session]:
        """The caller's transaction (a change written with its outbox messages), or a new one."""
        if session is not None:
            yield session
            return
        with self._db.transaction() as own:
            yield own

    def open_for_group(self, team_id: str, group_id: int) -> Meeting | None:
        """The group's meeting under way, if any (the oldest, should two have raced)."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(MeetingRow)
                .where(
                    MeetingRow.team_id == team_id,
                    MeetingRow.group_id == group_id,
                    MeetingRow.status == MeetingStatus.OPEN.value,
                )
                .order_by(MeetingRow.id)
                .limit(1)
            ).first()
            return Meeting.model_validate(row) if row else None

    def open(
        self,
        team_id: str,
        group_id: int,
        channel_id: str,
        started_by: str,
        letter_id: int | None,
        session: Session | None = None,
    ) -> Meeting | None:
        """Open a meeting at the first question; None when another one is already open.

        Inside the caller's `session` the race check is the caller's, after its commit."""
        with self._within(session) as writing:
            row = MeetingRow(
                team_id=team_id,
                group_id=group_id,
                channel_id=channel_id,
                stage=Question.STOP.value,
                status=MeetingStatus.OPEN.value,
                started_by=started_by,
                letter_id=letter_id,
                version=0,
            )
            writing.add(row)
            writing.flush()
            meeting = Meeting.model_validate(row)
        if session is not None:
            return meeting
        first = self.open_for_group(team_id, group_id)
        if first is not None and first.id != meeting.id:
            # Two `start`s raced past the check; the earlier meeting stands, this one goes.
            self._delete(team_id, meeting.id)
            return None
        return meeting

    def discard(self, team_id: str, meeting_id: int) -> None:
        """Remove a meeting that lost a race to open, or that could not be posted at all."""
        self._delete(team_id, meeting_id)

    def _delete(self, team_id: str, meeting_id: int) -> None:
        with self._db.transaction() as session:
            row = session.get(MeetingRow, meeting_id)
            if row is not None and row.team_id == team_id:
                # The time-box's stage times are written with the meeting; they go with it.
                session.execute(delete(MeetingStageRow).where(MeetingStageRow.meeting_id == row.id))
                session.delete(row)

    def get(self, team_id: str, meeting_id: int) -> Meeting | None:
        """One meeting of the workspace by id."""
        with self._db.transaction() as session:
            row = session.get(MeetingRow, meeting_id)
            return Meeting.model_validate(row) if row and row.team_id == team_id else None

    def set_thread(self, team_id: str, meeting_id: int, thread_ts: str) -> None:
        """Remember the opening message, under which every question is threaded."""
        with self._db.transaction() as session:
            session.execute(
                update(MeetingRow)
                .where(MeetingRow.id == meeting_id, MeetingRow.team_id == team_id)
                .values(thread_ts=thread_ts)
            )

    def advance(
        self, team_id: str, meeting: Meeting, stage: Question, session: Session | None = None
    ) -> bool:
        """Move an open meeting to `stage` if nobody moved it since it was read; False if they did."""
        return self._change(team_id, meeting, session, stage=stage.value)

    def close(
        self, team_id: str, meeting: Meeting, ended_at: datetime, session: Session | None = None
    ) -> bool:
        """Close the meeting if nobody changed it since it was read; False if they did."""
        return self._change(
            team_id, meeting, session, status=MeetingStatus.CLOSED.value, ended_at=ended_at
        )

    def last_closed(self, team_id: str, group_id: int) -> Meeting | None:
        """The group's most recently ended meeting, for `recap`."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(MeetingRow)
                .where(
                    MeetingRow.team_id == team_id,
                    MeetingRow.group_id == group_id,
                    MeetingRow.status == MeetingStatus.CLOSED.value,
                )
                .order_by(MeetingRow.ended_at.desc(), MeetingRow.id.desc())
                .limit(1)
            ).first()
            return Meeting.model_validate(row) if row else None

    def _change(
        self, team_id: str, meeting: Meeting, session: Session | None, **values: object
    ) -> bool:
        with self._within(session) as session:
            result = session.execute(
                update(MeetingRow)
                .where(
                    MeetingRow.id == meeting.id,
                    MeetingRow.team_id == team_id,
                    MeetingRow.version == meeting.version,
                    MeetingRow.status == MeetingStatus.OPEN.value,
                )
                .values(version=MeetingRow.version + 1, **values)
            )
            return int(getattr(result, "rowcount", 0) or 0) == 1


class MeetingOutcomes:
    """Read-only queries over the ideas, votes, consensus and concerns of one meeting."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def ideas(self, team_id: str, meeting_id: int) -> list[MicroExperiment]:
        """Every proposal recorded in the meeting, in the order it was made."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(ExperimentRow)
                .where(ExperimentRow.team_id == team_id, ExperimentRow.meeting_id == meeting_id)
                .order_by(ExperimentRow.number)
            )
            return [MicroExperiment.model_validate(row) for row in rows]

    def votes(self, experiment_ids: Iterable[int]) -> dict[int, int]:
        """Votes per idea id (ids come from `ideas`, already scoped to the workspace)."""
        return self._counts(VoteRow, experiment_ids)

    def concerns(self, experiment_ids: Iterable[int]) -> dict[int, int]:
        """Concerns raised per idea id."""
        return self._counts(ConcernRow, experiment_ids)

    def consensus(self, experiment_ids: Iterable[int]) -> dict[int, tuple[int, float]]:
        """Fist-to-five ratings per idea id: how many, and their mean."""
        ids = list(experiment_ids)
        if not ids:
            return {}
        with self._db.transaction() as session:
            rows = session.execute(
                select(
                    ConsensusRow.experiment_id,
                    func.count(ConsensusRow.id),
                    func.avg(ConsensusRow.fingers),
                )
                .where(ConsensusRow.experiment_id.in_(ids))
                .group_by(ConsensusRow.experiment_id)
            )
            return {int(eid): (int(n), float(mean)) for eid, n, mean in rows}

    def _counts(
        self, table: type[VoteRow] | type[ConcernRow], ids_: Iterable[int]
    ) -> dict[int, int]:
        ids = list(ids_)
        if not ids:
            return {}
        with self._db.transaction() as session:
            rows = session.execute(
                select(table.experiment_id, func.count(table.id))
                .where(table.experiment_id.in_(ids))
                .group_by(table.experiment_id)
            )
            return {int(eid): int(n) for eid, n in rows}
