"""Wiring: a Bolt app whose Web API client honours SLACK_API_URL and retries rate limits and faults."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot import listeners
from bot.jobs.checkins import WorkspaceCheckIns
from bot.oauth import oauth_settings
from bot.services.container import Services
from bot.settings import Settings
from bot.slack_retries import retry_handlers

log = logging.getLogger(__name__)


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client on SLACK_API_URL that retries 429 (honouring Retry-After), 5xx and resets."""
    return WebClient(
        token=token or settings.secret("slack_bot_token"),
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=retry_handlers(),
    )


def create_app(settings: Settings, services: Services) -> App:
    """The Bolt app with every listener registered."""
    app = App(
        client=web_client(settings),
        # Many-workspace mode when SLACK_CLIENT_ID/SECRET are set: tokens come per workspace.
        oauth_settings=oauth_settings(settings, services.database.engine),
        signing_secret=settings.secret("slack_signing_secret") or "",
        # Socket Mode connections are authenticated by the app token instead of signatures.
        request_verification_enabled=not settings.socket_mode,
        # Acks run in the request thread and return at once; slow work runs as lazy listeners
        # on a pool sized for the workload (Bolt's default of 5 workers would queue acks).
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(
            max_workers=settings.unburden_workers, thread_name_prefix="unburden-work"
        ),
    )

    @app.error
    def on_unhandled(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        # The body may hold what a member typed about a patient: log only where it came from.
        log.error(
            "unhandled error in a %s listener (team %s)",
            body.get("type") or body.get("command") or "?",
            body.get("team_id") or (body.get("team") or {}).get("id"),
            exc_info=error,
        )
        return None

    listeners.register(app, services)
    # Check-ins reach owners with their own workspace's token (the jobs that send them run
    # only in `serve`; tests and the demo call them directly).
    services.pilots.reminders.attach(WorkspaceCheckIns(services.clients))
    return app
