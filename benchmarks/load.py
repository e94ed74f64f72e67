"""Load: N working groups running meetings at once against `unburden serve` on PostgreSQL.

Each simulated group is one channel of 12 members, set up as a working group beforehand, that
sends signed slash commands in a loop (start / idea / vote / next / idea / help / end, whichever
of those verbs exist), one at a time with a pause between them, to real `unburden serve` processes in HTTP
mode on loopback, with the Slack stand-in as the Web API. The same load then goes to a bare
Bolt app that only acks, served the same way, so the ratio says what Unburden itself costs.
With two replicas, requests alternate between the two processes, as behind a load balancer.

    .venv/bin/python benchmarks/load.py [--groups 200] [--seconds 60] [--replicas 1 2]
        [--think 5.0] [--workers N] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from bot.listeners.commands import verb_table
from bot.offline.replicas import ServedReplica, serve_environment, start_replicas
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient

SECRET = "load-secret"
MEMBERS = [f"U{n:03d}" for n in range(1, 13)]
# A meeting as a group types it; verbs the bot does not know (yet) are left out.
SCRIPT = [
    "start",
    "idea Stop printing the daily census for the huddle",
    "vote",
    "next",
    "idea Medical assistants pend refills under a standing protocol",
    "help",
    "end",
]
# Slack gives up on an ack after 3 seconds: a later one is an error to the member.
ACK_DEADLINE_SECONDS = 3.0


@dataclass
class Tally:
    """Ack latencies and errors of one run, shared by the group threads."""

    latencies_ms: list[float] = field(default_factory=list)
    by_verb: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, elapsed_s: float, status: int | None, what: str) -> None:
        """Record one request's outcome."""
        with self.lock:
            if status == 200 and elapsed_s < ACK_DEADLINE_SECONDS:
                self.latencies_ms.append(elapsed_s * 1000)
                self.by_verb.setdefault(what, []).append(elapsed_s * 1000)
            else:
                self.errors.append(f"{what}: {status} after {elapsed_s:.2f}s")


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run_groups(
    urls: list[str], slack_api: FakeSlackApi, groups: int, seconds: float, think: float
) -> tuple[Tally, float]:
    """Every group runs its meeting loop until the time is up; the tally and the elapsed time."""
    known = set(verb_table()) | {"help"}
    script = [line for line in SCRIPT if line.split()[0] in known]
    clients = [SignedSlackClient(url, SECRET, slack_api, timeout=15) for url in urls]
    tally = Tally()
    started = time.monotonic()
    stop_at = started + seconds

    def group(index: int) -> None:
        channel = f"C{index:05d}"
        rng = random.Random(index)
        time.sleep(rng.uniform(0, think))  # groups do not all type in the same instant
        step = 0
        while time.monotonic() < stop_at:
            text = script[step % len(script)]
            client = clients[(index + step) % len(clients)]
            began = time.monotonic()
            try:
                status: int | None = client.command(
                    text, user=MEMBERS[step % 12], channel=channel
                ).status
            except OSError as error:
                status = None
                text = f"{text} ({type(error).__name__})"
            tally.add(time.monotonic() - began, status, text.split()[0])
            step += 1
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))

    threads = [threading.Thread(target=group, args=(n,), daemon=True) for n in range(groups)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return tally, time.monotonic() - started


def set_up_groups(
    urls: list[str], slack_api: FakeSlackApi, groups: int, timeout: float = 120
) -> None:
    """Make every channel a working group before the measured minute, and wait for the answers."""
    clients = [SignedSlackClient(url, SECRET, slack_api, timeout=30) for url in urls]
    since = slack_api.mark()

    def set_up(index: int) -> None:
        client = clients[index % len(clients)]
        client.command("setup primary care", user=MEMBERS[0], channel=f"C{index:05d}")

    with ThreadPoolExecutor(10) as pool:
        list(pool.map(set_up, range(groups)))
    slack_api.wait_for("response_url", since=since, after=groups - 1, timeout=timeout)


def warm_up(urls: list[str], slack_api: FakeSlackApi, timeout: float = 120) -> None:
    """Set up a group and propose an idea on each process, waiting for the answers.

    The first idea loads the embedding model; a real deployment pays that once at start, so it
    is kept out of the measured minute."""
    known = set(verb_table()) | {"help"}
    for n, url in enumerate(urls):
        channel = f"CWARM{n}"
        slack_api.add_channel(channel, f"warm-{n}", [*MEMBERS, slack_api.bot_user_id])
        client = SignedSlackClient(url, SECRET, slack_api, timeout=30)
        since = slack_api.mark()
        texts = ["setup primary care"] + [t for t in SCRIPT[:2] if t.split()[0] in known]
        for text in texts:
            client.command(text, user=MEMBERS[0], channel=channel)
            deadline = time.monotonic() + timeout
            while not any(c.channel == channel for c in slack_api.calls[since:]):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer `{text}` while warming up")
                time.sleep(0.2)
            since = slack_api.mark()


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new PostgreSQL database for one run, dropped afterwards."""
    admin_url = make_url(server_url).set(drivername="postgresql")
    name = f"unburden_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url.render_as_string(hide_password=False), autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(
            admin_url.render_as_string(hide_password=False), autocommit=True
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def bare_bolt_servers(
    count: int, workdir: Path, threads: int, slack_api: FakeSlackApi
) -> Iterator[list[str]]:
    """`count` bare Bolt processes (ack only) on waitress, started and stopped like `serve`."""
    environment = {
        **os.environ,
        "SLACK_API_URL": slack_api.url,
        "SLACK_BOT_TOKEN": slack_api.bot_token,
        "UNBURDEN_HTTP_THREADS": str(threads),
    }
    command = [sys.executable, str(Path(__file__).resolve()), "--bare-server"]
    servers = [ServedReplica(environment, workdir, f"bare{n + 1}", command) for n in range(count)]
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_until_healthy()
        yield [server.url for server in servers]
    finally:
        for server in servers:
            server.stop()


def serve_bare_bolt() -> None:
    """The baseline: a Bolt app whose only listener acks the command, with a /healthz."""
    from flask import Flask, request
    from slack_bolt import Ack, App
    from slack_bolt.adapter.flask import SlackRequestHandler
    from slack_sdk import WebClient
    from waitress import serve

    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=SECRET)

    @app.command("/unburden")
    def ack_only(ack: Ack) -> None:
        ack()

    web = Flask("bare")
    handler = SlackRequestHandler(app)
    web.add_url_rule("/slack/events", "events", lambda: handler.handle(request), methods=["POST"])
    web.add_url_rule("/healthz", "healthz", lambda: "ok")
    threads = int(os.environ["UNBURDEN_HTTP_THREADS"])
    serve(web, host="127.0.0.1", port=int(os.environ["PORT"]), threads=threads, ident="bare")


def report(name: str, tally: Tally, elapsed: float, baseline: Tally | None) -> str:
    """One line of the results table."""
    p50, p99 = percentile(tally.latencies_ms, 0.5), percentile(tally.latencies_ms, 0.99)
    done = len(tally.latencies_ms) + len(tally.errors)
    ratio = ""
    if baseline is not None and baseline.latencies_ms:
        b50, b99 = percentile(baseline.latencies_ms, 0.5), percentile(baseline.latencies_ms, 0.99)
        ratio = f"  ratio to bare Bolt p50 {p50 / b50:.2f}x p99 {p99 / b99:.2f}x"
    return (
        f"{name:24s} {done / elapsed:7.1f} req/s  ack p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
        f"errors {len(tally.errors)}{ratio}"
    )


def main() -> None:
    """Run bare Bolt and Unburden with each replica count; print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think", type=float, default=5.0, help="mean pause between a group's commands (s)"
    )
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--threads", type=int, default=16, help="waitress threads per process")
    parser.add_argument(
        "--workers", type=int, help="UNBURDEN_WORKERS of each replica (default: serve's own)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="a PostgreSQL server; each run gets its own new database on it",
    )
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        serve_bare_bolt()
        return
    print(
        f"{args.groups} groups, {args.seconds:.0f} s per run, a command every ~{args.think:.1f} s per group, "
        f"waitress {args.threads} threads per process, PostgreSQL, loopback"
    )
    with tempfile.TemporaryDirectory() as scratch, FakeSlackApi() as slack_api:
        for user in MEMBERS:
            slack_api.add_user(user, name=f"member{user[1:]}")
        for n in range(args.groups):
            slack_api.add_channel(f"C{n:05d}", f"group-{n}", [*MEMBERS, slack_api.bot_user_id])
        for count in args.replicas:
            workdir = Path(scratch) / f"r{count}"
            with bare_bolt_servers(count, workdir, args.threads, slack_api) as urls:
                baseline, elapsed = run_groups(
                    urls, slack_api, args.groups, args.seconds, args.think
                )
            print(report(f"bare Bolt x{count}", baseline, elapsed, None), flush=True)
            with fresh_database(args.database_url) as database_url:
                environment = serve_environment(
                    slack_api.url, slack_api.bot_token, SECRET, database_url, workdir / "data"
                )
                environment["UNBURDEN_HTTP_THREADS"] = str(args.threads)
                if args.workers:
                    environment["UNBURDEN_WORKERS"] = str(args.workers)
                replicas = start_replicas(environment, workdir, count)
                try:
                    warm_up([r.url for r in replicas], slack_api)
                    set_up_groups([r.url for r in replicas], slack_api, args.groups)
                    tally, elapsed = run_groups(
                        [r.url for r in replicas], slack_api, args.groups, args.seconds, args.think
                    )
                finally:
                    for replica in replicas:
                        replica.stop()
            print(report(f"unburden x{count}", tally, elapsed, baseline), flush=True)
            for verb, values in sorted(tally.by_verb.items()):
                p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
                print(f"    {verb:8s} n={len(values):5d}  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms")
            for error in sorted(set(tally.errors))[:5]:
                print(f"    e.g. {error}")


if __name__ == "__main__":
    main()
