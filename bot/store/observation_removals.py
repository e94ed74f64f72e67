"""Taking back an observation (`log P-n undo`): the row leaves the chart and is kept, with who
removed it and when, in `observation_removals`, in one transaction."""

from __future__ import annotations

from sqlalchemy import delete, select

from bot.clock import utcnow
from bot.domain.models import Observation
from bot.store.database import Database
from bot.store.tables import ObservationRemovalRow, ObservationRow, PilotRow


class ObservationRemovals:
    """Removes a member's own observations, keeping each removal on record."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def remove_own(
        self,
        team_id: str,
        pilot_id: int,
        cycle: int,
        user_id: str,
        observation_id: int | None = None,
    ) -> Observation | None:
        """Remove `observation_id`, or else the member's most recently recorded observation of
        the pilot's cycle; only one the member recorded. None when there is none to remove
        (already removed, or someone else's)."""
        with self._db.transaction() as session:
            query = (
                select(ObservationRow)
                .join(PilotRow, PilotRow.id == ObservationRow.pilot_id)
                .where(
                    PilotRow.team_id == team_id,
                    ObservationRow.pilot_id == pilot_id,
                    ObservationRow.cycle == cycle,
                    ObservationRow.recorded_by == user_id,
                )
            )
            if observation_id is not None:
                query = query.where(ObservationRow.id == observation_id)
            row = session.scalars(
                query.order_by(ObservationRow.id.desc()).limit(1).with_for_update()
            ).first()
            if row is None:
                return None
            removed = Observation.model_validate(row)
            # A second undo at the same moment deletes nothing and records nothing.
            deleted = session.execute(delete(ObservationRow).where(ObservationRow.id == row.id))
            if deleted.rowcount != 1:  # type: ignore[attr-defined]
                return None
            session.add(
                ObservationRemovalRow(
                    observation_id=removed.id,
                    pilot_id=removed.pilot_id,
                    pilot_measure_id=removed.pilot_measure_id,
                    cycle=removed.cycle,
                    value=removed.value,
                    observed_on=removed.observed_on,
                    recorded_by=removed.recorded_by,
                    recorded_at=removed.created_at,
                    removed_by=user_id,
                    removed_at=utcnow(),
                )
            )
            return removed
