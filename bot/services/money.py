"""Reading the editable role rates (knowledge/roles.yaml) that turn hours into money."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.domain.money import RoleRates
from bot.knowledge import DEFAULT_DIRECTORY

ROLES_FILE = "roles.yaml"


def load_role_rates(directory: Path | None = None) -> RoleRates:
    """The role rates of the knowledge folder; raises pydantic's ValidationError when the file
    has a missing field, a rate at or under zero, or a default role it does not list."""
    path = (directory or DEFAULT_DIRECTORY) / ROLES_FILE
    return RoleRates.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
