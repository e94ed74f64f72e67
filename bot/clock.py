"""One place that says what time it is, so tests can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()
