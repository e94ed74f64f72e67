"""A meeting's time-box and when it reached each stage, in the relational store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.questions import Question
from bot.store.database import Database
from bot.store.tables import MeetingRow, MeetingStageRow


class TimeBoxStore:
    """Writes a meeting's time-box and stage times; reads them back for the summary."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def set_minutes(self, team_id: str, meeting_id: int, minutes: int | None) -> None:
        """Time-box the meeting (None: not time-boxed)."""
        with self._db.transaction() as session:
            session.execute(
                update(MeetingRow)
                .where(MeetingRow.team_id == team_id, MeetingRow.id == meeting_id)
                .values(time_box_minutes=minutes)
            )

    def opened(
        self,
        session: Session,
        meeting_id: int,
        minutes: int | None,
        first: Question,
        at: datetime,
    ) -> None:
        """In the transaction that opens the meeting: its time-box and its first stage."""
        if minutes is not None:
            session.execute(
                update(MeetingRow)
                .where(MeetingRow.id == meeting_id)
                .values(time_box_minutes=minutes)
            )
        session.add(MeetingStageRow(meeting_id=meeting_id, stage=first.value, started_at=at))

    def minutes(self, team_id: str, meeting_id: int) -> int | None:
        """The meeting's time-box in minutes, if it has one."""
        with self._db.transaction() as session:
            return session.scalar(
                select(MeetingRow.time_box_minutes).where(
                    MeetingRow.team_id == team_id, MeetingRow.id == meeting_id
                )
            )

    def reached(self, meeting_id: int, stage: Question, at: datetime) -> bool:
        """Record the moment the meeting reached a stage; False when it was already recorded."""
        try:
            with self._db.transaction() as session:
                session.add(
                    MeetingStageRow(meeting_id=meeting_id, stage=stage.value, started_at=at)
                )
            return True
        except IntegrityError:
            return False

    def stages(self, meeting_id: int) -> dict[Question, datetime]:
        """When the meeting reached each stage recorded so far."""
        with self._db.transaction() as session:
            rows = session.execute(
                select(MeetingStageRow.stage, MeetingStageRow.started_at).where(
                    MeetingStageRow.meeting_id == meeting_id
                )
            )
            return {Question(stage): started for stage, started in rows}
