"""SocketModeStandIn: Slack's side of Socket Mode on 127.0.0.1, for tests and benchmarks.

`apps.connections.open` on the Web API stand-in (authenticated by the app-level token) hands out
a ws:// URL to a local WebSocket server that speaks as Slack does: `hello` on connect, envelopes
(`slash_commands`, `interactive`, `events_api`) that the app acks by envelope id, `disconnect`
with reason `refresh_requested` before it closes a connection, and, for failure tests, an abrupt
drop (no close frame) or a clean close. Like Slack, it counts an ack after 3 seconds as missed.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from bot.offline.slack_payloads import Origin, event_envelope, slash_command_form
from bot.offline.workspace import SlackError

# Slack's limit for acknowledging an envelope, as for an HTTP request.
ACK_LIMIT_SECONDS = 3.0
# After `disconnect` (refresh_requested), Slack closes the old connection about this much later.
REFRESH_CLOSE_SECONDS = 10.0


@dataclass
class Ack:
    """The app's acknowledgement of one envelope, and how long after sending it came."""

    envelope_id: str
    payload: dict[str, Any] | None
    seconds: float

    @property
    def in_time(self) -> bool:
        """Whether Slack would have taken it (within 3 seconds)."""
        return self.seconds <= ACK_LIMIT_SECONDS


class SocketModeStandIn:
    """Slack's Socket Mode endpoint: WebSocket connections, envelopes out, acks back."""

    def __init__(self, app_token: str = "xapp-1-A0001-test", app_id: str = "A0001") -> None:
        self.app_token = app_token
        self.app_id = app_id
        self._tickets = itertools.count(1)
        self._cond = threading.Condition()
        self._live: list[ServerConnection] = []
        self._connections_made = 0
        self._leaving: set[int] = set()  # connections told to go, dropped or closed
        self._sent_at: dict[str, float] = {}
        self._acks: dict[str, list[Ack]] = {}
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> SocketModeStandIn:
        """Listen on 127.0.0.1 (a free port) in a daemon thread."""
        self._server = serve(self._session, "127.0.0.1", 0, ping_interval=None, close_timeout=1)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="socket-mode-stand-in", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and stop listening."""
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    @property
    def port(self) -> int:
        """The WebSocket server's port."""
        if self._server is None:
            raise RuntimeError("SocketModeStandIn is not started")
        return int(self._server.socket.getsockname()[1])

    # -- apps.connections.open -------------------------------------------------------

    def open_url(self, token: str | None) -> dict[str, Any]:
        """Answer apps.connections.open: a fresh ws:// URL for the app-level token only."""
        if not token:
            raise SlackError("not_authed")
        if token.startswith("xoxb-"):
            raise SlackError("not_allowed_token_type")
        if token != self.app_token:
            raise SlackError("invalid_auth")
        ticket = next(self._tickets)
        return {"url": f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"}

    # -- connections -------------------------------------------------------------------

    @property
    def connections_made(self) -> int:
        """How many WebSocket connections the app has opened so far."""
        with self._cond:
            return self._connections_made

    @property
    def live_connections(self) -> int:
        """How many connections are open now."""
        with self._cond:
            return len(self._live)

    def wait_for_connection(self, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until the app has opened `count` connections in all and one is live."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._connections_made < count or not self._live:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"the app opened {self._connections_made} of {count} connections "
                        f"({len(self._live)} live) within {timeout:.0f} s"
                    )
                self._cond.wait(left)

    def _session(self, connection: ServerConnection) -> None:
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": len(self._live) + 1,
                    "debug_info": {"host": "applink-offline", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": self.app_id},
                }
            )
        )
        with self._cond:
            self._live.append(connection)
            self._connections_made += 1
            self._cond.notify_all()
        try:
            for message in connection:
                self._take_ack(message)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                if connection in self._live:
                    self._live.remove(connection)
                self._cond.notify_all()

    def _take_ack(self, message: str | bytes) -> None:
        try:
            ack = json.loads(message)
        except json.JSONDecodeError:
            return
        envelope_id = ack.get("envelope_id") if isinstance(ack, dict) else None
        if not isinstance(envelope_id, str):
            return
        with self._cond:
            sent = self._sent_at.get(envelope_id, time.monotonic())
            self._acks.setdefault(envelope_id, []).append(
                Ack(envelope_id, ack.get("payload"), time.monotonic() - sent)
            )
            self._cond.notify_all()

    def _newest(self) -> ServerConnection:
        with self._cond:
            if not self._live:
                raise AssertionError("no Socket Mode connection is open")
            return self._live[-1]

    def _usable(self, timeout: float) -> ServerConnection:
        """The newest connection Slack has not asked the app to leave, waiting for one."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                usable = [c for c in self._live if id(c) not in self._leaving]
                if usable:
                    return usable[-1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no Socket Mode connection within {timeout:.0f} s")
                self._cond.wait(left)

    def _leave(self, connection: ServerConnection) -> None:
        with self._cond:
            self._leaving.add(id(connection))

    # -- what Slack does to a connection ---------------------------------------------------

    def refresh(self) -> None:
        """Send `disconnect` (refresh_requested) on the newest connection, and close it once
        the app has opened a new one (or after Slack's ten seconds)."""
        old = self._newest()
        self._leave(old)
        made = self.connections_made
        old.send(
            json.dumps(
                {
                    "type": "disconnect",
                    "reason": "refresh_requested",
                    "debug_info": {"host": "applink-offline"},
                }
            )
        )

        def close_when_replaced() -> None:
            deadline = time.monotonic() + REFRESH_CLOSE_SECONDS
            with self._cond:
                while self._connections_made <= made and time.monotonic() < deadline:
                    self._cond.wait(deadline - time.monotonic())
            old.close()

        threading.Thread(target=close_when_replaced, daemon=True).start()

    def drop(self) -> None:
        """Cut the newest connection abruptly, as a network failure does: no close frame."""
        connection = self._newest()
        self._leave(connection)
        with contextlib.suppress(OSError):  # already gone is as good as cut
            connection.socket.shutdown(socket.SHUT_RDWR)
        connection.socket.close()

    def close_cleanly(self) -> None:
        """Close the newest connection with a close frame (1001, going away)."""
        connection = self._newest()
        self._leave(connection)
        connection.close(code=1001, reason="going away")

    # -- envelopes -----------------------------------------------------------------------

    def send(
        self,
        kind: str,
        payload: dict[str, Any],
        envelope_id: str | None = None,
        retry_attempt: int = 0,
        wait: float = 10.0,
    ) -> str:
        """Deliver one envelope; returns its envelope id.

        Like Slack, the 3 seconds for the ack start now, even when no connection is open yet:
        the envelope waits (up to `wait` seconds) for the app to be connected again."""
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        if kind == "events_api":
            envelope |= {"retry_attempt": retry_attempt, "retry_reason": ""}
        with self._cond:
            self._sent_at[envelope_id] = time.monotonic()
        self._usable(timeout=wait).send(json.dumps(envelope))
        return envelope_id

    def command(
        self, origin: Origin, text: str, response_url: str, trigger_id: str, command: str
    ) -> str:
        """Deliver a slash command as Socket Mode does (its form fields as the payload)."""
        return self.send(
            "slash_commands", slash_command_form(origin, command, text, response_url, trigger_id)
        )

    def event(self, origin: Origin, bot_user_id: str, event: dict[str, Any], event_id: str) -> str:
        """Deliver an Events API event in its event_callback envelope."""
        return self.send("events_api", event_envelope(origin, bot_user_id, event, event_id))

    def wait_for_ack(self, envelope_id: str, count: int = 1, timeout: float = 10.0) -> Ack:
        """Wait for the `count`-th ack of this envelope; returns it."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._acks.get(envelope_id, [])) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"envelope {envelope_id} was not acked in {timeout:.0f} s")
                self._cond.wait(left)
            return self._acks[envelope_id][count - 1]
