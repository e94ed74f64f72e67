"""The weekly leaders' digest goes out once per workspace and week, however many replicas run."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from slack_sdk import WebClient

from bot.domain.portfolio import Portfolio
from bot.listeners.events.digest import digest_poster
from bot.offline.slack_api import FakeSlackApi
from bot.services.digest import DigestService, week_key
from bot.services.groups import GroupService
from bot.services.outcomes import OutcomeService
from bot.services.portfolio import PortfolioService
from bot.store.database import Database
from bot.store.digests import DigestClaims
from bot.store.groups import GroupStore, LeaderStore
from bot.store.pilots import PilotStore
from bot.store.portfolio import PortfolioStore
from tests.reports.seed import Seeder, seed_portfolio

LEADERS_CHANNEL = "C0LEADERS"
MONDAY_AFTERNOON = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # ISO week 2026-W48


@pytest.fixture
def database(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = Database(database_url or f"sqlite:///{tmp_path / 'digest.sqlite3'}")
    db.migrate()
    seed_portfolio(Seeder(db, "T0001"), ["C0PC1", "C0PC2", "C0PC3", "C0ICU"])
    yield db
    db.dispose()


class Outbox:
    """Collects what replicas deliver, as Slack would receive it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Portfolio]] = []
        self._lock = threading.Lock()

    def __call__(self, channel_id: str, portfolio: Portfolio) -> None:
        with self._lock:
            self.sent.append((channel_id, portfolio))


def replica(database: Database, deliver: object, name: str) -> DigestService:
    """One replica's digest service over the shared database."""
    groups = GroupService(GroupStore(database), LeaderStore(database), frozenset(), "/unburden")
    outcomes = OutcomeService(PilotStore(database), GroupStore(database))
    portfolio = PortfolioService(PortfolioStore(database), groups, outcomes)
    return DigestService(
        DigestClaims(database),
        portfolio,
        LEADERS_CHANNEL,
        deliver=deliver,
        instance=name,  # type: ignore[arg-type]
    )


def test_two_replicas_send_one_digest_a_week(database: Database) -> None:
    outbox = Outbox()
    first, second = replica(database, outbox, "a"), replica(database, outbox, "b")

    with time_machine.travel(MONDAY_AFTERNOON, tick=False):
        sent = first.run_due() + second.run_due() + first.run_due()

    assert sent == ["digest:T0001:2026-W48"]
    assert len(outbox.sent) == 1
    channel, portfolio = outbox.sent[0]
    assert channel == LEADERS_CHANNEL
    assert portfolio.scope == "workspace" and portfolio.groups_total == 4


def test_replicas_racing_at_the_same_moment_send_once(database: Database) -> None:
    outbox = Outbox()
    replicas = [replica(database, outbox, f"r{n}") for n in range(4)]
    start = threading.Barrier(len(replicas))

    def run(service: DigestService) -> None:
        start.wait()
        service.run_due(MONDAY_AFTERNOON)

    threads = [threading.Thread(target=run, args=(service,)) for service in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outbox.sent) == 1


def test_nothing_is_sent_before_monday_afternoon(database: Database) -> None:
    outbox = Outbox()
    service = replica(database, outbox, "a")

    with time_machine.travel(MONDAY_AFTERNOON - timedelta(hours=2), tick=False):
        assert service.run_due() == []
    with time_machine.travel(MONDAY_AFTERNOON + timedelta(hours=1), tick=False):
        assert service.run_due() == ["digest:T0001:2026-W48"]

    assert len(outbox.sent) == 1


def test_the_next_week_gets_its_own_digest(database: Database) -> None:
    outbox = Outbox()
    service = replica(database, outbox, "a")

    service.run_due(MONDAY_AFTERNOON)
    service.run_due(MONDAY_AFTERNOON + timedelta(days=3))
    service.run_due(MONDAY_AFTERNOON + timedelta(days=7))

    assert len(outbox.sent) == 2
    assert week_key("T0001", MONDAY_AFTERNOON + timedelta(days=7)) == "digest:T0001:2026-W49"


def test_a_failed_send_is_tried_again_on_the_next_run(database: Database) -> None:
    outbox = Outbox()
    failures = iter([True])

    def flaky(channel_id: str, portfolio: Portfolio) -> None:
        if next(failures, False):
            raise ConnectionError("Slack unreachable")
        outbox(channel_id, portfolio)

    service = replica(database, flaky, "a")

    assert service.run_due(MONDAY_AFTERNOON) == []
    assert service.run_due(MONDAY_AFTERNOON + timedelta(minutes=10)) == ["digest:T0001:2026-W48"]
    assert len(outbox.sent) == 1


def test_the_digest_reaches_the_leaders_channel_in_slack(
    database: Database, slack_api: FakeSlackApi
) -> None:
    slack_api.add_channel(LEADERS_CHANNEL, "leaders", [slack_api.bot_user_id])
    client = WebClient(token=slack_api.bot_token, base_url=slack_api.url)
    service = replica(database, digest_poster(client, "/unburden"), "a")

    service.run_due(MONDAY_AFTERNOON)

    posted = slack_api.wait_for("chat.postMessage")
    assert posted.channel == LEADERS_CHANNEL
    assert "Weekly leaders' digest" in posted.text
    assert "Ready to scale" in posted.text
