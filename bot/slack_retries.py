"""slack_sdk's retry handlers, each logging the retry it makes, so rate limits show in the logs."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

log = logging.getLogger(__name__)


class LoggedRateLimitRetry(RateLimitErrorRetryHandler):
    """Retries a 429 after its Retry-After, and says so."""

    def prepare_for_next_attempt(self, **kwargs: Any) -> None:
        """Log the retry, then wait as Slack asked."""
        response = kwargs.get("response")
        retry_after = response.headers.get("retry-after") if response is not None else None
        log.warning("Slack rate-limited %s; retrying after %s s", _path(kwargs), retry_after)
        super().prepare_for_next_attempt(**kwargs)


class LoggedServerErrorRetry(ServerErrorRetryHandler):
    """Retries a 5xx from Slack, and says so."""

    def prepare_for_next_attempt(self, **kwargs: Any) -> None:
        """Log the retry, then back off."""
        log.warning("Slack answered a server error to %s; retrying", _path(kwargs))
        super().prepare_for_next_attempt(**kwargs)


class LoggedConnectionRetry(ConnectionErrorRetryHandler):
    """Retries a reset connection to Slack, and says so."""

    def prepare_for_next_attempt(self, **kwargs: Any) -> None:
        """Log the retry, then back off."""
        log.warning("connection to Slack failed for %s; retrying", _path(kwargs))
        super().prepare_for_next_attempt(**kwargs)


def retry_handlers() -> list[RetryHandler]:
    """The handlers every Web API client of the bot uses."""
    return [
        LoggedRateLimitRetry(max_retry_count=3),
        LoggedServerErrorRetry(max_retry_count=2),
        LoggedConnectionRetry(max_retry_count=2),
    ]


def _path(kwargs: dict[str, Any]) -> str:
    """The API method of a request, never its body (it may hold what a member typed)."""
    request = kwargs.get("request")
    url = getattr(request, "url", "") or ""
    return url.rsplit("/", 1)[-1] or "a Slack API call"
