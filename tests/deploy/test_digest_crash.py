"""Kill `serve` while it posts the weekly digest: after a restart the digest has arrived once.

The stand-in holds the digest's chat.postMessage for a few seconds; `serve` is killed (SIGKILL,
no clean-up) while the call is in flight, and Slack still posts the message, as it would. The
restarted `serve` takes the digest over after its lease, finds it in the channel by its outbox
metadata instead of posting it again, and marks the week's digest sent."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.offline.replicas import ServedReplica, serve_environment
from bot.offline.slack_api import FakeSlackApi
from bot.store.database import Database
from bot.store.tables import ReminderRow
from tests.conftest import SIGNING_SECRET
from tests.reports.seed import Seeder, seed_portfolio

pytestmark = pytest.mark.slow

LEADERS_CHANNEL = "C0LEADERS"


def digests(slack_api: FakeSlackApi) -> int:
    return len(
        [c for c in slack_api.calls_to("chat.postMessage") if c.ok and c.channel == LEADERS_CHANNEL]
    )


def digest_sent(database: Database) -> bool:
    with database.transaction() as session:
        sent = session.scalar(select(ReminderRow.sent_at).where(ReminderRow.kind == "digest"))
        return sent is not None


def test_killing_serve_mid_digest_still_delivers_it_exactly_once(
    slack_api: FakeSlackApi, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'unburden.sqlite3'}"
    database = Database(url)
    database.migrate()
    seed_portfolio(Seeder(database, slack_api.team_id), ["C0PC1", "C0PC2", "C0PC3", "C0ICU"])
    slack_api.add_channel(LEADERS_CHANNEL, "leaders", [slack_api.bot_user_id])
    environment = {
        **serve_environment(
            slack_api.url, slack_api.bot_token, SIGNING_SECRET, url, tmp_path / "data"
        ),
        "UNBURDEN_DIGEST_CHANNEL": LEADERS_CHANNEL,
        "UNBURDEN_DIGEST_HOUR_UTC": "0",  # due from Monday 00:00: due whenever the test runs
        "UNBURDEN_OUTBOX_LEASE_SECONDS": "2",
    }
    in_flight = slack_api.slow("chat.postMessage", seconds=3)

    first = ServedReplica(environment, tmp_path, "first").start()
    try:
        assert in_flight.wait(timeout=120), first.log_tail()
        assert first._process is not None  # noqa: SLF001 - killing it is the point
        first._process.kill()  # noqa: SLF001
        first._process.wait(timeout=10)  # noqa: SLF001
    finally:
        first.stop()
    slack_api.wait_for(
        "chat.postMessage", predicate=lambda c: c.channel == LEADERS_CHANNEL, timeout=10
    )
    assert not digest_sent(database)

    with ServedReplica(environment, tmp_path, "second") as second:
        second.wait_until_healthy()
        deadline = time.monotonic() + 120
        while not digest_sent(database) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert digest_sent(database), second.log_tail()
        time.sleep(2)  # a second post, if there were one, would show by now

    assert digests(slack_api) == 1
    assert slack_api.calls_to("conversations.history")
    database.dispose()
