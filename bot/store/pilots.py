"""Pilots, their measures, observations and decisions in the relational store, by workspace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.domain.models import MicroExperiment, Observation, Pilot, PilotMeasure
from bot.domain.pilots import MeasurePlan, PilotPlan
from bot.domain.progress import Decision
from bot.store.database import Database
from bot.store.tables import (
    DecisionRow,
    ExperimentRow,
    ObservationRow,
    PilotMeasureRow,
    PilotRow,
)

T = TypeVar("T")
NUMBER_ATTEMPTS = 5


class ExperimentTaken(Exception):
    """The experiment is already being piloted (another form got there first)."""


class PilotStore:
    """Reads and writes pilots; every query is scoped by the workspace (team_id)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def database(self) -> Database:
        """The database the pilots live in (batched reads share it)."""
        return self._db

    def experiment(self, team_id: str, number: int) -> MicroExperiment | None:
        """The micro-experiment E-<number> of the workspace, if any."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(ExperimentRow).where(
                    ExperimentRow.team_id == team_id, ExperimentRow.number == number
                )
            ).one_or_none()
            return MicroExperiment.model_validate(row) if row else None

    def group_experiments(self, team_id: str, group_id: int) -> list[MicroExperiment]:
        """A group's micro-experiments, oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(ExperimentRow)
                .where(ExperimentRow.team_id == team_id, ExperimentRow.group_id == group_id)
                .order_by(ExperimentRow.number)
            )
            return [MicroExperiment.model_validate(row) for row in rows]

    def experiment_by_id(self, team_id: str, experiment_id: int) -> MicroExperiment | None:
        """A micro-experiment by its row id, within the workspace."""
        with self._db.transaction() as session:
            row = session.get(ExperimentRow, experiment_id)
            if row is None or row.team_id != team_id:
                return None
            return MicroExperiment.model_validate(row)

    def create(
        self,
        team_id: str,
        group_id: int,
        experiment_id: int,
        plan: PilotPlan,
        ihi_score: float,
        also: Callable[[Session, Pilot, list[PilotMeasure]], T] | None = None,
    ) -> tuple[Pilot, list[PilotMeasure], T | None]:
        """Save a pilot P-<next number> with its measures and mark the experiment as piloting;
        `also` writes more about the new pilot (its check-in, its announcement) in the same
        transaction, so either all of it is saved or none. Raises ExperimentTaken."""

        def write(session: Session) -> tuple[Pilot, list[PilotMeasure], T | None]:
            # Locked, so two forms submitted at once cannot both pilot one experiment.
            experiment = session.get(ExperimentRow, experiment_id, with_for_update=True)
            if experiment is None or experiment.status == "piloting":
                raise ExperimentTaken(experiment_id)
            number = _next_number(session, team_id)
            row = PilotRow(
                team_id=team_id,
                number=number,
                experiment_id=experiment_id,
                group_id=group_id,
                hypothesis=plan.hypothesis,
                owner_id=plan.owner_id,
                participants=plan.participants,
                participant_ids=",".join(plan.participant_ids),
                start_date=plan.start_date,
                end_date=plan.end_date,
                cadence_days=plan.cadence.days,
                cycle=1,
                status="active",
                ihi_score=ihi_score,
                role=plan.role,
            )
            session.add(row)
            session.flush()
            measures = [_measure_row(row.id, m) for m in plan.measures]
            session.add_all(measures)
            session.flush()
            for planned, measure in zip(plan.measures, measures, strict=True):
                session.add_all(_baseline_rows(row, measure.id, planned, plan))
            experiment.status = "piloting"
            session.flush()
            pilot = Pilot.model_validate(row)
            saved = [PilotMeasure.model_validate(m) for m in measures]
            return pilot, saved, also(session, pilot, saved) if also is not None else None

        return self._with_number_retry(write)

    def _with_number_retry(self, write: Callable[[Session], T]) -> T:
        """Run a write that allocates max+1; two writers racing for one number retry."""
        for attempt in range(NUMBER_ATTEMPTS):
            try:
                with self._db.transaction() as session:
                    return write(session)
            except IntegrityError:
                if attempt == NUMBER_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def by_number(self, team_id: str, number: int) -> Pilot | None:
        """Pilot P-<number> of the workspace, if any."""
        with self._db.transaction() as session:
            row = session.scalars(
                select(PilotRow).where(PilotRow.team_id == team_id, PilotRow.number == number)
            ).one_or_none()
            return Pilot.model_validate(row) if row else None

    def by_id(self, team_id: str, pilot_id: int) -> Pilot | None:
        """A pilot by its row id, within the workspace."""
        with self._db.transaction() as session:
            row = session.get(PilotRow, pilot_id)
            if row is None or row.team_id != team_id:
                return None
            return Pilot.model_validate(row)

    def for_group(self, team_id: str, group_id: int) -> list[Pilot]:
        """A group's pilots, oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(PilotRow)
                .where(PilotRow.team_id == team_id, PilotRow.group_id == group_id)
                .order_by(PilotRow.number)
            )
            return [Pilot.model_validate(row) for row in rows]

    def for_workspace(self, team_id: str) -> list[Pilot]:
        """Every pilot of the workspace, oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(PilotRow).where(PilotRow.team_id == team_id).order_by(PilotRow.number)
            )
            return [Pilot.model_validate(row) for row in rows]

    def measures(self, team_id: str, pilot_id: int) -> list[PilotMeasure]:
        """The measures a pilot tracks, in the order they were chosen."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(PilotMeasureRow)
                .join(PilotRow, PilotRow.id == PilotMeasureRow.pilot_id)
                .where(PilotRow.team_id == team_id, PilotMeasureRow.pilot_id == pilot_id)
                .order_by(PilotMeasureRow.id)
            )
            return [PilotMeasure.model_validate(row) for row in rows]

    def observations(
        self, team_id: str, pilot_id: int, cycle: int | None = None
    ) -> list[Observation]:
        """A pilot's observations in time order (one cycle's, or all)."""
        with self._db.transaction() as session:
            query = (
                select(ObservationRow)
                .join(PilotRow, PilotRow.id == ObservationRow.pilot_id)
                .where(PilotRow.team_id == team_id, ObservationRow.pilot_id == pilot_id)
            )
            if cycle is not None:
                query = query.where(ObservationRow.cycle == cycle)
            rows = session.scalars(query.order_by(ObservationRow.observed_on, ObservationRow.id))
            return [Observation.model_validate(row) for row in rows]

    def add_observations(
        self, pilot: Pilot, measure: PilotMeasure, values: list[tuple[date, float]], user_id: str
    ) -> int:
        """Record values of one measure in the pilot's current cycle; returns how many."""
        with self._db.transaction() as session:
            session.add_all(
                ObservationRow(
                    pilot_id=pilot.id,
                    pilot_measure_id=measure.id,
                    cycle=pilot.cycle,
                    value=value,
                    observed_on=day,
                    recorded_by=user_id,
                )
                for day, value in values
            )
        return len(values)

    def raise_score(self, team_id: str, pilot_id: int, score: float) -> None:
        """Raise a pilot's IHI progress score; a lower score never overwrites a higher one."""
        with self._db.transaction() as session:
            session.execute(
                update(PilotRow)
                .where(
                    PilotRow.id == pilot_id,
                    PilotRow.team_id == team_id,
                    PilotRow.ihi_score < score,
                )
                .values(ihi_score=score)
            )

    def set_score(self, team_id: str, pilot_id: int, score: float) -> None:
        """Store a pilot's IHI progress score as worked out afresh from its data."""
        with self._db.transaction() as session:
            session.execute(
                update(PilotRow)
                .where(PilotRow.id == pilot_id, PilotRow.team_id == team_id)
                .values(ihi_score=score)
            )

    def decisions(self, team_id: str, pilot_id: int) -> list[tuple[int, Decision, str | None]]:
        """Each closed cycle of a pilot: (cycle, decision, reason), oldest first."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(DecisionRow)
                .join(PilotRow, PilotRow.id == DecisionRow.pilot_id)
                .where(PilotRow.team_id == team_id, DecisionRow.pilot_id == pilot_id)
                .order_by(DecisionRow.id)
            )
            return [(row.cycle, Decision(row.decision), row.reason) for row in rows]

    def decide(
        self,
        pilot: Pilot,
        decision: Decision,
        reason: str | None,
        user_id: str,
        new_baselines: dict[int, float],
        score: float,
    ) -> Pilot | None:
        """Close the pilot's current cycle; None when someone else closed it first."""
        with self._db.transaction() as session:
            row = session.get(PilotRow, pilot.id)
            # The cycle and status checks make two simultaneous decisions record only one.
            if row is None or row.status != "active" or row.cycle != pilot.cycle:
                return None
            session.add(
                DecisionRow(
                    pilot_id=pilot.id,
                    cycle=pilot.cycle,
                    decision=decision.value,
                    reason=reason,
                    decided_by=user_id,
                    decided_at=utcnow(),
                )
            )
            row.ihi_score = score
            experiment = session.get(ExperimentRow, pilot.experiment_id)
            if decision is Decision.ADAPT:
                row.cycle = pilot.cycle + 1
                for measure in session.scalars(
                    select(PilotMeasureRow).where(PilotMeasureRow.pilot_id == pilot.id)
                ):
                    measure.baseline = new_baselines.get(measure.id, measure.baseline)
            else:
                row.status = "adopted" if decision is Decision.ADOPT else "abandoned"
                if experiment is not None:
                    experiment.status = row.status
                    experiment.decided_at = utcnow()
            session.flush()
            return Pilot.model_validate(row)


def _baseline_rows(
    pilot: PilotRow, measure_pk: int, planned: MeasurePlan, plan: PilotPlan
) -> list[ObservationRow]:
    """The form's measured baseline values, oldest first, dated back from the start one
    check-in period apart (the last one a period before the start)."""
    count = len(planned.baseline_values)
    return [
        ObservationRow(
            pilot_id=pilot.id,
            pilot_measure_id=measure_pk,
            cycle=1,
            value=value,
            observed_on=plan.start_date - timedelta(days=plan.cadence.days * (count - i)),
            recorded_by=plan.owner_id,
        )
        for i, value in enumerate(planned.baseline_values)
    ]


def _measure_row(pilot_id: int, measure: MeasurePlan) -> PilotMeasureRow:
    """The stored form of one planned measure."""
    return PilotMeasureRow(
        pilot_id=pilot_id,
        measure_id=measure.measure_id,
        name=measure.name,
        unit=measure.unit,
        direction=measure.direction,
        kind=measure.kind,
        baseline=measure.baseline,
        target=measure.target,
        min_value=measure.min_value,
        max_value=measure.max_value,
    )


def _next_number(session: Session, team_id: str) -> int:
    """The next free pilot number of the workspace (the unique key catches a race)."""
    highest = session.scalar(select(func.max(PilotRow.number)).where(PilotRow.team_id == team_id))
    return int(highest or 0) + 1
