"""Pilot check-ins: scheduled as rows, sent by whichever replica claims them first.

Reminders live in the database, so they survive a restart; `run_due` claims due rows
atomically (see bot.store.reminders), sends each through a CheckInSender the Slack layer
provides, and schedules the next check-in. `serve`'s background jobs (bot.jobs) call `run_due`
every minute, with a sender that uses each workspace's own token.
"""

from __future__ import annotations

import logging
import socket
import uuid
from datetime import UTC, date, datetime, time
from typing import Protocol

from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.domain.models import Pilot, PilotStatus
from bot.domain.pilots import CheckIn, checkin_dates
from bot.store.pilots import PilotStore
from bot.store.reminders import Reminder, ReminderStore

log = logging.getLogger(__name__)

CHECKIN_KIND = "checkin"
# Check-ins go out at 14:00 UTC: morning across the Americas, afternoon in Europe.
CHECKIN_TIME_UTC = time(14, 0)


class CheckInSender(Protocol):
    """Delivers a check-in to the pilot's owner (a direct message in Slack)."""

    def send_checkin(self, checkin: CheckIn) -> None:
        """Send it; raise to have the reminder tried again on the next run."""


class ReminderService:
    """Schedules pilot check-ins and sends the due ones, once across replicas."""

    def __init__(
        self,
        store: ReminderStore,
        pilots: PilotStore,
        instance: str | None = None,
    ) -> None:
        self._store = store
        self._pilots = pilots
        # Unique per process, so a claim says which replica holds it.
        self.instance = instance or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self._sender: CheckInSender | None = None

    def attach(self, sender: CheckInSender) -> None:
        """Give the service the way to reach people; until then nothing is claimed."""
        self._sender = sender

    def schedule_checkin(
        self, pilot: Pilot, after: date, session: Session | None = None
    ) -> date | None:
        """Schedule the pilot's next check-in after `after`; its day, or None past the end.
        With a `session`, it is written in the caller's transaction (a new pilot's first)."""
        if pilot.status is not PilotStatus.ACTIVE or pilot.end_date is None:
            return None
        upcoming = checkin_dates(pilot.start_date, pilot.end_date, pilot.cadence_days, after)
        if not upcoming:
            return None
        day = upcoming[0]
        self._store.schedule(
            pilot.team_id,
            f"{CHECKIN_KIND}:{pilot.short_id}:{day.isoformat()}",
            CHECKIN_KIND,
            datetime.combine(day, CHECKIN_TIME_UTC, UTC),
            pilot_id=pilot.id,
            user_id=pilot.owner_id,
            session=session,
        )
        return day

    def cancel(self, pilot: Pilot) -> int:
        """Drop a closed pilot's pending check-ins."""
        return self._store.cancel_for_pilot(pilot.team_id, pilot.id)

    def pending(self, pilot: Pilot) -> list[Reminder]:
        """A pilot's check-ins not yet sent, soonest first."""
        return self._store.pending(pilot.team_id, pilot.id)

    def run_due(self, now: datetime | None = None) -> int:
        """Send every check-in due by `now` that this replica claims; returns how many it sent."""
        if self._sender is None:
            return 0
        moment = now or utcnow()
        sent = 0
        for reminder in self._store.claim_due(CHECKIN_KIND, moment, self.instance):
            if self._deliver(reminder, moment):
                sent += 1
        return sent

    def _deliver(self, reminder: Reminder, now: datetime) -> bool:
        """Send one claimed check-in and schedule the next; False when skipped or failed."""
        pilot = self._pilots.by_id(reminder.team_id, reminder.pilot_id or 0)
        if pilot is None or pilot.status is not PilotStatus.ACTIVE or reminder.user_id is None:
            self._store.mark_sent(reminder.id, self.instance, now)  # nothing left to ask
            return False
        checkin = CheckIn(
            team_id=pilot.team_id,
            user_id=reminder.user_id,
            pilot_number=pilot.number,
            experiment_text=self._experiment_text(pilot),
            due_on=reminder.due_at.date(),
            measure_names=tuple(m.name for m in self._pilots.measures(pilot.team_id, pilot.id)),
        )
        try:
            assert self._sender is not None
            self._sender.send_checkin(checkin)
        except Exception:  # noqa: BLE001 - one failed send must not stop the others
            log.exception("check-in %s (team %s) failed; will retry", reminder.id, pilot.team_id)
            self._store.release(reminder.id, self.instance)
            return False
        self._store.mark_sent(reminder.id, self.instance, now)
        self.schedule_checkin(pilot, after=max(reminder.due_at.date(), now.date()))
        return True

    def _experiment_text(self, pilot: Pilot) -> str:
        experiment = self._pilots.experiment_by_id(pilot.team_id, pilot.experiment_id)
        return experiment.text if experiment else ""
