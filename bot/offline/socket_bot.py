"""Run the real bot in-process over Socket Mode, against the Socket Mode stand-in."""

from __future__ import annotations

import threading
from types import TracebackType

from waitress.server import create_server

from bot.app import create_app
from bot.edge.socket_mode import BotSocketModeHandler, SocketWatch
from bot.offline.runner import close_channels
from bot.server import connect_socket_mode, create_web_app
from bot.services.container import Services, build_services
from bot.settings import Settings


class SocketModeBot:
    """The bot as `serve` runs it with SLACK_APP_TOKEN: a socket out to Slack, /healthz on a
    free local port. `watch` can be given a clock so a test can step past the 30 seconds."""

    def __init__(self, settings: Settings, watch: SocketWatch | None = None) -> None:
        if not settings.socket_mode:
            raise ValueError("SocketModeBot needs settings with slack_app_token")
        self.settings = settings
        self.watch = watch or SocketWatch()
        self.services: Services = build_services(settings)
        self.app = create_app(settings, self.services)
        self._health = create_server(
            create_web_app(None, self.services, socket=self.watch), host="127.0.0.1", port=0
        )
        self._thread = threading.Thread(target=self._health.run, name="healthz", daemon=True)
        self.handler: BotSocketModeHandler | None = None

    @property
    def url(self) -> str:
        """Base URL of /healthz, without a trailing slash."""
        return f"http://127.0.0.1:{self._health.effective_port}"  # type: ignore[union-attr]

    def start(self) -> SocketModeBot:
        """Serve /healthz and connect to Slack (raises SocketModeRefused when refused)."""
        self._thread.start()
        self.handler = connect_socket_mode(self.app, self.services, self.settings, self.watch)
        return self

    def stop(self) -> None:
        """Close the socket, stop serving and release the stores."""
        if self.handler is not None:
            self.handler.close()
        server = self._health
        if self._thread.is_alive():
            server.trigger.pull_trigger(lambda: close_channels(server))  # type: ignore[union-attr]
            self._thread.join(timeout=5)
        else:
            server.close()
        self.services.close()

    def __enter__(self) -> SocketModeBot:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
