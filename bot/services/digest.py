"""The weekly leaders' digest: once per workspace and ISO week, however many replicas run.

A BackgroundScheduler calls `run_due` every few minutes on every replica. From Monday 13:00
UTC each week, the first replica to insert the week's claim row (`digest:<team>:<year-Www>`)
sends the digest; the others find the row and do nothing."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.clock import utcnow
from bot.domain.portfolio import Portfolio
from bot.services.groups import GroupService
from bot.services.money import load_role_rates
from bot.services.outcomes import OutcomeService
from bot.services.portfolio import PortfolioService
from bot.settings import Settings
from bot.store.database import Database
from bot.store.digests import DigestClaims
from bot.store.groups import GroupStore
from bot.store.pilots import PilotStore
from bot.store.portfolio import PortfolioStore

log = logging.getLogger(__name__)

# Monday 13:00 UTC: the start of the working week across the Americas and Europe.
DIGEST_WEEKDAY = 0
DIGEST_TIME_UTC = time(13, 0)
CHECK_EVERY_MINUTES = 10

Deliver = Callable[[str, Portfolio], None]  # (channel id, portfolio) -> posted, or raises


def week_key(team_id: str, moment: datetime) -> str:
    """The claim key of a workspace's digest for the ISO week of `moment`."""
    year, week, _ = moment.astimezone(UTC).isocalendar()
    return f"digest:{team_id}:{year}-W{week:02d}"


def due_moment(moment: datetime) -> datetime:
    """When the digest of `moment`'s ISO week falls due."""
    day = moment.astimezone(UTC).date()
    monday = day - timedelta(days=day.weekday() - DIGEST_WEEKDAY)
    return datetime.combine(monday, DIGEST_TIME_UTC, UTC)


class DigestService:
    """Sends each workspace's portfolio to the leaders' channel once a week."""

    def __init__(
        self,
        claims: DigestClaims,
        portfolio: PortfolioService,
        channel_id: str | None,
        deliver: Deliver | None = None,
        instance: str | None = None,
    ) -> None:
        self._claims = claims
        self._portfolio = portfolio
        self.channel_id = channel_id
        self._deliver = deliver
        # Unique per process, so a claim row says which replica sent the digest.
        self.instance = instance or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self._scheduler: BackgroundScheduler | None = None

    def run_due(self, now: datetime | None = None) -> list[str]:
        """Send every digest due by `now` that this replica claims; returns their keys."""
        moment = now or utcnow()
        if not self.channel_id or self._deliver is None or moment < due_moment(moment):
            return []
        sent = []
        for team_id in self._portfolio.team_ids():
            key = week_key(team_id, moment)
            if not self._claims.claim(
                team_id, key, self.channel_id, due_moment(moment), self.instance, moment
            ):
                continue
            try:
                self._deliver(self.channel_id, self._portfolio.workspace(team_id, moment))
            except Exception:  # noqa: BLE001 - one workspace's failure must not stop the others
                log.exception("digest %s failed; released for the next run", key)
                self._claims.release(team_id, key, self.instance)
                continue
            sent.append(key)
        return sent

    def start(self, deliver: Deliver, every_minutes: float = CHECK_EVERY_MINUTES) -> None:
        """Deliver through `deliver`, checking in the background every few minutes."""
        self._deliver = deliver
        if self._scheduler is not None or not self.channel_id:
            return
        scheduler = BackgroundScheduler(timezone=UTC)
        scheduler.add_job(
            self._run_safely,
            "interval",
            minutes=every_minutes,
            id="leaders-digest",
            max_instances=1,
            coalesce=True,
            next_run_time=utcnow(),
        )
        scheduler.start()
        self._scheduler = scheduler

    def stop(self) -> None:
        """Stop the background job."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None

    def _run_safely(self) -> None:
        """The scheduled job: a failure is logged and tried again next time."""
        try:
            self.run_due()
        except Exception:  # noqa: BLE001 - the scheduler must keep running
            log.exception("leaders' digest run failed")


def build_leader_services(
    settings: Settings, database: Database, groups: GroupService
) -> tuple[PortfolioService, DigestService]:
    """The portfolio and the weekly digest over the relational store."""
    outcomes = OutcomeService(PilotStore(database), GroupStore(database))
    portfolio = PortfolioService(
        PortfolioStore(database), groups, outcomes, load_role_rates(settings.unburden_knowledge_dir)
    )
    digest = DigestService(DigestClaims(database), portfolio, settings.unburden_digest_channel)
    return portfolio, digest
