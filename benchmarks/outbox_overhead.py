"""What the outbox adds to a post: a direct chat.postMessage against the same post written to
the outbox and delivered (insert, claim, post, record ts), both on the local Slack stand-in
and, for the outbox, a SQLite file; interleaved, so the ratio holds whatever the machine does.

    .venv/bin/python benchmarks/outbox_overhead.py [--posts 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from slack_sdk import WebClient

from bot.offline.slack_api import FakeSlackApi
from bot.outbox import OutgoingMessage
from bot.outbox.sender import OutboxSender
from bot.outbox.service import Outbox
from bot.outbox.store import OutboxStore
from bot.slack_retries import retry_handlers
from bot.store.database import Database

CHANNEL = "C0BENCH"


def main() -> None:
    """Print p50 and p95 of each way and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FakeSlackApi() as slack_api:
        slack_api.add_channel(CHANNEL, "bench", [slack_api.bot_user_id])
        client = WebClient(
            token=slack_api.bot_token, base_url=slack_api.url, retry_handlers=retry_handlers()
        )
        database = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        database.migrate()
        store = OutboxStore(database)
        outbox = Outbox(store, OutboxSender(store, lambda _: client))
        direct: list[float] = []
        through: list[float] = []
        for n in range(args.posts):
            started = time.perf_counter()
            client.chat_postMessage(channel=CHANNEL, text=f"direct {n}")
            direct.append(time.perf_counter() - started)
            message = OutgoingMessage(channel_id=CHANNEL, kind="question", text=f"outbox {n}")
            started = time.perf_counter()
            assert outbox.post(slack_api.team_id, [message]).ok
            through.append(time.perf_counter() - started)
        database.dispose()
    for name, times in (("direct chat.postMessage", direct), ("through the outbox", through)):
        p50, p95 = _percentile(times, 50), _percentile(times, 95)
        print(f"{name:26s} p50 {p50 * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms")
    ratio50 = _percentile(through, 50) / _percentile(direct, 50)
    ratio95 = _percentile(through, 95) / _percentile(direct, 95)
    print(f"outbox / direct: p50 {ratio50:.2f}, p95 {ratio95:.2f} ({args.posts} posts each)")


def _percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(sorted(values), n=100)[pct - 1]


if __name__ == "__main__":
    main()
