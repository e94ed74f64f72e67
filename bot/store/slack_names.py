"""The names Slack gave for ids, kept so the report names things even when Slack cannot be asked
(the CLI has no token in many installs; Slack may be down or refuse), and what the report names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from bot.clock import utcnow
from bot.domain.names import NameKind, SlackNames
from bot.store.database import Database
from bot.store.tables import PilotRow, SlackNameRow, WorkingGroupRow

NAME_MAX_CHARS = 255


class SlackNameStore:
    """Reads and writes the `slack_names` cache of one or more workspaces."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def names(self, team_ids: Iterable[str] | None = None) -> SlackNames:
        """Every name known for these workspaces (all workspaces without `team_ids`)."""
        query = select(SlackNameRow.kind, SlackNameRow.slack_id, SlackNameRow.name)
        if team_ids is not None:
            query = query.where(SlackNameRow.team_id.in_(list(team_ids)))
        with self._db.transaction() as session:
            rows = session.execute(query).all()
        return SlackNames({(NameKind(kind), slack_id): name for kind, slack_id, name in rows})

    def fetched(self, team_id: str) -> dict[tuple[NameKind, str], datetime]:
        """When each of the workspace's names was last learnt from Slack."""
        query = select(SlackNameRow.kind, SlackNameRow.slack_id, SlackNameRow.fetched_at).where(
            SlackNameRow.team_id == team_id
        )
        with self._db.transaction() as session:
            rows = session.execute(query).all()
        return {(NameKind(kind), slack_id): at for kind, slack_id, at in rows}

    def save(self, team_id: str, kind: NameKind, slack_id: str, name: str) -> None:
        """Remember `name` for the id, fetched now (replacing an older name)."""
        with self._db.transaction() as session:
            row = session.get(SlackNameRow, (team_id, kind.value, slack_id))
            if row is None:
                row = SlackNameRow(team_id=team_id, kind=kind.value, slack_id=slack_id)
                session.add(row)
            row.name = name[:NAME_MAX_CHARS]
            row.fetched_at = utcnow()

    def named_in_report(self, team_id: str) -> tuple[list[str], list[str]]:
        """The channel ids (every working group's) and member ids (pilot owners) the report
        names for this workspace."""
        with self._db.transaction() as session:
            channels = session.scalars(
                select(WorkingGroupRow.channel_id)
                .where(WorkingGroupRow.team_id == team_id)
                .order_by(WorkingGroupRow.id)
            ).all()
            owners = session.scalars(
                select(PilotRow.owner_id)
                .where(PilotRow.team_id == team_id)
                .distinct()
                .order_by(PilotRow.owner_id)
            ).all()
        return list(channels), [owner for owner in owners if owner]
