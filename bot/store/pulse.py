"""The pulse's rows: cadences, rounds, invitations (who has answered) and anonymous counts.

An answer is two conditional UPDATEs in one transaction: the member's invitation goes from
unanswered to answered (only once, only while the round is open), then the chosen options'
counts go up by one. Nothing is inserted when someone answers, so no id, row order or
timestamp can tie a count to the invitation that was flipped at the same moment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.pulse import (
    BURNOUT_OPTIONS,
    BURNOUT_QUESTION,
    HOURS_OPTIONS,
    HOURS_QUESTION,
    PulseCadence,
    PulseRound,
)
from bot.store.database import Database
from bot.store.tables import (
    PulseInvitationRow,
    PulseRoundRow,
    PulseScheduleRow,
    PulseTallyRow,
)


class PulseStore:
    """Rows of the anonymous pulse, always filtered by workspace."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def cadences(self, team_id: str, group_ids: Collection[int]) -> dict[int, PulseCadence]:
        """Cadences groups chose; a group missing here has the default."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(PulseScheduleRow).where(
                    PulseScheduleRow.team_id == team_id, PulseScheduleRow.group_id.in_(group_ids)
                )
            )
            return {row.group_id: PulseCadence(row.cadence) for row in rows}

    def set_cadence(self, team_id: str, group_id: int, cadence: PulseCadence, user_id: str) -> None:
        """Store a group's cadence."""
        with self._db.transaction() as session:
            row = session.get(PulseScheduleRow, group_id)
            if row is None:
                session.add(
                    PulseScheduleRow(
                        group_id=group_id,
                        team_id=team_id,
                        cadence=cadence.value,
                        changed_by=user_id,
                    )
                )
            else:
                row.cadence, row.changed_by = cadence.value, user_id

    def open_round(
        self,
        team_id: str,
        group_id: int,
        opened_at: datetime,
        closes_at: datetime,
        remind_at: datetime,
        members: Sequence[str],
    ) -> PulseRound | None:
        """Open a round with its invitations and zero counts; None when the group already has
        a round that day (another replica, or a second `pulse now`)."""
        try:
            with self._db.transaction() as session:
                row = PulseRoundRow(
                    team_id=team_id,
                    group_id=group_id,
                    opened_on=opened_at.date(),
                    opened_at=opened_at,
                    closes_at=closes_at,
                    remind_at=remind_at,
                )
                session.add(row)
                session.flush()
                session.add_all(
                    PulseInvitationRow(round_id=row.id, user_id=user, answered=False)
                    for user in sorted(set(members))
                )
                session.add_all(
                    PulseTallyRow(round_id=row.id, question=question, option=option, answers=0)
                    for question, options in (
                        (BURNOUT_QUESTION, BURNOUT_OPTIONS),
                        (HOURS_QUESTION, HOURS_OPTIONS),
                    )
                    for option in options
                )
                round_id = row.id
        except IntegrityError:
            return None
        return self.round(team_id, round_id)

    def round(self, team_id: str, round_id: int) -> PulseRound | None:
        """One round with its counts."""
        found = self.rounds(team_id, round_ids=[round_id])
        return found[0] if found else None

    def rounds(
        self,
        team_id: str,
        group_ids: Collection[int] | None = None,
        round_ids: Collection[int] | None = None,
    ) -> list[PulseRound]:
        """Rounds of the workspace (of some groups, or some ids), oldest first, with counts."""
        with self._db.transaction() as session:
            query = select(PulseRoundRow).where(PulseRoundRow.team_id == team_id)
            if group_ids is not None:
                query = query.where(PulseRoundRow.group_id.in_(group_ids))
            if round_ids is not None:
                query = query.where(PulseRoundRow.id.in_(round_ids))
            rows = list(session.scalars(query.order_by(PulseRoundRow.opened_at)))
            return _with_counts(session, rows)

    def latest_opened(self, team_id: str, group_ids: Collection[int]) -> dict[int, date]:
        """The day each group's latest round opened."""
        with self._db.transaction() as session:
            rows = session.execute(
                select(PulseRoundRow.group_id, func.max(PulseRoundRow.opened_on))
                .where(PulseRoundRow.team_id == team_id, PulseRoundRow.group_id.in_(group_ids))
                .group_by(PulseRoundRow.group_id)
            )
            return {group_id: day for group_id, day in rows}

    def invited(self, team_id: str, round_id: int, user_id: str) -> bool | None:
        """Whether the member has answered the round; None when they were not asked in it."""
        with self._db.transaction() as session:
            answered = session.scalar(
                select(PulseInvitationRow.answered)
                .join(PulseRoundRow, PulseRoundRow.id == PulseInvitationRow.round_id)
                .where(
                    PulseRoundRow.team_id == team_id,
                    PulseInvitationRow.round_id == round_id,
                    PulseInvitationRow.user_id == user_id,
                )
            )
            return answered

    def record_answer(
        self, team_id: str, round_id: int, user_id: str, burnout: str, hours: str, now: datetime
    ) -> bool:
        """Count one member's answer once, while the round is open; False when they already
        answered, were not asked, or the round closed (nothing is changed then)."""
        with self._db.transaction() as session:
            is_open = select(PulseRoundRow.id).where(
                PulseRoundRow.id == round_id,
                PulseRoundRow.team_id == team_id,
                PulseRoundRow.closes_at > now,
            )
            flipped = session.execute(
                update(PulseInvitationRow)
                .where(
                    PulseInvitationRow.round_id == round_id,
                    PulseInvitationRow.user_id == user_id,
                    PulseInvitationRow.answered.is_(False),
                    PulseInvitationRow.round_id.in_(is_open),
                )
                .values(answered=True)
            )
            if flipped.rowcount != 1:  # type: ignore[attr-defined]
                return False
            for question, option in ((BURNOUT_QUESTION, burnout), (HOURS_QUESTION, hours)):
                session.execute(
                    update(PulseTallyRow)
                    .where(
                        PulseTallyRow.round_id == round_id,
                        PulseTallyRow.question == question,
                        PulseTallyRow.option == option,
                    )
                    .values(answers=PulseTallyRow.answers + 1)
                )
            return True

    def claim_reminder(self, round_id: int, now: datetime) -> list[str]:
        """Mark the round reminded (once, across replicas) and return who has not answered;
        an empty list when it was reminded already."""
        with self._db.transaction() as session:
            claimed = session.execute(
                update(PulseRoundRow)
                .where(PulseRoundRow.id == round_id, PulseRoundRow.reminded_at.is_(None))
                .values(reminded_at=now)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return []
            return list(
                session.scalars(
                    select(PulseInvitationRow.user_id)
                    .where(
                        PulseInvitationRow.round_id == round_id,
                        PulseInvitationRow.answered.is_(False),
                    )
                    .order_by(PulseInvitationRow.user_id)
                )
            )

    def due_reminders(self, now: datetime) -> list[PulseRound]:
        """Open rounds past their reminder time and not yet reminded, every workspace."""
        with self._db.transaction() as session:
            rows = list(
                session.scalars(
                    select(PulseRoundRow).where(
                        PulseRoundRow.reminded_at.is_(None),
                        PulseRoundRow.remind_at <= now,
                        PulseRoundRow.closes_at > now,
                    )
                )
            )
            return _with_counts(session, rows)


def _with_counts(session: Session, rows: list[PulseRoundRow]) -> list[PulseRound]:
    """Rounds as the domain reads them, with their counts and how many were asked."""
    ids = [row.id for row in rows]
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for tally in session.scalars(select(PulseTallyRow).where(PulseTallyRow.round_id.in_(ids))):
        counts[tally.round_id][tally.question][tally.option] = tally.answers
    invited = dict(
        session.execute(
            select(PulseInvitationRow.round_id, func.count())
            .where(PulseInvitationRow.round_id.in_(ids))
            .group_by(PulseInvitationRow.round_id)
        ).all()
    )
    return [
        PulseRound(
            id=row.id,
            team_id=row.team_id,
            group_id=row.group_id,
            opened_on=row.opened_on,
            opened_at=row.opened_at,
            closes_at=row.closes_at,
            remind_at=row.remind_at,
            reminded_at=row.reminded_at,
            invited=invited.get(row.id, 0),
            burnout_counts=dict(counts[row.id][BURNOUT_QUESTION]),
            hours_counts=dict(counts[row.id][HOURS_QUESTION]),
        )
        for row in rows
    ]
