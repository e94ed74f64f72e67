"""In Socket Mode /healthz also says whether a socket to Slack has been up in the last 30 s."""

from __future__ import annotations

import time

from bot.edge.socket_mode import SocketWatch
from bot.offline.slack_api import FakeSlackApi
from bot.offline.socket_bot import SocketModeBot
from bot.offline.socket_mode import SocketModeStandIn
from bot.settings import Settings
from tests.test_health import get


class SteppedClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_healthz_is_ok_while_the_socket_is_up(socket_bot: SocketModeBot) -> None:
    status, body = get(f"{socket_bot.url}/healthz")

    assert status == 200
    assert body["checks"] == {"database": True, "vectors": True, "socket": True}


def test_healthz_is_unavailable_once_no_socket_has_been_up_for_30_seconds(
    socket_settings: Settings, stand_in: SocketModeStandIn, slack_api: FakeSlackApi
) -> None:
    clock = SteppedClock()
    with SocketModeBot(socket_settings, SocketWatch(clock=clock)) as bot:
        stand_in.wait_for_connection()
        # Slack stops handing out connections, then the socket drops.
        slack_api.fail("apps.connections.open", "internal_error", times=100)
        stand_in.drop()
        wait_until_disconnected(bot)

        clock.now += 29
        within_grace = get(f"{bot.url}/healthz")
        clock.now += 2
        status, body = get(f"{bot.url}/healthz")

    assert within_grace[0] == 200
    assert status == 503
    assert body["checks"]["socket"] is False  # type: ignore[index]


def wait_until_disconnected(bot: SocketModeBot, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bot.handler is not None and not bot.handler.client.is_connected():
            return
        time.sleep(0.05)
    raise AssertionError("the bot still reports a connected socket")
