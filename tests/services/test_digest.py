"""The weekly leaders' digest goes out once per workspace and week, however many replicas run,
and is marked sent only once Slack has it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from slack_sdk import WebClient

from bot.jobs.digest import digest_message
from bot.offline.call_log import ApiCall
from bot.offline.slack_api import FakeSlackApi
from bot.outbox.sender import OutboxSender
from bot.outbox.service import Outbox
from bot.outbox.store import OutboxStore
from bot.services.digest import DigestService, week_key
from bot.services.groups import GroupService
from bot.services.outcomes import OutcomeService
from bot.services.portfolio import PortfolioService
from bot.slack_retries import retry_handlers
from bot.store.database import Database
from bot.store.digests import DigestClaims
from bot.store.groups import GroupStore, LeaderStore
from bot.store.pilots import PilotStore
from bot.store.portfolio import PortfolioStore
from tests.reports.seed import Seeder, seed_portfolio

LEADERS_CHANNEL = "C0LEADERS"
MONDAY_AFTERNOON = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # ISO week 2026-W48
RENDER = digest_message("/unburden")


@pytest.fixture
def database(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = Database(database_url or f"sqlite:///{tmp_path / 'digest.sqlite3'}")
    db.migrate()
    seed_portfolio(Seeder(db, "T0001"), ["C0PC1", "C0PC2", "C0PC3", "C0ICU"])
    yield db
    db.dispose()


@pytest.fixture
def leaders(slack_api: FakeSlackApi) -> FakeSlackApi:
    """The stand-in workspace with the leaders' channel, the bot in it."""
    slack_api.add_channel(LEADERS_CHANNEL, "leaders", [slack_api.bot_user_id])
    return slack_api


def replica(database: Database, slack_api: FakeSlackApi, name: str) -> DigestService:
    """One replica's digest service over the shared database, posting through its own outbox."""
    groups = GroupService(GroupStore(database), LeaderStore(database), frozenset(), "/unburden")
    outcomes = OutcomeService(PilotStore(database), GroupStore(database))
    portfolio = PortfolioService(PortfolioStore(database), groups, outcomes)
    store = OutboxStore(database)

    outbox = Outbox(store, OutboxSender(store, lambda _: client(slack_api), instance=name))
    return DigestService(DigestClaims(database), portfolio, LEADERS_CHANNEL, outbox)


def client(slack_api: FakeSlackApi) -> WebClient:
    """The bot's Web API client, with its retry handlers, on the stand-in."""
    return WebClient(
        token=slack_api.bot_token, base_url=slack_api.url, retry_handlers=retry_handlers()
    )


def digests(slack_api: FakeSlackApi) -> list[ApiCall]:
    """Digests Slack accepted in the leaders' channel."""
    return [
        call
        for call in slack_api.calls_to("chat.postMessage")
        if call.ok and call.channel == LEADERS_CHANNEL
    ]


def test_two_replicas_send_one_digest_a_week(database: Database, leaders: FakeSlackApi) -> None:
    first, second = replica(database, leaders, "a"), replica(database, leaders, "b")

    with time_machine.travel(MONDAY_AFTERNOON, tick=False):
        written = first.run_due(RENDER) + second.run_due(RENDER) + first.run_due(RENDER)

    assert written == ["digest:T0001:2026-W48"]
    (posted,) = digests(leaders)
    assert "Weekly leaders' digest" in posted.text
    assert "Ready to scale" in posted.text


def test_replicas_racing_at_the_same_moment_send_once(
    database: Database, leaders: FakeSlackApi
) -> None:
    replicas = [replica(database, leaders, f"r{n}") for n in range(4)]
    start = threading.Barrier(len(replicas))

    def run(service: DigestService) -> None:
        start.wait()
        service.run_due(RENDER, MONDAY_AFTERNOON)

    threads = [threading.Thread(target=run, args=(service,)) for service in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(digests(leaders)) == 1


def test_nothing_is_sent_before_monday_afternoon(database: Database, leaders: FakeSlackApi) -> None:
    service = replica(database, leaders, "a")

    assert service.run_due(RENDER, MONDAY_AFTERNOON - timedelta(hours=2)) == []
    assert service.run_due(RENDER, MONDAY_AFTERNOON + timedelta(hours=1)) == [
        "digest:T0001:2026-W48"
    ]
    assert len(digests(leaders)) == 1


def test_the_next_week_gets_its_own_digest(database: Database, leaders: FakeSlackApi) -> None:
    service = replica(database, leaders, "a")

    service.run_due(RENDER, MONDAY_AFTERNOON)
    service.run_due(RENDER, MONDAY_AFTERNOON + timedelta(days=3))
    service.run_due(RENDER, MONDAY_AFTERNOON + timedelta(days=7))

    assert len(digests(leaders)) == 2
    assert week_key("T0001", MONDAY_AFTERNOON + timedelta(days=7)) == "digest:T0001:2026-W49"


def test_a_digest_slack_refused_is_not_marked_sent_and_posts_on_the_next_sweep(
    database: Database, leaders: FakeSlackApi
) -> None:
    service = replica(database, leaders, "a")
    claims = DigestClaims(database)
    key = week_key("T0001", MONDAY_AFTERNOON)
    leaders.fail("chat.postMessage", "internal_error", times=3, status=500)

    service.run_due(RENDER, MONDAY_AFTERNOON)

    assert digests(leaders) == []
    assert claims.sent_at("T0001", key) is None
    sender = OutboxSender(
        OutboxStore(database),
        lambda _: client(leaders),
        instance="b",
    )
    assert sender.sweep(datetime.now(UTC) + timedelta(minutes=1)) == 1
    assert service.mark_posted() == 1
    assert claims.sent_at("T0001", key) is not None
    assert len(digests(leaders)) == 1


def test_a_replica_that_died_mid_post_leaves_the_digest_to_arrive_once(
    database: Database, leaders: FakeSlackApi
) -> None:
    """The first replica's post reached Slack but the process died before recording it: the
    next replica finds the message by its metadata instead of posting a second digest."""
    service = replica(database, leaders, "a")
    store = OutboxStore(database, lease=timedelta(seconds=1))
    with time_machine.travel(MONDAY_AFTERNOON, tick=False):
        dying = OutboxSender(store, lambda _: _DiesAfterPosting(leaders), instance="dying")
        service._outbox.sender = dying  # noqa: SLF001 - the replica that dies
        with pytest.raises(SystemExit):
            service.run_due(RENDER)
    assert len(digests(leaders)) == 1

    later = MONDAY_AFTERNOON + timedelta(minutes=5)
    survivor = OutboxSender(
        store,
        lambda _: client(leaders),
        instance="survivor",
    )
    assert survivor.sweep(later) == 1
    assert service.mark_posted() == 1
    assert len(digests(leaders)) == 1
    assert leaders.calls_to("conversations.history")


class _DiesAfterPosting(WebClient):
    """A client whose process dies right after Slack accepted the post."""

    def __init__(self, slack_api: FakeSlackApi) -> None:
        super().__init__(token=slack_api.bot_token, base_url=slack_api.url)

    def chat_postMessage(self, **kwargs: object):  # type: ignore[no-untyped-def,override]  # noqa: N802
        super().chat_postMessage(**kwargs)  # type: ignore[arg-type]
        raise SystemExit("killed")
