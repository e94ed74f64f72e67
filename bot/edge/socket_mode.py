"""Socket Mode: Bolt's websocket-client adapter, with duplicate envelopes dropped and the
socket's state kept for /healthz.

The adapter is slack_sdk's websocket-client one, given a pong timeout, because it reconnects at
once after each way a connection ends (Slack's `refresh_requested` disconnect, an abrupt drop, a
clean close) without stalling the acks on the new connection; benchmarks/socket_reconnect.py
measures it against the built-in client and the stock adapter in the same run."""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.socket_mode.websocket_client import SocketModeClient

from bot.store.seen_requests import SeenRequests

log = logging.getLogger(__name__)

# The contract: /healthz is 503 once no socket to Slack has been up for this long.
SOCKET_GRACE_SECONDS = 30.0
# Ping Slack this often; a pong later than the timeout means the connection is gone.
PING_INTERVAL_SECONDS = 10.0
PONG_TIMEOUT_SECONDS = 1.0
# Slack redelivers an envelope it saw no ack for within minutes; an hour covers every retry.
DELIVERY_MEMORY = timedelta(hours=1)


class SocketModeRefused(RuntimeError):
    """Slack would not open a Socket Mode connection (a refused app token, Slack unreachable);
    the message is one line saying what to do."""


class SocketWatch:
    """Whether a socket to Slack is up, or was up within the last `grace` seconds."""

    def __init__(
        self,
        grace: float = SOCKET_GRACE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._grace = grace
        self._clock = clock
        self._lock = threading.Lock()
        self._last_up: float | None = None
        self._is_connected: Callable[[], bool] = lambda: False

    def follow(self, client: SocketModeClient) -> None:
        """Watch this client: its open and close callbacks, and whether it is connected now."""
        self._is_connected = client.is_connected
        client.on_open_listeners.append(lambda _socket: self.saw_up())
        # A socket that just closed was up until now: the grace period starts here.
        client.on_close_listeners.append(lambda _socket: self.saw_up())

    def saw_up(self) -> None:
        """Note that a socket was up at this moment."""
        with self._lock:
            self._last_up = self._clock()

    def recently_up(self) -> bool:
        """True while a socket is connected, and for `grace` seconds after the last one was."""
        if self._is_connected():
            self.saw_up()
            return True
        with self._lock:
            return self._last_up is not None and self._clock() - self._last_up <= self._grace


def delivery_key(request: SocketModeRequest) -> str:
    """What makes a delivery the same one again: the event id of an event, the trigger id of a
    slash command or interaction (unique per person's action), else the envelope id."""
    payload: dict[str, Any] = request.payload or {}
    if isinstance(payload.get("event_id"), str):
        return f"event:{payload['event_id']}"
    if isinstance(payload.get("trigger_id"), str):
        return f"trigger:{payload['trigger_id']}"
    return f"envelope:{request.envelope_id}"


class PromptSocketModeClient(SocketModeClient):
    """slack_sdk's websocket-client Socket Mode client, with a pong timeout.

    Its one reader thread runs a connection until that connection's select() wakes, which
    without a pong timeout is every 10 seconds: a connection the client closed itself (after
    Slack's `refresh_requested`) kept the reader, and so the new connection, waiting that long,
    and a half-open connection went unnoticed. With the timeout both take PONG_TIMEOUT_SECONDS."""

    def _run_current_session(self) -> None:
        session = self.current_session
        if session is None:
            return
        try:
            self.logger.info("Starting to receive messages from a new connection")
            session.run_forever(ping_interval=self.ping_interval, ping_timeout=PONG_TIMEOUT_SECONDS)
            self.logger.info("Stopped receiving messages from a connection")
        except Exception as error:  # noqa: BLE001 - as slack_sdk: close it, the monitor reconnects
            self.logger.warning("Socket Mode connection failed: %s", type(error).__name__)
            session.close()


class BotSocketModeHandler(SocketModeHandler):
    """Bolt's websocket-client Socket Mode handler that acks a redelivered envelope without
    running it again, and refuses to start in one line when Slack refuses the app token."""

    def __init__(self, app: App, app_token: str, seen: SeenRequests, watch: SocketWatch) -> None:
        # Bolt's own __init__ would build and start a client without the pong timeout.
        self.app = app
        self.app_token = app_token
        self.client = PromptSocketModeClient(
            app_token=app_token,
            logger=app.logger,
            web_client=app.client,
            ping_interval=PING_INTERVAL_SECONDS,
        )
        self.client.socket_mode_request_listeners.append(self.handle)  # type: ignore[arg-type]
        self._seen = seen
        watch.follow(self.client)

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """Run the envelope through Bolt once; a second delivery of it is only acked."""
        if not self._seen.first_time(delivery_key(req), DELIVERY_MEMORY):
            log.info("acked a redelivered %s envelope without running it again", req.type)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        super().handle(client, req)

    def connect(self) -> None:
        """Open the first connection; raises SocketModeRefused when Slack will not give one."""
        try:
            opened = self.client.web_client.apps_connections_open(app_token=self.app_token)
        except SlackApiError as refused:
            error = refused.response.get("error", "refused")
            raise SocketModeRefused(
                f"Slack refused SLACK_APP_TOKEN ({error}): copy an app-level token (xapp-...) "
                "with the connections:write scope from your Slack app's 'Basic Information' page."
            ) from None
        except (urllib.error.URLError, OSError) as unreachable:
            raise SocketModeRefused(
                f"could not reach Slack to open a Socket Mode connection ({unreachable}); "
                "check SLACK_API_URL and the network."
            ) from None
        # The client opens this URL instead of asking for one itself.
        self.client.wss_uri = opened["url"]
        super().connect()
