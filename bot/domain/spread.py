"""Spread: an adopted pilot offered to the other groups of its setting as a suggested
experiment, linked to its origin, so leaders see which groups tried it and how it went."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.models import MicroExperiment, Pilot, WorkingGroup


class SpreadOffer(BaseModel):
    """One offer: the origin pilot and group, and the suggested experiment in the target."""

    model_config = ConfigDict(frozen=True)

    pilot: Pilot
    origin: WorkingGroup
    target: WorkingGroup
    suggested: MicroExperiment
    offered_by: str
    created_at: datetime


class SpreadTaken(BaseModel):
    """A target group's uptake of an offer: the suggested idea and its pilot, if one ran."""

    model_config = ConfigDict(frozen=True)

    channel_id: str
    experiment_number: int
    pilot_id: int | None = None
    pilot_number: int | None = None
    pilot_status: str | None = None

    @property
    def tried(self) -> bool:
        """Whether the group turned the suggestion into a pilot of its own."""
        return self.pilot_id is not None


class SpreadLine(BaseModel):
    """An origin pilot's spread: every group it was offered to and what each did with it."""

    model_config = ConfigDict(frozen=True)

    pilot_id: int
    pilot_number: int
    channel_id: str
    offers: tuple[SpreadTaken, ...]

    @property
    def tried(self) -> tuple[SpreadTaken, ...]:
        """The offers a group piloted."""
        return tuple(o for o in self.offers if o.tried)
