"""Rows for the leaders' view, inserted straight into the tables so these tests need no other
feature's code: groups, burdens, meetings, ideas, pilots, measures, observations, decisions."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.clock import utcnow
from bot.store.database import Database
from bot.store.tables import (
    BurdenRow,
    DecisionRow,
    ExperimentRow,
    MeetingRow,
    ObservationRow,
    PilotMeasureRow,
    PilotRow,
    ReminderRow,
    WorkingGroupRow,
)
from tests.pulse_support import seed_round

# Six weeks near 30 minutes a day, then eight weeks near 18: a shift the run chart calls improvement.
IMPROVING = (31, 29, 32, 30, 28, 31, 19, 18, 17, 18, 16, 19, 18, 17)
# The first six weekly values of each pilot are its baseline, measured before its start.
BASELINE_START = date(2026, 8, 3) - timedelta(weeks=6)
# Values that wander around 20 with no signal.
FLAT = (20, 22, 19, 21, 21, 18, 22, 20, 19, 23, 20, 21)
# Mini-Z ratings of a group, falling from burned out towards stressed.
MINI_Z = (4, 3, 4, 3, 3, 2, 3, 2, 2, 2)


class Seeder:
    """Writes rows for one workspace; every row carries its team_id."""

    def __init__(self, database: Database, team_id: str) -> None:
        self.db = database
        self.team_id = team_id
        self._numbers = itertools.count(1)
        self._pilot_numbers = itertools.count(1)

    def _add(self, row: object) -> int:
        with self.db.transaction() as session:
            session.add(row)
            session.flush()
            return int(row.id)  # type: ignore[attr-defined]

    def group(self, channel_id: str, setting: str = "primary care") -> int:
        """A working group in a channel."""
        return self._add(
            WorkingGroupRow(
                team_id=self.team_id, channel_id=channel_id, setting=setting, created_by="U001"
            )
        )

    def burden(self, group_id: int, title: str, hours_per_week: float | None = None) -> int:
        """A burden of the group's inventory."""
        return self._add(
            BurdenRow(
                team_id=self.team_id,
                group_id=group_id,
                title=title,
                hours_per_week=hours_per_week,
                created_by="U002",
            )
        )

    def meeting(self, group_id: int, channel_id: str, started_at: datetime | None = None) -> int:
        """A closed meeting of the group."""
        return self._add(
            MeetingRow(
                team_id=self.team_id,
                group_id=group_id,
                channel_id=channel_id,
                stage="review",
                status="closed",
                started_by="U001",
                started_at=started_at or utcnow(),
            )
        )

    def idea(
        self,
        group_id: int,
        text: str,
        question: str = "stop",
        status: str = "proposed",
        days_ago: int = 0,
    ) -> int:
        """A micro-experiment recorded `days_ago` days ago."""
        return self._add(
            ExperimentRow(
                team_id=self.team_id,
                number=next(self._numbers),
                group_id=group_id,
                question=question,
                text=text,
                status=status,
                proposed_by="U003",
                created_at=utcnow() - timedelta(days=days_ago),
            )
        )

    def pilot(
        self,
        group_id: int,
        experiment_id: int,
        owner: str = "U001",
        status: str = "active",
        participants: int = 4,
        hypothesis: str = "Pre-visit planning by the MA cuts inbox time",
    ) -> int:
        """A pilot of an experiment."""
        return self._add(
            PilotRow(
                team_id=self.team_id,
                number=next(self._pilot_numbers),
                experiment_id=experiment_id,
                group_id=group_id,
                hypothesis=hypothesis,
                owner_id=owner,
                participants=participants,
                start_date=date(2026, 8, 3),
                status=status,
            )
        )

    def measure(
        self,
        pilot_id: int,
        measure_id: str = "task_minutes_per_day",
        name: str = "Inbox minutes per day",
        unit: str = "minutes per day",
        direction: str = "lower",
        kind: str = "human_time",
        baseline: float | None = 30,
        target: float | None = 15,
    ) -> int:
        """A measure the pilot tracks."""
        return self._add(
            PilotMeasureRow(
                pilot_id=pilot_id,
                measure_id=measure_id,
                name=name,
                unit=unit,
                direction=direction,
                kind=kind,
                baseline=baseline,
                target=target,
            )
        )

    def observations(
        self, pilot_id: int, measure_pk: int, values: Sequence[float], start: date | None = None
    ) -> None:
        """One observation a week from `start`."""
        first = start or date(2026, 8, 3)
        with self.db.transaction() as session:
            session.add_all(
                ObservationRow(
                    pilot_id=pilot_id,
                    pilot_measure_id=measure_pk,
                    value=value,
                    observed_on=first + timedelta(weeks=week),
                    recorded_by="U004",
                )
                for week, value in enumerate(values)
            )

    def decision(self, pilot_id: int, decision: str, cycle: int = 1) -> int:
        """A decision closing a pilot cycle."""
        return self._add(
            DecisionRow(pilot_id=pilot_id, cycle=cycle, decision=decision, decided_by="U001")
        )

    def checkin(self, pilot_id: int, user_id: str, due_at: datetime) -> int:
        """A check-in reminder not yet sent."""
        return self._add(
            ReminderRow(
                team_id=self.team_id,
                key=f"checkin:{pilot_id}:{due_at.date().isoformat()}:{user_id}",
                kind="checkin",
                pilot_id=pilot_id,
                user_id=user_id,
                due_at=due_at,
            )
        )


def seed_portfolio(seeder: Seeder, channels: Sequence[str]) -> dict[str, int]:
    """A small workspace: three primary-care groups and one ICU group, with one improving
    pilot (adopted), one flat pilot, a stagnant idea, Mini-Z ratings and two pulse rounds.
    Returns ids by name."""
    primary, second, third = (seeder.group(c) for c in channels[:3])
    icu = seeder.group(channels[3], setting="ICU")
    seeder.burden(primary, "Refilling prescriptions by hand", hours_per_week=6)
    seeder.burden(second, "Prior authorisation forms", hours_per_week=4)
    seeder.burden(icu, "Duplicate nursing notes")
    seeder.meeting(primary, channels[0])
    seeder.idea(primary, "Stop printing the daily census", "stop", "piloting", days_ago=90)
    seeder.idea(second, "Let the MA pend refills", "delegate", days_ago=2)
    stagnant = seeder.idea(icu, "Automate the bed board", "automate", "proposed", days_ago=45)
    improving_idea = seeder.idea(primary, "Pre-visit planning", "delegate", "adopted", days_ago=100)
    flat_idea = seeder.idea(icu, "Scribe for notes", "outsource", "piloting", days_ago=80)
    improving = seeder.pilot(primary, improving_idea, owner="U001", status="adopted")
    minutes = seeder.measure(improving)
    seeder.observations(improving, minutes, IMPROVING, BASELINE_START)
    burnout = seeder.measure(
        improving, "mini_z_burnout", "Mini-Z burnout item", "score (1-5)", "lower",
        "satisfaction", baseline=3, target=2,
    )  # fmt: skip
    seeder.observations(improving, burnout, MINI_Z, BASELINE_START)
    seeder.decision(improving, "adopt")
    # The primary-care group's anonymous pulse, two months apart: 6 of 10, then 3 of 9 at 3+.
    now = utcnow()
    seed_round(seeder.db, seeder.team_id, primary, now - timedelta(days=75),
               [3, 4, 3, 2, 3, 4, 1, 2, 3, 2])  # fmt: skip
    seed_round(seeder.db, seeder.team_id, primary, now - timedelta(days=15),
               [2, 1, 3, 2, 2, 4, 1, 2, 3])  # fmt: skip
    flat = seeder.pilot(icu, flat_idea, owner="U002", status="active")
    notes = seeder.measure(flat, name="Note minutes per day", baseline=20, target=10)
    seeder.observations(flat, notes, FLAT, BASELINE_START)
    return {
        "primary": primary,
        "second": second,
        "third": third,
        "icu": icu,
        "improving": improving,
        "flat": flat,
        "stagnant": stagnant,
    }
