"""Chroma `where` filters built from a list of conditions."""

from __future__ import annotations

from typing import Any


def where(conditions: list[dict[str, Any]]) -> dict[str, Any]:
    """One condition as is, several joined by `$and` (Chroma refuses `$and` with fewer than two)."""
    if not conditions:
        raise ValueError("a Chroma filter needs at least one condition")
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}
