"""Socket Mode after a connection ends: how soon a command typed at that moment is acked.

Three adapters serve the same bare Bolt app (it only acks) against the Socket Mode stand-in:
slack_sdk's built-in client, the stock websocket-client one, and Unburden's (websocket-client
with a pong timeout, bot/edge/socket_mode.py). For each way a connection ends (Slack's
`refresh_requested`, an abrupt drop, a clean close) a command is sent at once; its ack time
counts from then, as Slack counts it, and is shown against the adapter's steady-state ack
measured in the same run. Slack's limit is 3 s.

    .venv/bin/python benchmarks/socket_reconnect.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from collections.abc import Callable
from typing import Any
from unittest.mock import MagicMock

from slack_bolt import Ack, App
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler as BuiltinHandler
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler as StockHandler
from slack_sdk import WebClient

from bot.edge.socket_mode import BotSocketModeHandler, SocketWatch
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_payloads import Origin, slash_command_form
from bot.offline.socket_mode import SocketModeStandIn

GIVE_UP_SECONDS = 20.0


def bare_app(slack_api: FakeSlackApi) -> App:
    """A Bolt app that only acks /unburden, so the adapter is all that is measured."""
    app = App(
        client=WebClient(token=slack_api.bot_token, base_url=slack_api.url),
        token_verification_enabled=False,
        request_verification_enabled=False,
    )

    @app.command("/unburden")
    def ack_only(ack: Ack) -> None:
        ack()

    return app


def unburden_handler(app: App, token: str) -> Any:
    """Unburden's adapter, with a store that has seen nothing (every envelope is new)."""
    seen = MagicMock()
    seen.first_time.return_value = True
    return BotSocketModeHandler(app, token, seen, SocketWatch())


ADAPTERS: dict[str, Callable[[App, str], Any]] = {
    "slack_sdk built-in": lambda app, token: BuiltinHandler(app, token),
    "websocket-client (stock)": lambda app, token: StockHandler(app, token),
    "websocket-client + pong timeout": unburden_handler,
}


def ack_seconds(stand_in: SocketModeStandIn, slack_api: FakeSlackApi) -> float:
    """Send one command now; seconds until it is acked (GIVE_UP_SECONDS when it never is)."""
    origin = Origin(slack_api.team_id, "offline", "A0001", "U001", "member", "C0BENCH", "bench")
    form = slash_command_form(origin, "/unburden", "help", "http://unused/", "1.2.3")
    started = time.monotonic()
    try:
        envelope = stand_in.send("slash_commands", form, wait=GIVE_UP_SECONDS)
        stand_in.wait_for_ack(envelope, timeout=GIVE_UP_SECONDS)
    except AssertionError:
        return GIVE_UP_SECONDS
    return time.monotonic() - started


def one_round(make: Callable[[App, str], Any], disruption: str) -> tuple[float, float, float]:
    """Steady ack, ack of a command sent right after `disruption`, CPU seconds per second meanwhile."""
    with FakeSlackApi() as slack_api:
        stand_in = SocketModeStandIn().start()
        slack_api.socket_mode = stand_in
        handler = make(bare_app(slack_api), stand_in.app_token)
        try:
            handler.connect()
            stand_in.wait_for_connection()
            time.sleep(1.0)  # let start-up reconnects settle
            steady = statistics.median(ack_seconds(stand_in, slack_api) for _ in range(5))
            cpu, wall = time.process_time(), time.monotonic()
            getattr(stand_in, disruption)()
            after = ack_seconds(stand_in, slack_api)
            load = (time.process_time() - cpu) / (time.monotonic() - wall)
        finally:
            handler.close()
            stand_in.stop()
    return steady, after, load


def main() -> None:
    """Print, per adapter and disruption, the median ack after it and its ratio to steady state."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    print(
        f"{'adapter':33s} {'after':14s} {'steady ms':>9s} {'ack s':>7s} {'ratio':>8s} {'CPU':>5s}"
    )
    for name, make in ADAPTERS.items():
        for disruption in ("refresh", "drop", "close_cleanly"):
            rounds = [one_round(make, disruption) for _ in range(args.rounds)]
            steady = statistics.median(r[0] for r in rounds)
            after = statistics.median(r[1] for r in rounds)
            load = statistics.median(r[2] for r in rounds)
            late = sum(r[1] > 3.0 for r in rounds)
            print(
                f"{name:33s} {disruption:14s} {steady * 1000:9.1f} {after:7.2f} "
                f"{after / steady:7.0f}x {load:5.0%}  late (>3 s): {late}/{len(rounds)}"
            )


if __name__ == "__main__":
    main()
