"""Run the real bot in-process on a free local port, for the offline demo, tests and benchmarks."""

from __future__ import annotations

import contextlib
import threading
from types import TracebackType
from typing import Any

from waitress import wasyncore
from waitress.server import create_server

from bot.app import create_app
from bot.server import create_web_app
from bot.services.container import Services, build_services
from bot.settings import Settings


def close_channels(server: Any) -> None:
    """Close the listening socket and every open connection, so waitress's loop ends."""
    wasyncore.close_all(server._map)


class LocalBot:
    """The bot served by waitress on 127.0.0.1 (a free port), exactly as `serve` runs it."""

    def __init__(self, settings: Settings, threads: int = 8) -> None:
        self.settings = settings
        self.services: Services = build_services(settings)
        self.app = create_app(settings, self.services)
        self._server = create_server(
            create_web_app(self.app, self.services), host="127.0.0.1", port=0, threads=threads
        )
        self._thread = threading.Thread(target=self._server.run, name="local-bot", daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the running bot, without a trailing slash."""
        return f"http://127.0.0.1:{self._server.effective_port}"  # type: ignore[union-attr]

    def start(self) -> LocalBot:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the stores."""
        server = self._server
        if self._thread.is_alive():
            # Close from inside waitress's own loop: closing its sockets from this thread while
            # the loop is in select() makes the loop fail with a bad file descriptor.
            # A trigger the loop already closed on its way out leaves nothing to wake.
            with contextlib.suppress(OSError):
                server.trigger.pull_trigger(lambda: close_channels(server))  # type: ignore[union-attr]
            self._thread.join(timeout=5)
        else:
            server.close()
        server.task_dispatcher.shutdown(timeout=5)  # type: ignore[union-attr]
        self.services.close()

    def __enter__(self) -> LocalBot:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
