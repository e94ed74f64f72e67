"""The weekly leaders' digest: once per workspace and ISO week, however many replicas run, and
never lost to a process that dies while sending it.

From Monday 13:00 UTC, the first replica to insert the week's claim row
(`digest:<team>:<year-Www>`) writes the digest into the outbox in the same transaction; the
outbox posts it with the workspace's token, and the claim is marked sent only once Slack has it.
A replica that dies mid-post leaves the message in the outbox under a lease: the next sweep
looks for it in the channel (by its metadata) before posting, so it arrives exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from bot.clock import utcnow
from bot.domain.portfolio import Portfolio
from bot.outbox import OutgoingMessage
from bot.outbox.service import Outbox
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

# Monday 13:00 UTC: the start of the working week across the Americas and Europe.
DIGEST_WEEKDAY = 0
DIGEST_TIME_UTC = time(13, 0)
CHECK_EVERY_MINUTES = 10

# (channel id, portfolio) -> the message that shows it (Block Kit is the Slack layer's).
Render = Callable[[str, Portfolio], OutgoingMessage]


def week_key(team_id: str, moment: datetime) -> str:
    """The claim key of a workspace's digest for the ISO week of `moment`."""
    year, week, _ = moment.astimezone(UTC).isocalendar()
    return f"digest:{team_id}:{year}-W{week:02d}"


def due_moment(moment: datetime, at: time = DIGEST_TIME_UTC) -> datetime:
    """When the digest of `moment`'s ISO week falls due (Monday at `at`, UTC)."""
    day = moment.astimezone(UTC).date()
    monday = day - timedelta(days=day.weekday() - DIGEST_WEEKDAY)
    return datetime.combine(monday, at, UTC)


class DigestService:
    """Writes each workspace's portfolio to the leaders' channel once a week, through the outbox."""

    def __init__(
        self,
        claims: DigestClaims,
        portfolio: PortfolioService,
        channel_id: str | None,
        outbox: Outbox,
        at: time = DIGEST_TIME_UTC,
    ) -> None:
        self._claims = claims
        self._at = at
        self._portfolio = portfolio
        self.channel_id = channel_id
        self._outbox = outbox

    def run_due(self, render: Render, now: datetime | None = None) -> list[str]:
        """Write (and post) every digest due by `now` that no replica has; returns their keys."""
        moment = now or utcnow()
        if not self.channel_id or moment < due_moment(moment, self._at):
            return []
        written = []
        for team_id in self._portfolio.team_ids():
            key = week_key(team_id, moment)
            if self._claims.exists(team_id, key):
                continue
            message = render(self.channel_id, self._portfolio.workspace(team_id, moment))
            with self._claims.database.transaction() as session:
                if not self._claims.claim(
                    session, team_id, key, self.channel_id, due_moment(moment, self._at)
                ):
                    continue
                ids = self._outbox.add(session, team_id, [message], now=moment)
                self._claims.link(session, team_id, key, ids[0])
            written.append(key)
            self._outbox.deliver(team_id, ids)
        self.mark_posted()
        return written

    def mark_posted(self) -> int:
        """Mark sent every claimed digest whose message Slack now has; returns how many."""
        return self._claims.mark_posted(utcnow())


def build_leader_services(
    settings: Settings, database: Database, groups: GroupService, outbox: Outbox
) -> tuple[PortfolioService, DigestService]:
    """The portfolio and the weekly digest over the relational store."""
    outcomes = OutcomeService(PilotStore(database), GroupStore(database))
    portfolio = PortfolioService(
        PortfolioStore(database), groups, outcomes, load_role_rates(settings.unburden_knowledge_dir)
    )
    digest = DigestService(
        DigestClaims(database),
        portfolio,
        settings.unburden_digest_channel,
        outbox,
        time(settings.unburden_digest_hour_utc, 0),
    )
    return portfolio, digest
