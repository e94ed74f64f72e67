"""Background jobs run on one Huey queue that `serve` starts: at start they catch up at once on
what a stopped process left (an outbox message, a due check-in)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from huey import MemoryHuey, SqliteHuey

from bot.jobs.queue import build_queue
from bot.jobs.schedule import BackgroundJobs
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.outbox import OutgoingMessage
from bot.settings import Settings
from tests.conftest import CHANNEL


def test_jobs_started_by_serve_post_what_the_outbox_holds(
    bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    slack_api.add_channel(CHANNEL, "group", [slack_api.bot_user_id])
    with bot.services.database.transaction() as session:
        bot.services.outbox.add(
            session,
            slack_api.team_id,
            [OutgoingMessage(channel_id=CHANNEL, kind="question", text="Left by a crash")],
            now=datetime.now(UTC) - timedelta(minutes=1),
        )
    jobs = BackgroundJobs(bot.services, MemoryHuey("test", utc=True))

    jobs.start()
    try:
        posted = slack_api.wait_for("chat.postMessage", timeout=20)
    finally:
        jobs.stop()

    assert posted.text == "Left by a crash"


def test_the_queue_is_embedded_sqlite_unless_a_server_is_named(
    settings: Settings, tmp_path: Path
) -> None:
    embedded = build_queue(settings)
    assert isinstance(embedded, SqliteHuey)
    assert (settings.unburden_data_dir / "jobs.sqlite3").exists()

    shared = build_queue(
        settings.model_copy(update={"unburden_jobs_url": "redis://127.0.0.1:6379/0"})
    )
    assert type(shared).__name__ == "RedisHuey"
