"""Wiring: a Bolt app whose Web API client honours SLACK_API_URL and retries rate limits and faults."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import listeners
from bot.jobs.checkins import WorkspaceCheckIns
from bot.oauth import oauth_settings
from bot.services.container import Services
from bot.settings import Settings
from bot.slack.work_pool import WorkPool
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


# Waits between start-up attempts to reach Slack, in seconds; the last repeats.
SLACK_START_WAITS = (2, 4, 8, 15, 30, 60)


def wait_for_slack(settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
    """Block until Slack's Web API answers `auth.test` for the bot token, retrying when it can't
    be reached (network down at start, Slack outage) with a log line per try.

    A token Slack refuses (`invalid_auth`, ...) is not retried: SlackApiError is raised. With no
    bot token (many-workspace OAuth mode) there is nothing to check. Bolt calls `auth.test` when
    the app is built and exits on failure, so `serve` calls this first.
    """
    if not settings.secret("slack_bot_token"):
        return
    client = web_client(settings)
    attempt = 0
    while True:
        try:
            client.auth_test()
        except SlackApiError as error:
            status = error.response.status_code if error.response is not None else 0
            if status < 500:
                raise
            reason = f"HTTP {status}"
        except OSError as error:  # refused, reset, DNS, timeout (urllib's URLError too)
            reason = type(error).__name__
        else:
            if attempt:
                log.info("Slack reachable at %s after %d retries", settings.slack_api_url, attempt)
            return
        wait = SLACK_START_WAITS[min(attempt, len(SLACK_START_WAITS) - 1)]
        attempt += 1
        log.warning(
            "Slack not reachable at %s (%s); serve retries in %d s (attempt %d)",
            settings.slack_api_url,
            reason,
            wait,
            attempt,
        )
        sleep(wait)


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
        # (`WorkPool`: handing work over must not make the ack wait, see bot/slack/work_pool.py).
        listener_executor=WorkPool(settings.unburden_workers, thread_name_prefix="unburden-work"),
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
