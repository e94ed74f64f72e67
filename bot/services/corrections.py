"""Taking back a mistyped value: `log P-n undo` and the Undo button on a log answer.

A member removes only values they recorded, in the pilot's current cycle; the removal is kept
on record (bot.store.observation_removals) and the answer says which value went, so nothing is
removed silently. Charts, hours and value/burden are read from the observations each time, so
they recompute without it, and the IHI score is worked out again from what is left."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.domain.measured import score_of
from bot.domain.models import Pilot, PilotMeasure
from bot.domain.pilots import MeasureSeries
from bot.errors import NotFound
from bot.services.outcomes import cycle_series
from bot.services.pilots import PilotService
from bot.store.observation_removals import ObservationRemovals
from bot.store.pilots import PilotStore


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
        self,
        pilots: PilotService,
        removals: ObservationRemovals,
        store: PilotStore,
        command: str = "/unburden",
    ) -> None:
        self._pilots = pilots
        self._removals = removals
        self._store = store
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
        measures = self._pilots.measures(pilot)
        measure = next(m for m in measures if m.id == removed.pilot_measure_id)
        # Baseline values may sit in any cycle: read them all, as logging does.
        observations = self._pilots.observations(pilot)
        everything = [
            cycle_series(m, observations, pilot.cycle, pilot.start_date) for m in measures
        ]
        score = float(score_of(everything).value)
        if score != pilot.ihi_score:
            self._store.set_score(team_id, pilot.id, score)
            pilot = pilot.model_copy(update={"ihi_score": score})
        series = next(s for s in everything if s.measure.id == measure.id)
        return RemovedValue(
            pilot=pilot,
            measure=measure,
            value=removed.value,
            observed_on=removed.observed_on,
            series=series,
        )
