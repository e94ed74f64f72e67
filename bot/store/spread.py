"""Spread offers in the relational store: the suggested experiment and its link are written in
one transaction, so an offer never exists without its experiment or the other way round."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from bot.domain.models import ExperimentStatus, MicroExperiment, Pilot
from bot.domain.spread import SpreadLine, SpreadTaken
from bot.store.database import Database
from bot.store.tables import (
    ExperimentRow,
    MeetingRow,
    PilotRow,
    SpreadOfferRow,
    WorkingGroupRow,
)


class AlreadyOffered(Exception):
    """The pilot was offered to that group before."""


class SpreadStore:
    """Writes offers; reads which groups an origin pilot reached and what they did."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def offered_group_ids(self, pilot_id: int) -> set[int]:
        """Groups this pilot was already offered to."""
        with self._db.transaction() as session:
            return set(
                session.scalars(
                    select(SpreadOfferRow.group_id).where(SpreadOfferRow.pilot_id == pilot_id)
                )
            )

    def offer(
        self, pilot: Pilot, origin: MicroExperiment, target_group_id: int, offered_by: str
    ) -> MicroExperiment:
        """Add the origin's idea to the target group as a proposed experiment, linked to the
        pilot; raises AlreadyOffered when this pilot already went to that group."""
        try:
            with self._db.transaction() as session:
                highest = session.scalar(
                    select(func.max(ExperimentRow.number)).where(
                        ExperimentRow.team_id == pilot.team_id
                    )
                )
                suggested = ExperimentRow(
                    team_id=pilot.team_id,
                    number=(highest or 0) + 1,
                    group_id=target_group_id,
                    meeting_id=None,
                    question=origin.question.value,
                    text=origin.text,
                    status=ExperimentStatus.PROPOSED.value,
                    proposed_by=offered_by,
                    adds_work=origin.adds_work,
                    indexed=False,  # the background re-indexer embeds it for `find`
                )
                session.add(suggested)
                session.flush()
                session.add(
                    SpreadOfferRow(
                        team_id=pilot.team_id,
                        pilot_id=pilot.id,
                        group_id=target_group_id,
                        experiment_id=suggested.id,
                        offered_by=offered_by,
                    )
                )
                session.flush()
                return MicroExperiment.model_validate(suggested)
        except IntegrityError as error:
            if pilot.id and target_group_id in self.offered_group_ids(pilot.id):
                raise AlreadyOffered() from error
            raise

    def lines(self, team_id: str, origin_group_ids: Sequence[int]) -> list[SpreadLine]:
        """Every offered pilot of these groups with each target's uptake, oldest offer first."""
        if not origin_group_ids:
            return []
        origin = aliased(PilotRow)
        tried = aliased(PilotRow)
        origin_group = aliased(WorkingGroupRow)
        target_group = aliased(WorkingGroupRow)
        with self._db.transaction() as session:
            rows = session.execute(
                select(
                    origin.id,
                    origin.number,
                    origin_group.channel_id,
                    target_group.channel_id,
                    ExperimentRow.number,
                    tried.id,
                    tried.number,
                    tried.status,
                )
                .select_from(SpreadOfferRow)
                .join(origin, origin.id == SpreadOfferRow.pilot_id)
                .join(origin_group, origin_group.id == origin.group_id)
                .join(target_group, target_group.id == SpreadOfferRow.group_id)
                .join(ExperimentRow, ExperimentRow.id == SpreadOfferRow.experiment_id)
                .outerjoin(tried, tried.experiment_id == SpreadOfferRow.experiment_id)
                .where(
                    SpreadOfferRow.team_id == team_id,
                    origin.group_id.in_(list(origin_group_ids)),
                )
                .order_by(SpreadOfferRow.id)
            ).all()
        lines: dict[int, tuple[int, str, list[SpreadTaken]]] = {}
        for pilot_id, number, channel, target, experiment, tried_id, tried_no, status in rows:
            entry = lines.setdefault(pilot_id, (number, channel, []))
            entry[2].append(
                SpreadTaken(
                    channel_id=target,
                    experiment_number=experiment,
                    pilot_id=tried_id,
                    pilot_number=tried_no,
                    pilot_status=status,
                )
            )
        return [
            SpreadLine(pilot_id=pid, pilot_number=n, channel_id=c, offers=tuple(offers))
            for pid, (n, c, offers) in lines.items()
        ]


def is_facilitator(database: Database, group_id: int, user_id: str) -> bool:
    """Whether the member set the group up or has started one of its meetings."""
    with database.transaction() as session:
        group = session.get(WorkingGroupRow, group_id)
        if group is not None and group.created_by == user_id:
            return True
        started = session.scalar(
            select(func.count(MeetingRow.id)).where(
                MeetingRow.group_id == group_id, MeetingRow.started_by == user_id
            )
        )
        return bool(started)
