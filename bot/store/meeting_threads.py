"""Which open meeting, if any, a Slack thread belongs to (read-only, scoped by workspace)."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.models import Meeting, MeetingStatus, WorkingGroup
from bot.store.database import Database
from bot.store.tables import MeetingRow, WorkingGroupRow


class MeetingThreads:
    """Finds the open meeting whose thread a message was posted in."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def open_meeting(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> tuple[Meeting, WorkingGroup] | None:
        """The open meeting with this thread in this channel, and its group; None otherwise."""
        with self._db.transaction() as session:
            found = session.execute(
                select(MeetingRow, WorkingGroupRow)
                .join(WorkingGroupRow, WorkingGroupRow.id == MeetingRow.group_id)
                .where(
                    MeetingRow.team_id == team_id,
                    MeetingRow.channel_id == channel_id,
                    MeetingRow.thread_ts == thread_ts,
                    MeetingRow.status == MeetingStatus.OPEN.value,
                    WorkingGroupRow.team_id == team_id,
                )
                .limit(1)
            ).one_or_none()
            if found is None:
                return None
            meeting, group = found
            return Meeting.model_validate(meeting), WorkingGroup.model_validate(group)
