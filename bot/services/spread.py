"""Spread: from an adopted pilot, a leader or facilitator offers the change to another group of
the same clinical setting; that group's channel gets it as a suggested experiment linked to
its origin, and the leaders' summary counts which groups tried it and how it went."""

from __future__ import annotations

import logging

from bot.clock import utcnow
from bot.domain.models import PilotStatus, WorkingGroup
from bot.domain.portfolio import same_setting
from bot.domain.spread import SpreadLine, SpreadOffer
from bot.errors import Forbidden, NotFound, WrongStage
from bot.services.groups import GroupService
from bot.services.pilots import PilotService
from bot.store.database import Database
from bot.store.spread import AlreadyOffered, SpreadStore, is_facilitator

log = logging.getLogger(__name__)


class SpreadService:
    """Offers adopted pilots to the other groups of their setting and reads their uptake."""

    def __init__(
        self,
        store: SpreadStore,
        database: Database,
        pilots: PilotService,
        groups: GroupService,
        command: str,
    ) -> None:
        self._store = store
        self._db = database
        self._pilots = pilots
        self._groups = groups
        self._command = command

    def targets(self, team_id: str, pilot_number: int) -> list[WorkingGroup]:
        """Groups of the adopted pilot's setting it has not been offered to yet (none for a
        pilot that is not adopted)."""
        pilot = self._pilots.pilot(team_id, f"P-{pilot_number}")
        if pilot.status is not PilotStatus.ADOPTED:
            return []
        origin = self._pilots.group_of(pilot)
        offered = self._store.offered_group_ids(pilot.id)
        return [
            group
            for group in self._groups.all(team_id)
            if group.id != origin.id
            and group.id not in offered
            and same_setting(group.setting) == same_setting(origin.setting)
        ]

    def offer(
        self, team_id: str, user_id: str, pilot_number: int, target_channel_id: str
    ) -> SpreadOffer:
        """Offer adopted pilot P-n to the group of `target_channel_id` as a suggested experiment.

        Raises Forbidden for someone neither a leader nor the origin group's facilitator,
        WrongStage for a pilot not adopted or already offered there, NotFound for a channel
        that is not a group of the same setting."""
        pilot = self._pilots.pilot(team_id, f"P-{pilot_number}")
        origin = self._pilots.group_of(pilot)
        if not (
            self._groups.is_leader(team_id, user_id) or is_facilitator(self._db, origin.id, user_id)
        ):
            raise Forbidden(
                f"Only a leader or a facilitator of <#{origin.channel_id}> offers "
                f"{pilot.short_id} to other groups."
            )
        if pilot.status is not PilotStatus.ADOPTED:
            raise WrongStage(
                f"{pilot.short_id} is {pilot.status.value}: only an adopted change is offered "
                f"to other groups (`{self._command} decide {pilot.short_id} adopt`)."
            )
        target = self._groups.find(team_id, target_channel_id)
        if (
            target is None
            or target.id == origin.id
            or same_setting(target.setting) != same_setting(origin.setting)
        ):
            raise NotFound(f"<#{target_channel_id}> is not another {origin.setting} group.")
        experiment = self._pilots.experiment_of(pilot)
        if experiment is None:
            raise NotFound(f"{pilot.short_id}'s idea is gone.")
        try:
            suggested = self._store.offer(pilot, experiment, target.id, user_id)
        except AlreadyOffered:
            raise WrongStage(
                f"{pilot.short_id} was already offered to <#{target.channel_id}>."
            ) from None
        log.info("pilot %s offered to group %s (team %s)", pilot.short_id, target.id, team_id)
        return SpreadOffer(
            pilot=pilot,
            origin=origin,
            target=target,
            suggested=suggested,
            offered_by=user_id,
            created_at=utcnow(),
        )

    def lines(self, team_id: str, origin_group_ids: list[int]) -> list[SpreadLine]:
        """Each offered pilot of these groups with every target's uptake."""
        return self._store.lines(team_id, origin_group_ids)
