"""Global middleware: a retried event (X-Slack-Retry-Num) is acked and not processed twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.services.container import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    """Install the middleware on the app."""

    @app.middleware
    def drop_duplicate_events(req: BoltRequest, resp: BoltResponse, next: Callable[[], Any]) -> Any:  # noqa: A002 - Bolt's name
        """Events carry an event_id; the first delivery wins, retries and other replicas ack and drop."""
        body = req.body or {}
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not services.events.first_time(str(body.get("team_id", "")), str(event_id)):
            log.info(
                "dropped duplicate event %s (retry %s)",
                event_id,
                req.headers.get("x-slack-retry-num"),
            )
            return BoltResponse(status=200, body="")
        return next()
