"""Ack latency of signed slash commands: Unburden against a bare Bolt app on the same server.

Both apps are served by waitress on loopback and receive the same signed requests, so the ratio
says what Unburden's own work before the ack costs, whatever the machine is doing.

    .venv/bin/python benchmarks/ack_latency.py [--requests 200] [--concurrency 20] [--rounds 4]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from pydantic import SecretStr
from slack_bolt import Ack, App
from waitress.server import create_server

from bot.app import web_client
from bot.edge.http_gate import RequestGate
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient, SlackRequestSigner
from bot.settings import Settings
from bot.store.seen_requests import SeenRequests

SECRET = "bench-secret"
CHANNEL = "C0BENCH"


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def fire(client: SignedSlackClient, text: str, requests: int, concurrency: int) -> list[float]:
    """Send `requests` signed commands, `concurrency` at a time; the ack latencies in ms."""

    def one(index: int) -> float:
        response = client.command(text, user=f"U{index % 12:03d}", channel=CHANNEL)
        if response.status != 200:
            raise RuntimeError(f"status {response.status}: {response.body[:200]}")
        return response.elapsed_seconds * 1000

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(requests)))


def interleaved(
    bare: SignedSlackClient,
    ours: SignedSlackClient,
    slack_api: FakeSlackApi,
    text: str,
    requests: int,
    concurrency: int,
    rounds: int,
) -> tuple[list[float], list[float]]:
    """Bare Bolt's `help` and our `text`, in alternating rounds, so both see the same load from
    whatever else the shared machine runs meanwhile; the two lists of ack latencies in ms.

    Our work after the acks finishes before the next bare round: the two apps share this
    process, and bare Bolt's acks must not pay for it."""
    baseline: list[float] = []
    latencies: list[float] = []
    size = max(1, requests // rounds)
    for _ in range(rounds):
        baseline += fire(bare, "help", size, concurrency)
        latencies += fire(ours, text, size, concurrency)
        settle(slack_api)
    return baseline, latencies


def bare_bolt(settings: Settings) -> tuple[object, str]:
    """A Bolt app that only acks, on the same server and thread count as Unburden."""
    app = App(client=web_client(settings), signing_secret=SECRET, process_before_response=False)

    @app.command(settings.unburden_command)
    def ack_only(ack: Ack) -> None:
        ack()

    from flask import Flask, request
    from slack_bolt.adapter.flask import SlackRequestHandler

    web = Flask("bare")
    handler = SlackRequestHandler(app)
    web.add_url_rule("/slack/events", "events", lambda: handler.handle(request), methods=["POST"])
    server = create_server(web, host="127.0.0.1", port=0, threads=settings.unburden_http_threads)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]


def edge_checks(bot: LocalBot, slack_api: FakeSlackApi, requests: int) -> list[float]:
    """What the HTTP edge's checks (size, signature, content type, parse, replay) cost one
    signed slash command before Bolt sees it, in ms: timed directly, since it is far below the
    noise of a whole request on a shared machine."""
    gate = RequestGate(SECRET, SeenRequests(bot.services.database))
    signer = SlackRequestSigner(SECRET)
    costs = []
    for n in range(requests):
        body = urlencode(
            {"command": "/unburden", "text": "help", "user_id": "U001", "trigger_id": f"1.{n}"}
        ).encode()
        headers = {k.lower(): v for k, v in signer.headers(body).items()}
        headers["content-type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        gate.admit(body, headers, len(body))
        costs.append((time.perf_counter() - started) * 1000)
    return costs


def report(name: str, latencies: list[float], baseline: list[float]) -> None:
    """Print p50/p99 of one run and its ratio to the baseline."""
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    b50, b99 = percentile(baseline, 0.5), percentile(baseline, 0.99)
    print(
        f"{name:28s} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
        f"ratio to bare Bolt: p50 {p50 / b50:4.2f}x  p99 {p99 / b99:4.2f}x  (mean {statistics.mean(latencies):.1f} ms)"
    )


# One meeting of the group, verb by verb, as members type it.
MEETING = [
    "add Inbox results and FYI notes ~45m/day",
    "start",
    "idea Stop copying results to the PCP when a specialist ordered them",
    "next",
    "idea Medical assistants pend refill requests under a protocol",
    "vote",
    "find refills handled by pharmacists",
    "pause",
    "resume",
    "pilots",
    "summary",
    "end",
]


def settle(slack_api: FakeSlackApi, quiet: float = 0.3, limit: float = 60.0) -> None:
    """Wait until the bot stops calling Slack: the verb's own work is done, as in a meeting."""
    deadline = time.monotonic() + limit
    seen = -1
    while time.monotonic() < deadline and slack_api.mark() != seen:
        seen = slack_api.mark()
        time.sleep(quiet)


def verb_acks(
    client: SignedSlackClient, slack_api: FakeSlackApi, baseline: list[float], meetings: int
) -> None:
    """Ack latency of every verb of a meeting, typed one after the other, `meetings` times."""
    by_verb: dict[str, list[float]] = {}
    for _ in range(meetings):
        for text in MEETING:
            response = client.command(text, user="U001", channel=CHANNEL)
            if response.status != 200:
                raise RuntimeError(f"{text!r}: status {response.status}")
            by_verb.setdefault(text.split()[0], []).append(response.elapsed_seconds * 1000)
            settle(slack_api)
    print(
        f"\nEvery verb of a meeting, typed one at a time ({meetings} meetings), against bare Bolt one at a time:"
    )
    for verb, latencies in by_verb.items():
        report(f"unburden {verb}", latencies, baseline)
    slowest = max(by_verb, key=lambda verb: max(by_verb[verb]))
    print(f"slowest ack: {slowest} at {max(by_verb[slowest]):.1f} ms (Slack's limit: 3000 ms)")


def main() -> None:
    """Run the comparison and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--meetings", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=4, help="alternations with bare Bolt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir, FakeSlackApi() as slack_api:
        for n in range(12):
            slack_api.add_user(f"U{n:03d}", name=f"member{n}")
        slack_api.add_channel(CHANNEL, "bench", [f"U{n:03d}" for n in range(12)])
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            slack_bot_token=SecretStr(slack_api.bot_token),
            slack_signing_secret=SecretStr(SECRET),
            slack_api_url=slack_api.url,
            unburden_data_dir=Path(data_dir),
        )
        server, bare_url = bare_bolt(settings)
        bare = SignedSlackClient(bare_url, SECRET, slack_api)
        with LocalBot(settings, threads=settings.unburden_http_threads) as bot:
            ours = SignedSlackClient(bot.url, SECRET, slack_api)
            fire(bare, "help", 20, args.concurrency)  # warm both up
            fire(ours, "help", 20, args.concurrency)
            print(
                f"{args.requests} signed slash commands, {args.concurrency} at a time, waitress on "
                f"loopback, in {args.rounds} rounds alternating with bare Bolt"
            )
            baseline, helped = interleaved(
                bare, ours, slack_api, "help", args.requests, args.concurrency, args.rounds
            )
            report("bare Bolt (ack only)", baseline, baseline)
            report("unburden help", helped, baseline)
            edge = edge_checks(bot, slack_api, 1000)
            print(
                f"{'edge checks before Bolt':28s} p50 {percentile(edge, 0.5) * 1000:7.0f} us "
                f"p99 {percentile(edge, 0.99) * 1000:7.0f} us  "
                f"share of bare Bolt's p50 ack: {percentile(edge, 0.5) / percentile(baseline, 0.5):.2%}"
            )
            since = slack_api.mark()
            setup_baseline, setup = interleaved(
                bare,
                ours,
                slack_api,
                "setup primary care",
                args.requests,
                args.concurrency,
                args.rounds,
            )
            report("bare Bolt (ack only)", setup_baseline, setup_baseline)
            report("unburden setup primary care", setup, setup_baseline)
            # The work after each ack finishes before the stand-in goes away.
            slack_api.wait_for("response_url", since=since, after=len(setup) - 1, timeout=120)
            # Verbs are typed one at a time, so their baseline is bare Bolt one at a time too.
            verb_acks(ours, slack_api, fire(bare, "help", 50, 1), args.meetings)
        server.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
