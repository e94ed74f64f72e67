"""Taking back a mistyped value: `log P-n undo` and the Undo button on a log answer.

A member removes only values they recorded, in the pilot's current cycle; the removal is kept
on record (bot.store.observation_removals) and the answer says which value went, so nothing is
removed silently. Charts, hours and value/burden are read from the observations each time, so
they recompute without it; the IHI score, which only rises (bot.domain.progress), is left."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.domain.models import Pilot, PilotMeasure
from bot.domain.pilots import MeasureSeries
from bot.errors import NotFound
from bot.services.outcomes import cycle_series
from bot.services.pilots import PilotService
from bot.store.observation_removals import ObservationRemovals


class RemovedValue(BaseModel):
    """A value a member took back, and the measure's run chart without it."""

    model_config = ConfigDict(frozen=True)

    pilot: Pilot
    measure: PilotMeasure
    value: float
    observed_on: date
    series: MeasureSeries


class CorrectionService:
    """Removes a member's own last value of a pilot, on record."""

    def __init__(
        self, pilots: PilotService, removals: ObservationRemovals, command: str = "/unburden"
    ) -> None:
        self._pilots = pilots
        self._removals = removals
        self._command = command

    def undo_last(self, team_id: str, user_id: str, pilot_text: str) -> RemovedValue:
        """Remove the member's most recent value of the pilot's current cycle.

        Raises NotFound for an unknown pilot or when the member has no value there to remove,
        WrongStage for a closed pilot."""
        pilot = self._pilots.pilot(team_id, pilot_text)
        self._pilots.ensure_active(pilot)
        removed = self._removals.remove_own(team_id, pilot.id, pilot.cycle, user_id)
        if removed is None:
            raise NotFound(
                f"You have no value of {pilot.short_id} to remove in cycle {pilot.cycle}; "
                f"only values you logged can be removed. "
                f"`{self._command} pilots` shows the latest values."
            )
        measure = next(m for m in self._pilots.measures(pilot) if m.id == removed.pilot_measure_id)
        series = cycle_series(measure, self._pilots.observations(pilot, pilot.cycle), pilot.cycle)
        return RemovedValue(
            pilot=pilot,
            measure=measure,
            value=removed.value,
            observed_on=removed.observed_on,
            series=series,
        )
