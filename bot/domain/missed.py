"""Missed opportunities (Runnels & Pronovost 2025): high-value work a group does not do today
because of its burden, kept beside the burden that crowds it out where one fits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.domain.models import Model

MISSED_MAX_CHARS = 300


class MissedOpportunity(Model):
    """One missed opportunity of a group, as stored."""

    id: int
    team_id: str
    group_id: int
    burden_id: int | None = None
    text: str
    recorded_by: str
    created_at: datetime


class MissedListing(Model):
    """A missed opportunity as leaders read it: where, in which setting, and its burden."""

    setting: str
    channel_id: str
    text: str
    burden_title: str | None = None
    created_at: datetime


def by_setting(listings: Iterable[MissedListing]) -> list[tuple[str, list[MissedListing]]]:
    """Listings grouped by clinical setting (settings alphabetically, newest first in each)."""
    grouped: dict[str, list[MissedListing]] = {}
    for listing in listings:
        grouped.setdefault(listing.setting.strip().lower(), []).append(listing)
    return [
        (setting, sorted(items, key=lambda m: m.created_at, reverse=True))
        for setting, items in sorted(grouped.items())
    ]
